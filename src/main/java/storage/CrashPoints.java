package storage;

/**
 * Fault injection for crash-safety tests: when the configured point is reached the JVM halts at once,
 * exactly as {@code kill -9} would stop it there. {@link #NONE} in production.
 */
public record CrashPoints(String haltAt) {
    public static final CrashPoints NONE = new CrashPoints(null);

    public void reach(String point) {
        if (point.equals(haltAt)) {
            Runtime.getRuntime().halt(137);
        }
    }
}
