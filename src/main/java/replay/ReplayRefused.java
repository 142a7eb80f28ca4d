package replay;

/**
 * A replay that cannot start, with the CLI's exit code: {@link #BAD_INPUT} (3, input refused) for a run bundle that is
 * not a complete, safe run bundle of this program or whose lineage names month files the store does not hold;
 * {@link #BAD_REQUEST} (2) for a bundle that does not exist. Nothing is written then.
 */
public final class ReplayRefused extends RuntimeException {
    public static final int BAD_REQUEST = 2;
    public static final int BAD_INPUT = 3;
    private final int exitCode;

    public ReplayRefused(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
