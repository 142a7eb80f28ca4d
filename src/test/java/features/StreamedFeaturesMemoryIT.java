package features;

import static org.assertj.core.api.Assertions.assertThat;

import features.indicators.IndicatorSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.CrashPoints;
import storage.KlineStore;
import support.ChildJvm;
import support.DuckDb;

/**
 * {@code features compute} over a history whose frame does not fit in the process's heap: 30 months of 1m bars
 * (1.3M) in a child JVM with {@code -Xmx160m}. Held in memory, the bars alone take 81 bytes a bar and the 8 indicator
 * columns 64 more: 190 MB, above the whole heap, so the command can only succeed if it streams (a month of rows in
 * memory at a time). The same computation through the in-memory path ({@link FeatureEngine#compute}) in the same heap
 * runs out of memory: the check that the test can fail.
 */
class StreamedFeaturesMemoryIT {
    private static final String HEAP = "-Xmx160m";
    private static final long HEAP_BYTES = 160L << 20;

    @TempDir
    Path root;

    @Test
    void the_whole_history_is_computed_to_a_file_in_a_heap_smaller_than_its_frame() throws Exception {
        KlineStore store = new KlineStore(root.resolve("data"), "BTCUSDT", Clock.systemUTC(), CrashPoints.NONE);
        long rows = WalkStore.write(store, 5, Instant.parse("2022-01-01T00:00:00Z"),
                Instant.parse("2024-07-01T00:00:00Z"), List.of(), List.of());
        assertThat(rows).isEqualTo(1_313_280);
        assertThat(rows * (81 + 8 * 8)).as("the in-memory frame is larger than the heap").isGreaterThan(HEAP_BYTES);

        Path work = root.resolve("work");
        ChildJvm.Run run = ChildJvm.start(work, Map.of("app.data.dir", root.resolve("data").toString()),
                List.of(HEAP), false, List.of("features", "compute", "--start", "2022-01", "--end", "2024-07",
                        "--indicators", "ema,rsi,cmf,macd,atr", "--out", "all.parquet")).awaitExit();
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.output()).doesNotContain("OutOfMemoryError").contains("wrote ").contains("1313280 rows");
        Path file = work.resolve("all.parquet");
        assertThat(((Number) DuckDb.single("SELECT count(*) FROM " + DuckDb.parquet(file))).longValue())
                .isEqualTo(rows);
        assertThat(((Number) DuckDb.single("SELECT count(*) FROM " + DuckDb.parquet(file)
                + " WHERE macd_signal IS NOT NULL AND atr IS NOT NULL")).longValue())
                .isEqualTo(rows - IndicatorSpec.parse("ema,rsi,cmf,macd,atr").warmupBars());

        ChildJvm.Run inMemory = ChildJvm.run(root.resolve("in-memory"), Map.of(), List.of(HEAP), 0,
                InMemory.class, root.resolve("data").toString(), root.resolve("in-memory.parquet").toString());
        assertThat(inMemory.exitCode()).as(inMemory.describe()).isNotZero();
        assertThat(inMemory.output()).contains("OutOfMemoryError");
    }

    /** The in-memory path over the same store: the whole frame computed, then written. */
    public static final class InMemory {
        public static void main(String[] args) throws IOException {
            KlineStore store = new KlineStore(Path.of(args[0]), "BTCUSDT", Clock.systemUTC(), CrashPoints.NONE);
            FeatureSpec spec = new FeatureSpec(Interval.M1, IndicatorSpec.parse("ema,rsi,cmf,macd,atr"),
                    GapPolicy.FFILL);
            FeatureFrame frame = new FeatureEngine(new ParquetDataSource(store, GapPolicy.FFILL, false))
                    .compute(spec, Instant.parse("2022-01-01T00:00:00Z"), Instant.parse("2024-07-01T00:00:00Z"));
            FeatureParquet.write(Path.of(args[1]), frame);
        }
    }
}
