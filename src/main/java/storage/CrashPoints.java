package storage;

import java.io.IOException;

/**
 * Fault injection for crash-safety tests: when the configured point is reached the JVM halts at once,
 * exactly as {@code kill -9} would stop it there; {@code fail:<point>} throws an I/O error there instead (a full
 * disk, read-only metadata). {@link #NONE} in production.
 */
public record CrashPoints(String haltAt) {
    public static final CrashPoints NONE = new CrashPoints(null);
    /** Every point {@link #reach} is called with (store commits and standing feature files). */
    public static final java.util.List<String> POINTS = java.util.List.of("before-pending", "after-pending",
            "after-month-rename", "after-offsets", "after-feature-temp");
    public static final String FAIL = "fail:";

    public void reach(String point) throws IOException {
        if (point.equals(haltAt)) {
            Runtime.getRuntime().halt(137);
        }
        if (haltAt != null && haltAt.startsWith(FAIL) && haltAt.substring(FAIL.length()).equals(point)) {
            throw new IOException("injected I/O error at " + point + " (app.debug.crash-at=" + haltAt + ")");
        }
    }
}
