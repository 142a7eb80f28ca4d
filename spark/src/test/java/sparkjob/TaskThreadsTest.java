package sparkjob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import backtest.config.BacktestConfig;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task runs its chunk on {@code spark.task.cpus} threads ({@link SparkSweep.TaskSpec#threadsPerTask}): the rows are
 * the same, bit for bit and in grid order, on one thread or several.
 */
class TaskThreadsTest {
    static final String CONFIG = """
            start: 2024-01-01
            end: 2024-02-01
            interval: 1m
            symbol: BTCUSDT
            initial_cash: 10000
            fee_rate: 0.001
            slippage_bps: 1
            indicators: {ema_fast: 12, ema_slow: 26, rsi: 14, cmf: 20}
            strategy: {type: ema-cross, decision_every: 1m, size_pct: 1.0}
            """;

    @Test
    void a_chunk_on_two_threads_gives_the_rows_of_one_thread(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        BenchStores.write(data, "BTCUSDT", 42, YearMonth.of(2024, 1));
        String yaml = BacktestConfig.parse(CONFIG).toYaml();
        List<String> grid = List.of("ema_fast=2:9:1", "ema_slow=20:60:10");
        StoreAccess store = new StoreAccess(data.toString(), Map.of());
        SweepTask task = new SweepTask("BTCUSDT", 3, 37);
        ChunkOutput one = SparkSweep.runTask(spec(yaml, grid, store, 1), task);
        ChunkOutput two = SparkSweep.runTask(spec(yaml, grid, store, 2), task);
        assertEquals(34, one.ran());
        assertArrayEquals(one.index(), two.index());
        assertEquals(one.values().length, two.values().length);
        for (int i = 0; i < one.values().length; i++) {
            assertEquals(Double.doubleToRawLongBits(one.values()[i]), Double.doubleToRawLongBits(two.values()[i]),
                    "value " + i);
        }
        assertTrue(one.index()[0] == 3 && one.index()[33] == 36, "the task's own range, in grid order");
    }

    private static SparkSweep.TaskSpec spec(String yaml, List<String> grid, StoreAccess store, int threads) {
        return new SparkSweep.TaskSpec(Map.of("BTCUSDT", yaml), grid, List.of("ema_fast", "ema_slow"), store, false,
                threads);
    }
}
