package features;

import static org.assertj.core.api.Assertions.assertThat;

import features.indicators.IndicatorSpec;
import gen.BinanceArchive;
import gen.KlineGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import storage.KlineStore;
import support.Await;
import support.DuckDb;
import support.TestApp;

/** Feature frames over months ingested through the real routes: warm from the first row, no look-ahead, files. */
class FeatureEngineIT {
    private static final IndicatorSpec ALL = IndicatorSpec.parse("ema,rsi,cmf,macd,atr");

    @TempDir
    static Path root;
    static KlineStore store;

    @BeforeAll
    static void ingestTwoMonths() throws Exception {
        store = TestApp.ingestGeneratedMonths(root, 77, YearMonth.of(2024, 1), YearMonth.of(2024, 2));
    }

    private static FeatureEngine engine() {
        return new FeatureEngine(new ParquetDataSource(store, GapPolicy.FFILL, false));
    }

    @Test
    void the_first_row_of_a_range_is_already_warm_and_equals_a_computation_from_the_start() throws Exception {
        for (Interval interval : List.of(Interval.M1, Interval.M15, Interval.H1)) {
            FeatureSpec spec = new FeatureSpec(interval, ALL, GapPolicy.FFILL);
            Instant start = Instant.parse("2024-02-10T00:00:00Z");
            Instant end = Instant.parse("2024-02-12T00:00:00Z");
            FeatureFrame range = engine().compute(spec, start, end);
            FeatureFrame fromStart = engine().compute(spec, Instant.parse("2024-01-01T00:00:00Z"), end);
            int offset = fromStart.bars().indexAtOrAfter(start.toEpochMilli());
            assertThat(range.size()).isEqualTo(fromStart.size() - offset).isPositive();
            assertThat(range.bars().openTime[0]).isEqualTo(start.toEpochMilli());
            for (String col : range.columns().keySet()) {
                double[] a = range.columns().get(col);
                double[] b = fromStart.columns().get(col);
                for (int i = 0; i < range.size(); i++) {
                    assertThat(a[i]).as("%s %s row %d warm", interval, col, i).isNotNaN();
                    assertThat(a[i]).as("%s %s row %d", interval, col, i)
                            .isCloseTo(b[offset + i], org.assertj.core.api.Assertions.within(1e-9 * Math.max(1, Math.abs(b[offset + i]))));
                }
            }
        }
    }

    @Test
    void a_row_depends_only_on_bars_at_or_before_it() throws Exception {
        FeatureSpec spec = new FeatureSpec(Interval.M5, ALL, GapPolicy.FFILL);
        Instant start = Instant.parse("2024-02-01T00:00:00Z");
        FeatureFrame full = engine().compute(spec, start, Instant.parse("2024-02-03T00:00:00Z"));
        int t = 300;
        Instant cut = Instant.ofEpochMilli(full.bars().openTime[t] + spec.interval().millis());
        FeatureFrame truncated = engine().compute(spec, start, cut);
        assertThat(truncated.size()).isEqualTo(t + 1);
        for (String col : full.columns().keySet()) {
            assertThat(truncated.columns().get(col)[t]).as(col).isEqualTo(full.columns().get(col)[t]);
        }
        assertThat(truncated.bars().close[t]).isEqualTo(full.bars().close[t]);
    }

