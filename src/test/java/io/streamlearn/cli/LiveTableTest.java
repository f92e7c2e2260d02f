package io.streamlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The demo's table: redrawn in place on a terminal, plain lines elsewhere. */
class LiveTableTest {

    private static final String N = System.lineSeparator();
    private static final String FIRST = "pipeline demo   predictions 1" + N + "learner updates" + N + "ridge 1" + N;
    private static final String SECOND = "pipeline demo   predictions 2" + N + "learner updates" + N + "ridge 2" + N;

    private static String drawn(boolean inPlace) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            LiveTable table = new LiveTable(out, inPlace);
            table.show(FIRST);
            table.show(SECOND);
            table.erase();
            out.print("final:" + N);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void onATerminalEachDrawingReplacesTheLast() {
        // up the 3 lines of the last drawing, erase to the end of the screen, draw; at the end, erase it
        assertThat(drawn(true)).isEqualTo(N + FIRST + "\r\u001b[3A\u001b[J" + SECOND + "\r\u001b[3A\u001b[J" + "final:" + N);
    }

    @Test
    void elsewhereEachDrawingIsPlainLinesBelowTheLast() {
        assertThat(drawn(false)).isEqualTo(N + FIRST + N + SECOND + "final:" + N).doesNotContain("\u001b");
    }
}
