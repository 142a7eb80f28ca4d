package settings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The start-up trace's CPU column: the calling thread's CPU time, which grows with the work that thread does. */
class StartupTraceTest {
    @Test
    void the_cpu_column_is_the_calling_thread_s_cpu_time() {
        long before = StartupTrace.threadCpuMillis();
        assertThat(before).as("Linux: /proc/thread-self/schedstat").isNotNegative();
        long x = 0;
        long until = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < until) { // ~0.3 s of work on this thread (wall; the CPU time is at most that)
            x += Long.numberOfTrailingZeros(x + System.nanoTime());
        }
        assertThat(x).isPositive();
        assertThat(StartupTrace.threadCpuMillis()).isGreaterThan(before);
    }
}
