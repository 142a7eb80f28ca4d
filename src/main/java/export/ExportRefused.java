package export;

/**
 * An export that cannot be made, with the exit code the CLI answers: {@link #NO_DATA} (2, like a backtest window
 * without bars) when the range holds no stored data or the request names nothing exportable, {@link #INCONSISTENT}
 * (3) when a source month kept changing under the reader or does not match offsets.json. Nothing is written then.
 */
public final class ExportRefused extends RuntimeException {
    public static final int NO_DATA = 2;
    public static final int INCONSISTENT = 3;
    private final int exitCode;

    public ExportRefused(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
