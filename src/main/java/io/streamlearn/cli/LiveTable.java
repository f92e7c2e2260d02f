package io.streamlearn.cli;

import java.io.PrintStream;

/**
 * A table drawn again and again (the demo's, about once a second). On a terminal each drawing
 * replaces the last in place: the cursor goes back up over it ({@code CR}, {@code CSI n A}) and
 * erases to the end of the screen ({@code CSI J}) before the new one is written. Elsewhere (a pipe,
 * a file) each drawing is plain lines below the last and a blank line, with no escape sequence.
 */
final class LiveTable {

    private static final String ESC = "\u001b[";

    private final PrintStream out;
    private final boolean inPlace;
    /** Lines of the drawing on screen; 0 before the first and after {@link #erase}. */
    private long shown;

    LiveTable(PrintStream out, boolean inPlace) {
        this.out = out;
        this.inPlace = inPlace;
    }

    /**
     * Drawn in place when standard input and output are a terminal ({@link System#console()}: not
     * when either is redirected) that understands cursor moves ({@code TERM} is not {@code dumb}).
     */
    static LiveTable onStandardOutput(PrintStream out) {
        return new LiveTable(out, System.console() != null && !"dumb".equals(System.getenv("TERM")));
    }

    /** Shows {@code table} (whole lines, each ending with a line separator) in place of the last drawing. */
    void show(String table) {
        if (shown > 0) {
            erase();
        } else {
            out.println();
        }
        out.print(table);
        out.flush();
        shown = inPlace ? table.lines().count() : 0;
    }

    /** On a terminal, removes the drawing on screen (what follows is written where it began); else nothing. */
    void erase() {
        if (shown > 0) {
            out.print("\r" + ESC + shown + "A" + ESC + "J");
            out.flush();
            shown = 0;
        }
    }
}
