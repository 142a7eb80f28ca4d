package features;

import static features.TestBars.MINUTE;
import static features.TestBars.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import gen.BinanceArchive;
import gen.KlineGenerator;
import ingest.IngestOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import storage.CrashPoints;
import storage.KlineParquet;
import storage.KlineStore;
import storage.MinuteGaps.Gap;
import support.TestApp;

/**
 * Dec 2024 (times in ms) and Jan 2025 (times in µs) generated with a 5-minute hole each, ingested through the real
 * routes; Nov 2024 and Feb 2025 month files are garbage, so touching them fails.
 */
class ParquetDataSourceTest {
    private static final long DEC_HOLE = ms("2024-12-31T22:10:00Z");
    private static final long JAN_HOLE = ms("2025-01-01T01:10:00Z");
    private static final Instant START = Instant.parse("2024-12-31T20:00:00Z");
    private static final Instant END = Instant.parse("2025-01-01T04:00:00Z");

    @TempDir
    static Path root;
    static KlineStore store;
    /** Every generated row, times in ms: the expected values, parsed straight from the CSVs. */
    static Bars generated;

    @BeforeAll
    static void ingestTwoMonthsThroughTheRoutes() throws Exception {
        KlineGenerator gen = new KlineGenerator(7);
        List<Path> csvs = List.of(root.resolve("csv/BTCUSDT-1m-2024-12.csv"), root.resolve("csv/BTCUSDT-1m-2025-01.csv"));
        gen.writeMonth(YearMonth.of(2024, 12), csvs.get(0), List.of(new KlineGenerator.Gap(Instant.ofEpochMilli(DEC_HOLE), 5)));
        gen.writeMonth(YearMonth.of(2025, 1), csvs.get(1), List.of(new KlineGenerator.Gap(Instant.ofEpochMilli(JAN_HOLE), 5)));
        try (PipelineRuntime app = TestApp.oneShot(root)) {
            for (Path csv : csvs) {
                IngestOutcome outcome = app.ingest(BinanceArchive.zipWithChecksum(csv, root.resolve("zips")), false);
                assertThat(outcome.status()).as(outcome.summary()).isEqualTo(IngestOutcome.Status.INGESTED);
            }
        }
        store = new KlineStore(root.resolve("data"), "BTCUSDT", Clock.systemUTC(), CrashPoints.NONE);
        Files.writeString(store.monthFile(YearMonth.of(2024, 11)), "not a parquet file");
        Files.writeString(store.monthFile(YearMonth.of(2025, 2)), "not a parquet file");
        generated = new Bars(Interval.M1, 90_000);
        for (Path csv : csvs) {
            for (String line : Files.readAllLines(csv)) {
                String[] f = line.split(",");
                long t = Long.parseLong(f[0]);
                generated.add(t > 100_000_000_000_000L ? t / 1000 : t, Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                        Double.parseDouble(f[7]), Long.parseLong(f[8]), Double.parseDouble(f[9]),
                        Double.parseDouble(f[10]), (byte) 0);
            }
        }
    }

    @Test
    void one_minute_bars_across_the_month_and_ms_to_us_boundary_are_exactly_the_generated_rows() throws Exception {
        Bars bars = new ParquetDataSource(store, GapPolicy.DROP, false).fetchOhlcv(Interval.M1, START, END);

        int first = generated.indexAtOrAfter(START.toEpochMilli());
        int end = generated.indexAtOrAfter(END.toEpochMilli());
        assertThat(bars.size()).isEqualTo(end - first).isEqualTo(8 * 60 - 10);
        for (int i = 0; i < bars.size(); i++) {
            int g = first + i;
            assertThat(new Object[] {bars.openTime[i], bars.open[i], bars.high[i], bars.low[i], bars.close[i],
                    bars.volume[i], bars.quoteVolume[i], bars.trades[i], bars.takerBase[i], bars.takerQuote[i]})
                    .as("minute %s", Instant.ofEpochMilli(bars.openTime[i]))
                    .containsExactly(generated.openTime[g], generated.open[g], generated.high[g], generated.low[g],
                            generated.close[g], generated.volume[g], generated.quoteVolume[g], generated.trades[g],
                            generated.takerBase[g], generated.takerQuote[g]);
        }
    }

    @Test
    void hourly_bars_across_the_boundary_match_a_naive_grouping_and_holed_hours_are_left_out() throws Exception {
        Bars bars = new ParquetDataSource(store, GapPolicy.DROP, false).fetchOhlcv(Interval.H1, START, END);

        Map<Long, List<Integer>> hours = new TreeMap<>();
        for (int g = 0; g < generated.size(); g++) {
            long t = generated.openTime[g];
            if (t >= START.toEpochMilli() && t < END.toEpochMilli()) {
                hours.computeIfAbsent(Math.floorDiv(t, 3_600_000L) * 3_600_000L, k -> new ArrayList<>()).add(g);
            }
        }
        hours.values().removeIf(rows -> rows.size() < 60);
        assertThat(hours.keySet()).hasSize(6).doesNotContain(ms("2024-12-31T22:00:00Z"), ms("2025-01-01T01:00:00Z"));
        assertThat(bars.size()).isEqualTo(6);
        int i = 0;
        for (Map.Entry<Long, List<Integer>> hour : hours.entrySet()) {
            List<Integer> rows = hour.getValue();
            assertThat(bars.openTime[i]).isEqualTo(hour.getKey());
            assertThat(bars.open[i]).isEqualTo(generated.open[rows.get(0)]);
            assertThat(bars.close[i]).isEqualTo(generated.close[rows.get(59)]);
            assertThat(bars.high[i]).isEqualTo(rows.stream().mapToDouble(g -> generated.high[g]).max().orElseThrow());
            assertThat(bars.low[i]).isEqualTo(rows.stream().mapToDouble(g -> generated.low[g]).min().orElseThrow());
            assertThat(bars.trades[i]).isEqualTo(rows.stream().mapToLong(g -> generated.trades[g]).sum());
            double volume = rows.stream().mapToDouble(g -> generated.volume[g]).sum();
            assertThat(bars.volume[i]).isCloseTo(volume, within(volume * 1e-9));
            assertThat(bars.flags[i]).isZero();
            i++;
        }
    }

