package settings;

/**
 * Start-up time stamps for finding where a command's start-up goes: with {@code -Dkline.startup.trace=true} each
 * {@link #mark} prints one line on stderr, {@code startup-trace <ms since the JVM started> ms  cpu <ms> <thread>  <step>}
 * (the CPU time the marking thread has used so far, from Linux's {@code /proc/thread-self/schedstat}: a figure that
 * load on the machine inflates far less than the wall time; {@code -1} where it cannot be read); without it a mark
 * costs one field read. The JVM's start time comes from its management bean, read at the first mark (loading it
 * takes a few milliseconds, counted in the step after the first). A debugging aid (docs/benchmarks.md#start-up), not
 * an {@code app.*} setting.
 */
public final class StartupTrace {
    /** The system property that turns the stamps on. */
    public static final String PROPERTY = "kline.startup.trace";
    private static final boolean ON = Boolean.getBoolean(PROPERTY);
    /** System.nanoTime() at the JVM's start, set at the first mark. */
    private static long startNanos = Long.MIN_VALUE;

    private StartupTrace() {
    }

    /** Whether the stamps are on. */
    public static boolean on() {
        return ON;
    }

    /** Prints {@code step} with the time since the JVM started, when tracing is on. */
    public static void mark(String step) {
        if (ON) {
            print(System.nanoTime(), step);
        }
    }

    /** CPU time of the calling thread in ms (Linux), or -1. */
    static long threadCpuMillis() {
        try {
            String s = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/schedstat"));
            return Long.parseLong(s.substring(0, s.indexOf(' '))) / 1_000_000L;
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    private static synchronized void print(long now, String step) {
        if (startNanos == Long.MIN_VALUE) {
            long uptimeMs = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
            startNanos = System.nanoTime() - uptimeMs * 1_000_000L;
        }
        System.err.printf("startup-trace %6d ms  cpu %5d %-14s %s%n", (now - startNanos) / 1_000_000L, threadCpuMillis(),
                Thread.currentThread().getName(), step);
    }
}
