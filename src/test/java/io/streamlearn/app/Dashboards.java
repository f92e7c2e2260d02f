package io.streamlearn.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The Grafana dashboards of grafana/dashboards and the PromQL queries of their panels. */
final class Dashboards {

    static final Path DIR = Path.of("grafana", "dashboards");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every series the application exposes starts with one of these prefixes. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:streamlearn|kafka|jvm|process|system)_[a-zA-Z0-9_]+)");
    private static final Pattern SERIES_NAME = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

    /** One panel query. */
    record Query(String dashboard, String panel, String expr) {

        /** The query with the dashboard's variables filled in as Grafana would. */
        String filled(String pipeline, String learner, String rateInterval) {
            return expr.replace("$__rate_interval", rateInterval).replace("$pipeline", pipeline).replace("$learner", learner);
        }

        Set<String> metrics() {
            Set<String> names = new TreeSet<>();
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }
    }

    private Dashboards() {}

    static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    static JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    static List<Query> queries() throws IOException {
        List<Query> queries = new ArrayList<>();
        for (Path file : files()) {
            for (JsonNode panel : read(file).get("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    queries.add(new Query(file.getFileName().toString(), panel.get("title").asText(), target.get("expr").asText()));
                }
            }
        }
        return queries;
    }

    /** The series names of a Prometheus text scrape. */
    static Set<String> seriesNames(String scrape) {
        Set<String> names = new TreeSet<>();
        Matcher m = SERIES_NAME.matcher(scrape);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