    @Test
    void ffill_completes_the_holed_hours_flagged_filled_and_reports_the_gaps() throws Exception {
        BarsWithGaps r = new ParquetDataSource(store, GapPolicy.FFILL, false).fetchWithGaps(Interval.H1, START, END);

        Bars bars = r.bars();
        assertThat(bars.size()).isEqualTo(8);
        for (int i = 0; i < 8; i++) {
            boolean holed = bars.openTime[i] == ms("2024-12-31T22:00:00Z") || bars.openTime[i] == ms("2025-01-01T01:00:00Z");
            assertThat(bars.filled(i)).as("hour %d", i).isEqualTo(holed);
            assertThat(bars.incomplete(i)).isFalse();
        }
        assertThat(r.gaps()).containsExactly(new Gap(DEC_HOLE, DEC_HOLE + 5 * MINUTE), new Gap(JAN_HOLE, JAN_HOLE + 5 * MINUTE));
    }

    @Test
    void the_week_that_began_the_monday_before_start_is_incomplete_flagged_and_left_out_by_default() throws Exception {
        assertThat(new ParquetDataSource(store, GapPolicy.FFILL, false).fetchOhlcv(Interval.W1, START, END).size()).isZero();

        Bars kept = new ParquetDataSource(store, GapPolicy.FFILL, true).fetchOhlcv(Interval.W1, START, END);
        assertThat(kept.size()).isEqualTo(1);
        assertThat(kept.openTime[0]).isEqualTo(ms("2024-12-30T00:00:00Z"));
        assertThat(kept.incomplete(0)).isTrue();
        assertThat(kept.filled(0)).isTrue();
    }

    @Test
    void reads_only_the_month_files_overlapping_the_range() throws Exception {
        List<Path> read = new ArrayList<>();
        ParquetDataSource source = new ParquetDataSource(store, GapPolicy.DROP, false, file -> {
            read.add(file);
            return KlineParquet.read(file);
        });

        source.fetchOhlcv(Interval.M5, START, END);
        assertThat(read).containsExactly(store.monthFile(YearMonth.of(2024, 12)), store.monthFile(YearMonth.of(2025, 1)));
        read.clear();
        source.fetchOhlcv(Interval.M5, Instant.parse("2025-01-02T00:00:00Z"), Instant.parse("2025-02-01T00:00:00Z"));
        assertThat(read).containsExactly(store.monthFile(YearMonth.of(2025, 1)));
    }

    @Test
    void unreadable_months_outside_the_range_do_not_matter_but_fail_a_range_that_touches_them() throws Exception {
        ParquetDataSource source = new ParquetDataSource(store, GapPolicy.DROP, false);
        assertThat(source.fetchOhlcv(Interval.D1, Instant.parse("2024-12-01T00:00:00Z"),
                Instant.parse("2025-02-01T00:00:00Z")).size()).isEqualTo(62 - 2);
        assertThatThrownBy(() -> source.fetchOhlcv(Interval.D1, Instant.parse("2024-11-30T00:00:00Z"), END))
                .isInstanceOf(IOException.class).hasMessageContaining("2024-11.parquet");
    }

    @Test
    void a_month_without_a_file_is_missing_minutes_not_an_error() throws Exception {
        Instant from = Instant.parse("2023-05-01T00:00:00Z");
        BarsWithGaps r = new ParquetDataSource(store, GapPolicy.NONE, false).fetchWithGaps(Interval.H1, from, from.plusSeconds(3600));
        assertThat(r.bars().size()).isZero();
        assertThat(r.missingMinutes()).isEqualTo(60);
    }

    @Test
    void seven_day_view_from_the_store() throws Exception {
        Instant asOf = Instant.parse("2025-01-03T00:00:00Z");
        SevenDayView v = new ParquetDataSource(store, GapPolicy.DROP, false).sevenDayView(asOf);

        assertThat(v.symbol()).isEqualTo("BTCUSDT");
        assertThat(v.days().size()).isEqualTo(5); // 2024-12-27..2025-01-02 without the holed 2024-12-31 and 2025-01-01
        assertThat(v.days().openTime[0]).isEqualTo(ms("2024-12-27T00:00:00Z"));
        assertThat(v.missingMinutes()).isEqualTo(10);
        int first = generated.indexAtOrAfter(ms("2024-12-27T00:00:00Z"));
        int end = generated.indexAtOrAfter(asOf.toEpochMilli());
        assertThat(v.change()).isCloseTo(generated.close[end - 1] / generated.open[first] - 1, within(1e-12));
        assertThat(v.toText()).contains("2024-12-31 no complete data", "2025-01-01 no complete data",
                "2025-01-02 ").contains("missing minutes 10");
    }
}
