import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where streamlearn's stream thread spends its samples in a JFR recording of {@code bench --scope key}
 * (bench/results/keys-2026-12-08.md): {@code java bench/tools/JfrStreamThread.java FILE.jfr}. Counts
 * Java (jdk.ExecutionSample) and native (jdk.NativeMethodSample) samples of threads whose name holds
 * "streamlearn" and "StreamThread", inclusive by a few stages, self by top frame; GC pause time.
 */
public final class JfrStreamThread {

    /** Stage: a substring of "Class.method" anywhere in the stack; the first stage that matches wins. */
    private static final List<String[]> STAGES = List.of(
            new String[] {"aggregate (KeyedStates.aggregate)", "KeyedStates.aggregate"},
            new String[] {"commit: state written (saveChanges)", "saveChanges"},
            new String[] {"commit: other (flush, transaction)", "TaskExecutor.commit", "TaskManager.commit",
                "StreamTask.prepareCommit", "StreamTask.postCommit", "commitTransaction", "sendOffsetsToTransaction"},
            new String[] {"key's state loaded (stateFor)", "KeyedStates.stateFor"},
            new String[] {"learning (LearningPipeline.process)", "LearningPipeline.process"},
            new String[] {"record read, prediction written", "RecordReader.read", "PredictionJson.write"},
            new String[] {"consumer poll", "pollPhase", "KafkaConsumer.poll", "ClassicKafkaConsumer.poll"},
            new String[] {"producer send", "RecordCollectorImpl.send"});

    public static void main(String[] args) throws Exception {
        Map<String, Integer> stages = new HashMap<>();
        Map<String, Integer> top = new HashMap<>();
        int total = 0;
        Duration gc = Duration.ZERO;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.GarbageCollection")) {
                gc = gc.plus(e.getDuration());
                continue;
            }
            if (!type.equals("jdk.ExecutionSample") && !type.equals("jdk.NativeMethodSample")) {
                continue;
            }
            var thread = e.getThread("sampledThread");
            String name = thread == null ? "" : thread.getJavaName();
            if (name == null || !name.contains("streamlearn") || !name.contains("StreamThread") || e.getStackTrace() == null) {
                continue;
            }
            total++;
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            String stage = "other";
            outer:
            for (String[] s : STAGES) {
                for (RecordedFrame f : frames) {
                    String m = f.getMethod().getType().getName() + "." + f.getMethod().getName();
                    for (int i = 1; i < s.length; i++) {
                        if (m.contains(s[i])) {
                            stage = s[0];
                            break outer;
                        }
                    }
                }
            }
            stages.merge(stage + (type.equals("jdk.NativeMethodSample") ? " [native]" : ""), 1, Integer::sum);
            if (!frames.isEmpty()) {
                RecordedFrame f = frames.get(0);
                top.merge(f.getMethod().getType().getName() + "." + f.getMethod().getName(), 1, Integer::sum);
            }
        }
        System.out.printf("stream thread samples: %d; GC pauses in the recording: %.1f s%n", total, gc.toMillis() / 1e3);
        final int all = total;
        stages.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(s -> System.out.printf("  %5.1f%%  %s%n", 100.0 * s.getValue() / all, s.getKey()));
        System.out.println("top frames:");
        top.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(15)
                .forEach(s -> System.out.printf("  %5.1f%%  %s%n", 100.0 * s.getValue() / all, s.getKey()));
    }
}
