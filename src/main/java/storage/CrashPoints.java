package storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Fault injection for crash-safety tests ({@code app.debug.crash-at}); {@link #NONE} in production. At the configured
 * point:
 * <ul>
 *   <li>{@code <point>}: the JVM halts at once, exactly as {@code kill -9} would stop it there;</li>
 *   <li>{@code fail:<point>}: an I/O error is thrown there instead (a full disk, read-only metadata);</li>
 *   <li>{@code pause:<point>:<marker file>}: the thread writes the marker file (this process's id) and waits there,
 *       holding whatever it holds (the store's lock at a commit step), until the file is deleted; then it goes on.
 *       So a test in another process can stop this one at the step itself with a real {@code kill -9}, or make a
 *       second process meet the held lock for certain instead of by luck of timing.</li>
 * </ul>
 */
public record CrashPoints(String haltAt) {
    public static final CrashPoints NONE = new CrashPoints(null);
    /**
     * Every point {@link #reach} is called with: store commits, standing feature files, and {@code features sample}
     * between computing its frame and recomputing the sampled values (a test pauses there to change the store).
     */
    public static final List<String> POINTS = List.of("before-pending", "after-pending",
            "after-month-rename", "after-offsets", "after-feature-temp", "after-sample-frame");
    public static final String FAIL = "fail:";
    public static final String PAUSE = "pause:";
    private static final long PAUSE_POLL_MS = 10;

    public void reach(String point) throws IOException {
        if (haltAt == null) {
            return;
        }
        if (point.equals(haltAt)) {
            Runtime.getRuntime().halt(137);
        }
        if (haltAt.startsWith(FAIL) && haltAt.substring(FAIL.length()).equals(point)) {
            throw new IOException("injected I/O error at " + point + " (app.debug.crash-at=" + haltAt + ")");
        }
        if (haltAt.startsWith(PAUSE) && point.equals(step(haltAt))) {
            pause(Path.of(pauseMarker(haltAt)));
        }
    }

    /**
     * The commit step a {@code app.debug.crash-at} value names ({@code after-pending}, {@code fail:after-pending},
     * {@code pause:after-pending:/tmp/marker}), or null when the value has no known form. For the settings check.
     */
    public static String step(String value) {
        if (value.startsWith(FAIL)) {
            return value.substring(FAIL.length());
        }
        if (value.startsWith(PAUSE)) {
            int colon = value.indexOf(':', PAUSE.length());
            return colon < 0 ? null : value.substring(PAUSE.length(), colon);
        }
        return value;
    }

    /** The marker file of a {@code pause:<point>:<file>} value; null when the value is not one or names no file. */
    public static String pauseMarker(String value) {
        if (!value.startsWith(PAUSE)) {
            return null;
        }
        int colon = value.indexOf(':', PAUSE.length());
        if (colon < 0 || colon == value.length() - 1) {
            return null;
        }
        try {
            return Path.of(value.substring(colon + 1)).toString();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static void pause(Path marker) throws IOException {
        Path tmp = marker.resolveSibling(marker.getFileName() + AtomicFiles.TMP_MARKER);
        Files.writeString(tmp, Long.toString(ProcessHandle.current().pid()), StandardCharsets.US_ASCII);
        Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE); // whole when a watcher sees it
        try {
            while (Files.exists(marker)) {
                Thread.sleep(PAUSE_POLL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("paused at a crash point and interrupted");
        }
    }
}
