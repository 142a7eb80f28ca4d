package cli;

import backfill.BackfillProgress;
import backfill.FileResult;
import java.io.PrintStream;

/**
 * Backfill progress for the CLI: one self-overwriting status line on a terminal (files done/total, bytes,
 * rate, current file), plain lines otherwise (logs, pipes, CI).
 */
final class ProgressPrinter implements BackfillProgress {
    private final PrintStream out;
    private final boolean terminal;
    private int width;

    ProgressPrinter(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** True when standard output is an interactive terminal (JDK 22+ can tell; on 21 a console means one). */
    static boolean stdoutIsTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    @Override
    public void started(String file, int done, int planned) {
        if (terminal) {
            status(String.format("[%d/%d] %s ...", done, planned, file));
        }
    }

    @Override
    public void finished(FileResult result, int done, int planned, long totalBytes, double bytesPerSecond) {
        if (terminal) {
            if (result.problem() || result.status() == FileResult.Status.INGESTED) {
                clear();
                out.println(result.line());
            }
            status(String.format("[%d/%d] %.1f MB, %.1f MB/s, last %s", done, planned, totalBytes / 1e6,
                    bytesPerSecond / 1e6, result.file()));
        } else {
            out.printf("[%d/%d] %s (%.1f MB so far, %.1f MB/s)%n", done, planned, result.line(), totalBytes / 1e6,
                    bytesPerSecond / 1e6);
        }
    }

    /** Ends the status line (terminal only). */
    void close() {
        if (terminal) {
            clear();
        }
    }

    private void status(String text) {
        clear();
        out.print(text);
        out.flush();
        width = text.length();
    }

    private void clear() {
        if (width > 0) {
            out.print("\r" + " ".repeat(width) + "\r");
            width = 0;
        }
    }
}