    @Test
    void values_without_enough_history_are_null_not_numbers_that_look_valid() throws Exception {
        FeatureSpec spec = new FeatureSpec(Interval.M1, ALL, GapPolicy.FFILL);
        FeatureFrame frame = engine().compute(spec, Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2024-01-02T00:00:00Z"));
        assertThat(frame.value("ema_slow", 0)).isNull();
        assertThat(frame.value("rsi", 0)).isNull();
        int warm = ALL.warmupBars();
        assertThat(frame.value("macd_signal", warm)).isNotNull();
    }

    @Test
    void latest_window_returns_the_last_n_rows_before_as_of() throws Exception {
        FeatureSpec spec = new FeatureSpec(Interval.M15, IndicatorSpec.parse("ema,rsi,cmf"), GapPolicy.FFILL);
        Instant asOf = Instant.parse("2024-02-20T10:07:00Z");
        FeatureFrame w = new ParquetDataSource(store, GapPolicy.FFILL, false).latestWindow(spec, asOf, 60);
        assertThat(w.size()).isEqualTo(60);
        assertThat(Instant.ofEpochMilli(w.bars().openTime[59])).isEqualTo(Instant.parse("2024-02-20T09:45:00Z"));
        assertThat(w.value("rsi", 0)).isNotNull();
    }

    @Test
    void compute_writes_parquet_that_duckdb_reads_with_nulls_in_the_warm_up() throws Exception {
        FeatureService service = new FeatureService(store, root.resolve("features"), List.of());
        FeatureSpec spec = new FeatureSpec(Interval.M1, IndicatorSpec.parse("ema,rsi,cmf"), GapPolicy.FFILL);
        FeatureResult.Computed r = (FeatureResult.Computed) service.handle(new FeatureRequest.Compute(spec,
                Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-03T00:00:00Z"), null));
        assertThat(r.rows()).isEqualTo(2880);
        String pq = DuckDb.parquet(r.file());
        List<String> cols = DuckDb.query("SELECT name FROM parquet_schema('" + r.file() + "') WHERE name NOT IN ('features', 'table')")
                .stream().map(x -> (String) x.get(0)).toList();
        assertThat(cols).containsExactly("ts", "open", "high", "low", "close", "volume", "filled", "ema_fast", "ema_slow",
                "rsi", "cmf");
        List<Object> row = DuckDb.query("SELECT count(*), count(ema_slow), count(rsi), any_value(typeof(ts)), "
                + "min(ts) FROM " + pq).get(0);
        assertThat(row.get(0)).isEqualTo(2880L);
        assertThat((Long) row.get(1)).isEqualTo(2880L - spec.indicators().warmupBars(features.indicators.IndicatorKind.EMA));
        assertThat(row.get(3)).isEqualTo("TIMESTAMP WITH TIME ZONE");
        assertThat(r.warmRows()).isEqualTo(((Number) row.get(1)).intValue() <= ((Number) row.get(2)).intValue()
                ? ((Number) row.get(1)).intValue() : ((Number) row.get(2)).intValue());
    }

    @Test
    void sample_recomputes_every_value_independently_and_catches_a_wrong_one() throws Exception {
        FeatureSpec spec = new FeatureSpec(Interval.M15, ALL, GapPolicy.FFILL);
        DataSource source = new ParquetDataSource(store, GapPolicy.FFILL, false);
        FeatureFrame frame = new FeatureEngine(source).compute(spec, Instant.parse("2024-02-05T00:00:00Z"),
                Instant.parse("2024-02-15T00:00:00Z"));
        FeatureResult.Sampled ok = new FeatureSampler(store, source).sample(frame, 10, 1);
        assertThat(ok.rowsSampled()).isEqualTo(10);
        assertThat(ok.checks()).hasSize(10 * (5 + 8));
        assertThat(ok.ok()).as(ok.checks().stream().filter(c -> !c.ok()).toList().toString()).isTrue();

        int k = frame.size() / 2;
        frame.columns().get("rsi")[k] += 1e-6; // a wrong value must not pass
        FeatureResult.Sampled all = new FeatureSampler(store, source).sample(frame.slice(k - 2, k + 3), 5, 2);
        assertThat(all.rowsSampled()).isEqualTo(5);
        assertThat(all.mismatches()).isEqualTo(1);
        assertThat(all.checks()).filteredOn(c -> !c.ok()).singleElement()
                .satisfies(c -> assertThat(c.column()).isEqualTo("rsi"));
    }

    @Test
    void ingest_refreshes_the_standing_feature_files_of_the_month() throws Exception {
        Path other = root.resolve("refresh");
        Path in = Files.createDirectories(other.resolve("in"));
        Path csv = in.resolve("BTCUSDT-1m-2024-03.csv");
        new KlineGenerator(5).writeMonth(YearMonth.of(2024, 3), csv, List.of());
        Path file = other.resolve("data/spot/BTCUSDT/features/1m-ema-rsi-cmf/2024-03.parquet");
        try (PipelineRuntime app = TestApp.oneShot(other, Map.of("app.features.refresh", "1m:ema,rsi,cmf"))) {
            app.ingest(BinanceArchive.zip(csv, in), false);
            Await.until("standing features written", Duration.ofSeconds(30), () -> Files.exists(file));
        }
        assertThat(DuckDb.single("SELECT count(*) FROM " + DuckDb.parquet(file))).isEqualTo(31L * 1440);
    }
}
