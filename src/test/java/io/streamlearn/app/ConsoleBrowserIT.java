package io.streamlearn.app;

import io.streamlearn.testing.StreamlearnJar;
import io.streamlearn.testing.KafkaTestSupport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import io.streamlearn.feed.FeedProducer;
import io.streamlearn.feed.Feeder;
import io.streamlearn.feed.RecordFeed;
import io.streamlearn.feed.RecordSource;
import io.streamlearn.feed.dataset.Datasets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser: {@code java -jar target/streamlearn.jar demo --feed none} as a
 * process, fed friedman1 by this test once the page has shown its empty state, Debian's headless
 * Chromium driven through its chromedriver by Selenium (the driver and browser given by path, so
 * Selenium Manager never looks for or downloads one). Before any record, the train, holdout and gap
 * charts say they fill after the spec's {@code evaluation.every} labeled records. Then the page loads
 * with no console error, every chart draws points, the holdout loss it shows for each learner is a
 * value {@code /metrics} served within the last snapshot interval, every legend shows its lines'
 * current values without a hover, every term has a one-line tooltip, the "recent" panel shows the
 * last 20 predictions and the dead letters as the output and dead-letter topics hold them, the spec
 * panel shows the topics and the spec file, and the demo printed the console's URL.
 * Takes a screenshot to {@code target/console.png} (and of the recent panel, below the fold, to
 * {@code target/console-recent.png}), and to the path in the system property
 * {@code streamlearn.console.screenshot} when set (the README's picture: {@code docs/console.png}).
 *
 * <p>Skipped, with the reason, where {@code /usr/bin/chromium} or {@code /usr/bin/chromedriver} is
 * missing ({@code apt-get install chromium chromium-driver}; {@code .ci/run} installs both).
 */
class ConsoleBrowserIT {

    private static final Path CHROMIUM = Path.of(System.getProperty("streamlearn.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER =
            Path.of(System.getProperty("streamlearn.chromedriver", "/usr/bin/chromedriver"));
    private static final List<String> LEARNERS = List.of("ridge", "lasso", "elasticnet", "mlp");
    private static final List<String> CHARTS = List.of("prequential", "train", "holdout", "gap", "nonzero",
            "gradientNorm", "clipRate", "rate", "deadLetters");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void theConsoleOfARunningDemoDrawsLiveChartsThatAgreeWithMetrics() throws Exception {
        String missing = !Files.isExecutable(CHROMIUM) ? CHROMIUM.toString()
                : !Files.isExecutable(CHROMEDRIVER) ? CHROMEDRIVER.toString() : null;
        if (missing != null) {
            String reason = "skipped: no browser for the console test (" + missing + " is missing;"
                    + " apt-get install chromium chromium-driver)";
            System.err.println("ConsoleBrowserIT " + reason);
            assumeTrue(false, reason);
        }
        int port = freePort();
        Path log = tmp.resolve("demo.log");
        Process demo = new ProcessBuilder(StreamlearnJar.command("512m",
                "demo", "--http-port", Integer.toString(port), "--feed", "none"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ChromeDriver browser = null;
        AtomicBoolean stopFeed = new AtomicBoolean();
        Thread feed = null;
        try {
            String base = "http://localhost:" + port + "/";
            KafkaTestSupport.await(() -> read(log).contains("ready in"), Duration.ofSeconds(120), "the demo ready");
            // the console's URL is the first thing the demo says once it is ready
            List<String> lines = read(log).lines().filter(l -> !l.isBlank()).toList();
            int url = lines.indexOf("open " + base);
            assertThat(url).as(read(log)).isGreaterThanOrEqualTo(0);
            assertThat(lines.get(url + 1)).startsWith("HTTP on port " + port);
            assertThat(lines.subList(0, url)).allSatisfy(l -> assertThat(l).doesNotStartWith("HTTP on port"));
            String bootstrap = broker(read(log));

            // before any record: the loss charts say why they are empty
            browser = startBrowser();
            browser.get(base);
            JavascriptExecutor js = browser;
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(d ->
                    d.findElement(By.cssSelector("#status")).getText().startsWith("live"));
            for (String chart : List.of("train", "holdout", "gap")) {
                WebElement empty = browser.findElement(By.cssSelector("#pipeline-demo [data-chart='" + chart + "'] .empty"));
                assertThat(empty.isDisplayed()).as(chart).isTrue();
                assertThat(empty.getText()).as(chart).startsWith("Fills after 500 labeled records")
                        .contains("every 500 labeled records (evaluation.every)");
            }

            feed = feed(bootstrap, stopFeed);
            deadLetters(bootstrap);
            // a few seconds of history (for the README's picture: most of a minute), every learner's holdout loss measured
            String keep = System.getProperty("streamlearn.console.screenshot");
            int samples = keep != null && !keep.isBlank() ? 45 : 8;
            KafkaTestSupport.await(() -> seriesReady(base, samples), Duration.ofSeconds(90 + samples),
                    "holdout losses in the series");

            new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> everyChartHasPoints(js));
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Number>> points = (Map<String, Map<String, Number>>)
                    js.executeScript("return window.streamlearnConsole.chartPoints();");
            assertThat(points.get("demo").keySet()).containsExactlyInAnyOrderElementsOf(CHARTS);
            assertThat(points.get("demo").values()).allSatisfy(n -> assertThat(n.intValue()).isPositive());

            for (String learner : LEARNERS) {
                holdoutShownIsWhatMetricsServed(browser, base, learner);
            }
            assertThat(browser.findElements(By.cssSelector("#pipeline-demo .chart .empty")))
                    .as("no empty-state note over a chart with points").noneMatch(WebElement::isDisplayed);
            legendsShowCurrentValues(js);
            everyTermHasATooltip(browser);
            recentPanelShowsWhatTheTopicsHold(browser, bootstrap);
            specPanelShowsTheTopicsAndTheSpec(browser);
            // the model panel: the lasso's weights by feature name
            browser.findElement(By.cssSelector("#pipeline-demo .model button[data-learner='lasso']")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(d ->
                    d.findElement(By.cssSelector("#pipeline-demo .model .info")).getText().startsWith("lasso"));
            assertThat(browser.findElement(By.cssSelector("#pipeline-demo .model .info")).getText()).contains("nonzero");
            assertThat(browser.findElements(By.cssSelector("#pipeline-demo .model .plot canvas"))).isNotEmpty();
            // the λ path panel: the demo's lasso, a holdout loss per λ
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                    .executeScript("const p = window.streamlearnConsole.pathPoints();"
                            + "return !!(p.demo && p.demo.lasso === 5);")));
            assertThat(browser.findElement(By.cssSelector("#pipeline-demo [data-chart='lambda-path'] .info[data-learner='lasso']")).getText())
                    .startsWith("lasso: champion ");
            assertThat(browser.findElement(By.cssSelector("#status")).getText()).startsWith("live");

            Thread.sleep(1500); // one more update drawn, the cursor off the charts
            byte[] png = browser.getScreenshotAs(OutputType.BYTES);
            Files.write(Path.of("target", "console.png"), png);
            Files.write(Path.of("target", "console-recent.png"), browser.findElement(
                    By.cssSelector("#pipeline-demo .recent")).getScreenshotAs(OutputType.BYTES));
            if (keep != null && !keep.isBlank()) {
                Files.write(Path.of(keep), png);
            }

            List<String> errors = new ArrayList<>();
            for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
                if (e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    errors.add(e.getLevel() + " " + e.getMessage());
                }
            }
            assertThat(errors).as("the browser's console").isEmpty();
            assertThat((List<?>) js.executeScript("return window.streamlearnConsole.errors;")).isEmpty();
        } finally {
            stopFeed.set(true);
            if (feed != null) {
                feed.join(10_000);
            }
            if (browser != null) {
                browser.quit();
            }
            demo.destroy();
            if (!demo.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
            System.out.println("--- demo output ---");
            System.out.print(read(log));
        }
    }

    private ChromeDriver startBrowser() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--hide-scrollbars", "--window-size=1400,1750",
                "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium-profile")));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /**
     * With the cursor off the charts, each legend shows each line's last value (uPlot shows "--"
     * unless told): the prequential chart's ridge value is the table's, to the legend's 4 digits.
     */
    private static void legendsShowCurrentValues(JavascriptExecutor js) {
        @SuppressWarnings("unchecked")
        Map<String, Object> read = (Map<String, Object>) js.executeScript(
                "const out = {values: {}};"
                + "for (const box of document.querySelectorAll('#pipeline-demo .chart[data-chart]')) {"
                + "  out.values[box.dataset.chart] = [...box.querySelectorAll('.u-legend .u-series')]"
                + "    .map(r => r.querySelector('.u-label').textContent + '=' + r.querySelector('.u-value').textContent); }"
                + "const row = [...document.querySelectorAll('#pipeline-demo [data-chart=prequential] .u-legend .u-series')]"
                + "  .find(r => r.querySelector('.u-label').textContent === 'ridge');"
                + "out.ridge = row.querySelector('.u-value').textContent;"
                + "out.table = document.querySelector(\"td[data-learner='ridge'][data-series='prequential']\").dataset.value;"
                + "return out;");
        @SuppressWarnings("unchecked")
        Map<String, List<String>> values = (Map<String, List<String>>) read.get("values");
        assertThat(values.keySet()).containsAll(CHARTS);
        values.forEach((chart, legend) -> {
            assertThat(legend).as(chart).hasSizeGreaterThan(1);
            assertThat(legend).as(chart).allSatisfy(v -> assertThat(v).doesNotEndWith("=--").doesNotEndWith("=\u2013"));
        });
        assertThat(values.get("prequential")).anySatisfy(v -> assertThat(v).startsWith("ridge="));
        double legend = Double.parseDouble(((String) read.get("ridge")).replace(",", ""));
        double table = Double.parseDouble((String) read.get("table"));
        assertThat(legend).isCloseTo(table, org.assertj.core.data.Offset.offset(5e-4 * Math.abs(table)));
    }

    /** Each term of the table's heads and the charts' titles has a tooltip of one line that says what it measures. */
    private static void everyTermHasATooltip(ChromeDriver browser) {
        Map<String, String> titles = new java.util.HashMap<>();
        for (WebElement term : browser.findElements(By.cssSelector("#pipeline-demo [data-term]"))) {
            String title = term.getAttribute("title");
            assertThat(title).as(term.getText()).isNotBlank().doesNotContain("\n");
            titles.put(term.getAttribute("data-term"), title);
        }
        assertThat(titles.keySet()).containsAll(CHARTS).contains("updates", "lambdaPath");
        for (String column : List.of("updates", "prequential", "train", "holdout", "gap", "nonzero", "gradientNorm")) {
            assertThat(browser.findElements(By.cssSelector("#pipeline-demo table.learners th [data-term='" + column + "']")))
                    .as(column).hasSize(1);
        }
        assertThat(titles.get("prequential")).startsWith("prequential loss: ").contains("squared error", "1,000 training records");
        assertThat(titles.get("train")).startsWith("train loss: ").contains("1,000 recent training records",
                "every 500 labeled records");
        assertThat(titles.get("holdout")).startsWith("holdout loss: ").contains("never trained on", "10%");
        assertThat(titles.get("gap")).startsWith("generalization gap: holdout loss \u2212 train loss");
    }

    /**
     * The "recent" panel: 20 predictions, newest first, each as the output topic holds it (the
     * learners' predictions to 4 digits), and the 3 dead letters with the reason and message of their
     * {@code streamlearn.error} header on the dead-letter topic.
     */
    private static void recentPanelShowsWhatTheTopicsHold(ChromeDriver browser, String bootstrap) throws Exception {
        By predictionRows = By.cssSelector("#pipeline-demo .recent table.predictions tbody tr");
        By deadLetterRows = By.cssSelector("#pipeline-demo .recent table.dead-letters tbody tr");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElements(predictionRows).size() == 20
                && d.findElements(deadLetterRows).size() == 3);
        @SuppressWarnings("unchecked")
        List<List<String>> shown = (List<List<String>>) browser.executeScript(
                "return [...document.querySelectorAll('#pipeline-demo .recent table.predictions tbody tr')]"
                + ".map(r => [...r.children].map(td => td.textContent));");
        @SuppressWarnings("unchecked")
        List<List<String>> letters = (List<List<String>>) browser.executeScript(
                "return [...document.querySelectorAll('#pipeline-demo .recent table.dead-letters tbody tr')]"
                + ".map(r => [r.querySelector('.reason').textContent, r.querySelector('.message').textContent,"
                + " r.querySelector('.value').textContent]);");
        Map<String, JsonNode> outputs = new java.util.HashMap<>();
        List<String> errors = new ArrayList<>();
        List<String> ids = shown.stream().map(r -> r.get(0)).toList();
        assertThat(ids).doesNotHaveDuplicates();
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaTestSupport.committedReader(bootstrap, "console-browser-it")) {
            consumer.subscribe(List.of("demo.predictions", "demo.dlq"));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while ((!outputs.keySet().containsAll(ids) || errors.size() < 3) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals("demo.dlq")) {
                        errors.add(new String(r.headers().lastHeader("streamlearn.error").value(), StandardCharsets.UTF_8)
                                + " | " + new String(r.value(), StandardCharsets.UTF_8));
                    } else {
                        JsonNode o = JSON.readTree(r.value());
                        outputs.put(o.get("id").asText(), o);
                    }
                }
            }
        }
        assertThat(outputs.keySet()).as("the panel's ids on demo.predictions").containsAll(ids);
        for (List<String> row : shown) {
            JsonNode o = outputs.get(row.get(0));
            assertThat(row.get(1)).isEqualTo(o.get("split").asText());
            for (int l = 0; l < LEARNERS.size(); l++) {
                double emitted = o.at("/predictions/" + LEARNERS.get(l)).asDouble();
                assertThat(Double.parseDouble(row.get(3 + l).replace(",", ""))).as(row.toString())
                        .isCloseTo(emitted, org.assertj.core.data.Offset.offset(5e-4 * Math.abs(emitted)));
            }
        }
        assertThat(letters.stream().map(r -> r.get(0) + ": " + r.get(1) + " | " + r.get(2)).toList())
                .containsExactlyInAnyOrderElementsOf(errors);
        assertThat(letters.stream().map(r -> r.get(0)).toList()).contains("not_json", "wrong_dimension");
    }

    /** The spec panel, folded at first: the pipeline's topics and its spec file as written. */
    private static void specPanelShowsTheTopicsAndTheSpec(ChromeDriver browser) throws IOException {
        WebElement details = browser.findElement(By.cssSelector("#pipeline-demo details.spec"));
        assertThat(details.getAttribute("open")).isNull();
        details.findElement(By.tagName("summary")).click();
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(d -> details.getAttribute("open") != null);
        assertThat(details.findElement(By.cssSelector("tr[data-topic='input'] td")).getText()).isEqualTo("demo.features");
        assertThat(details.findElement(By.cssSelector("tr[data-topic='output'] td")).getText()).isEqualTo("demo.predictions");
        assertThat(details.findElement(By.cssSelector("tr[data-topic='deadLetter'] td")).getText()).isEqualTo("demo.dlq");
        assertThat(details.findElement(By.cssSelector("pre.yaml")).getAttribute("textContent"))
                .isEqualTo(Files.readString(Path.of("topologies", "demo.yaml")));
        details.findElement(By.tagName("summary")).click(); // folded again, for the picture
    }

    /** The demo's feed, from this test: friedman1 at 1000 records/s until stopped. */
    private static Thread feed(String bootstrap, AtomicBoolean stop) {
        Thread t = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> producer = FeedProducer.open(bootstrap)) {
                new Feeder(producer, "demo.features", () -> { }).run(new RecordFeed(
                        RecordSource.dataset(Datasets.open("friedman1", 42), Long.MAX_VALUE), RecordFeed.NO_KEY, true,
                        System.err::println), 1000, 0, stop::get);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "console-it-feed");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static boolean everyChartHasPoints(JavascriptExecutor js) {
        Object result = js.executeScript("const p = window.streamlearnConsole && window.streamlearnConsole.chartPoints();"
                + "if (!p || !p.demo) return false;"
                + "return Object.keys(p.demo).length === " + CHARTS.size() + " && Object.values(p.demo).every(n => n > 0);");
        return Boolean.TRUE.equals(result);
    }

    /**
     * The page's holdout loss for the learner (full precision in data-value, 4 decimals shown) is a
     * value that {@code /metrics} served within the last snapshot interval plus one poll: /metrics
     * is read every 200 ms alongside the page, and the page's value must be among the last 2.5 s'.
     */
    private static void holdoutShownIsWhatMetricsServed(ChromeDriver browser, String base, String learner)
            throws Exception {
        String series = "streamlearn_loss{lambda=\"\",learner=\"" + learner + "\",pipeline=\"demo\",split=\"holdout\"}";
        Deque<long[]> served = new ArrayDeque<>(); // {nanoTime, doubleToLongBits(value)}
        By cell = By.cssSelector("td[data-pipeline='demo'][data-learner='" + learner + "'][data-series='holdout']");
        String lastSeen = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            double metric = metric(get(base + "metrics"), series);
            long now = System.nanoTime();
            served.addLast(new long[] {now, Double.doubleToLongBits(metric)});
            while (now - served.peekFirst()[0] > 2_500_000_000L) {
                served.removeFirst();
            }
            // the value and its text in one read: the page may redraw between two
            @SuppressWarnings("unchecked")
            List<String> read = (List<String>) browser.executeScript(
                    "const td = arguments[0]; return [td.dataset.value || '', td.textContent];", browser.findElement(cell));
            String raw = read.get(0);
            lastSeen = raw + " shown as " + read.get(1);
            if (!raw.isEmpty()) {
                double shown = Double.parseDouble(raw);
                for (long[] s : served) {
                    double m = Double.longBitsToDouble(s[1]);
                    if (Math.abs(shown - m) <= 1e-12 * Math.abs(m)) {
                        assertThat(read.get(1)).isEqualTo(String.format(java.util.Locale.ROOT, "%,.4f", shown));
                        return;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the page's holdout loss of " + learner + " (" + lastSeen
                + ") is none of the values /metrics served in the last 2.5 s: " + served.stream()
                .map(s -> Double.toString(Double.longBitsToDouble(s[1]))).toList());
    }

    private static boolean seriesReady(String base, int samples) {
        try {
            JsonNode s = JSON.readTree(get(base + "api/pipelines/demo/series"));
            if (s.get("time").size() < samples) {
                return false;
            }
            for (String learner : LEARNERS) {
                JsonNode holdout = s.at("/learners/" + learner + "/holdout");
                if (holdout.isEmpty() || holdout.get(holdout.size() - 1).isNull()) {
                    return false;
                }
            }
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** A few records the demo dead-letters, so that chart has something to show. */
    private static void deadLetters(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String bad : List.of("not json", "{\"features\": [1, 2]}", "{\"features\": [1, 2, 3]}")) {
                producer.send(new ProducerRecord<>("demo.features", bad.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private static String broker(String log) {
        Matcher m = Pattern.compile("Kafka broker \\(KRaft, in this JVM\\): (\\S+)").matcher(log);
        assertThat(m.find()).as(log).isTrue();
        return m.group(1);
    }

    private static double metric(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1));
            }
        }
        throw new AssertionError("no " + series + " in /metrics");
    }

    private static String get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
