package features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import features.indicators.IndicatorEngine;
import features.indicators.IndicatorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.KlineParquet;
import storage.KlineStore;
import storage.MinuteGaps;
import storage.MinuteGaps.Gap;

/**
 * {@link FeatureEngine} and {@link ParquetDataSource} over a small store written straight to month files: where the
 * warm-up is read from, the latest window, the gaps of a range, the month-by-month stream (the same rows, bits and gaps
 * as the frame computed at once, cut where the source may cut) and the source's own refusals.
 */
class FeatureEngineTest {
    private static final long MINUTE = 60_000L;
    /** Every indicator with short periods: warm after 114 bars (macd 3/5/3), so a few days of 1m..15m bars do. */
    private static final IndicatorSpec SHORT = IndicatorSpec.defaults().withPeriods(Map.of("ema_fast", 3,
            "ema_slow", 5, "rsi", 3, "cmf", 4, "macd_fast", 3, "macd_slow", 5, "macd_signal", 3, "atr", 3));
    private static final Instant JAN_HOLE = Instant.parse("2024-01-31T23:50:00Z");
    private static final Instant JAN_HOLE_END = Instant.parse("2024-02-01T00:20:00Z");
    private static final Instant MAR_HOLE = Instant.parse("2024-03-01T03:00:00Z");
    private static final Instant MAR_HOLE_END = Instant.parse("2024-03-01T03:03:00Z");

    @TempDir
    static Path root;
    static KlineStore store;

    /** Jan 29 .. Feb 1 12:00, Feb 28 .. Mar 2 (February's middle absent), with holes at Jan/Feb and in March. */
    @BeforeAll
    static void writeStore() throws IOException {
        store = SmallStore.open(root.resolve("data"), "BTCUSDT");
        List<WalkStore.Hole> holes = List.of(new WalkStore.Hole(JAN_HOLE, JAN_HOLE_END),
                new WalkStore.Hole(MAR_HOLE, MAR_HOLE_END),
                new WalkStore.Hole(Instant.parse("2024-02-01T12:00:00Z"), Instant.parse("2024-02-28T00:00:00Z")));
        WalkStore.write(store, 5, Instant.parse("2024-01-29T00:00:00Z"), Instant.parse("2024-03-02T00:00:00Z"), holes,
                List.of());
    }

    private static FeatureEngine engine(GapPolicy policy) {
        return new FeatureEngine(new ParquetDataSource(store, policy, false));
    }

    @Test
    void the_history_starts_the_warm_up_and_a_quarter_more_bars_before_the_start_bucket() {
        FeatureSpec cmf = FeatureSpec.parse("1h:cmf", GapPolicy.DROP); // warm-up 19: 19 x 1.25 -> 24, + 1
        assertThat(FeatureEngine.historyStart(cmf, Instant.parse("2024-03-02T05:30:00Z")))
                .isEqualTo(Instant.parse("2024-03-01T04:00:00Z"));
        FeatureSpec ema = new FeatureSpec(Interval.M15, SHORT, GapPolicy.DROP); // warm-up 71: 88.75 -> 89, + 1
        // macd: emaWarmup(5) = 5 + 69, + decay(2 / (3 + 1)) = 40: 114; x 1.25 = 142.5 -> 143, + 1
        assertThat(SHORT.warmupBars()).isEqualTo(114);
        assertThat(FeatureEngine.historyStart(ema, Instant.parse("2024-03-02T05:14:59Z")))
                .isEqualTo(Instant.parse("2024-03-02T05:00:00Z").minusSeconds(144 * 15 * 60));
    }

    @Test
    void a_frame_is_warm_from_its_first_row_and_its_values_are_the_indicators_over_the_history() throws IOException {
        FeatureSpec spec = new FeatureSpec(Interval.M15, SHORT, GapPolicy.FFILL);
        Instant start = Instant.parse("2024-03-01T06:00:00Z");
        Instant end = Instant.parse("2024-03-01T18:07:00Z");
        FeatureFrame frame = engine(GapPolicy.FFILL).compute(spec, start, end);

        assertThat(frame.size()).isEqualTo(48); // 06:00 .. 17:45; 18:00 holds 7 minutes: incomplete, left out
        assertThat(frame.bars().openTime[0]).isEqualTo(start.toEpochMilli());
        Bars history = new ParquetDataSource(store, GapPolicy.FFILL, false).fetchOhlcv(Interval.M15,
                FeatureEngine.historyStart(spec, start), end);
        Map<String, double[]> all = IndicatorEngine.compute(history, SHORT);
        int offset = history.indexAtOrAfter(start.toEpochMilli());
        assertThat(offset).isEqualTo(144);
        for (String col : SHORT.columns()) {
            for (int i = 0; i < frame.size(); i++) {
                assertThat(frame.value(col, i)).as("%s row %d", col, i).isNotNull()
                        .isEqualTo(all.get(col)[offset + i]);
            }
        }
    }

    @Test
    void history_read_from_after_the_start_is_read_from_the_start_and_leaves_the_first_rows_cold() throws IOException {
        FeatureSpec spec = new FeatureSpec(Interval.M15, SHORT, GapPolicy.DROP);
        Instant start = Instant.parse("2024-03-01T06:00:00Z");
        Instant end = Instant.parse("2024-03-01T12:00:00Z");
        FeatureEngine engine = engine(GapPolicy.DROP);

        FeatureFrame late = engine.computeWithHistory(spec, start, end, Instant.parse("2024-03-01T09:00:00Z")).frame();
        FeatureFrame none = engine.computeWithHistory(spec, start, end, start).frame();
        assertThat(late.size()).isEqualTo(24);
        assertThat(late.bars().openTime[0]).isEqualTo(start.toEpochMilli());
        for (String col : SHORT.columns()) {
            assertThat(late.value(col, 0)).as(col).isNull();
            assertThat(late.columns().get(col)).as(col).isEqualTo(none.columns().get(col));
        }
        FeatureFrame early = engine.computeWithHistory(spec, start, end, Instant.parse("2024-02-28T00:00:00Z"))
                .frame();
        FeatureFrame usual = engine.compute(spec, start, end);
        for (String col : SHORT.columns()) {
            assertThat(early.value(col, 0)).as(col).isNotNull();
            assertThat(usual.value(col, 0)).as(col).isNotNull();
        }
    }

    @Test
    void the_gaps_of_a_range_are_those_inside_it_not_in_the_warm_up() throws IOException {
        FeatureSpec spec = FeatureSpec.parse("1m:cmf", GapPolicy.NONE);
        FeatureEngine.Covered inside = engine(GapPolicy.NONE).computeWithGaps(spec,
                Instant.parse("2024-03-01T03:01:30Z"), Instant.parse("2024-03-01T04:00:00Z"));
        // the range starts at 03:02 (a partial minute is not in it); the warm-up reads the hole's first minutes
        assertThat(inside.gaps()).containsExactly(new Gap(ms("2024-03-01T03:02:00Z"), ms("2024-03-01T03:03:00Z")));
        assertThat(inside.frame().bars().openTime[0]).isEqualTo(ms("2024-03-01T03:03:00Z"));

        FeatureEngine.Covered after = engine(GapPolicy.NONE).computeWithGaps(spec,
                Instant.parse("2024-03-01T03:05:00Z"), Instant.parse("2024-03-01T04:00:00Z"));
        assertThat(after.gaps()).isEmpty();
        FeatureEngine.Covered tail = engine(GapPolicy.NONE).computeWithGaps(spec,
                Instant.parse("2024-03-01T23:00:00Z"), Instant.parse("2024-03-02T00:10:00.001Z"));
        assertThat(tail.gaps()).containsExactly(new Gap(ms("2024-03-02T00:00:00Z"), ms("2024-03-02T00:11:00Z")));
    }

    @Test
    void the_latest_window_is_the_last_n_rows_before_as_of() throws IOException {
        FeatureSpec spec = new FeatureSpec(Interval.H1, SHORT, GapPolicy.DROP);
        Instant asOf = Instant.parse("2024-03-01T20:30:00Z");
        FeatureFrame w = engine(GapPolicy.DROP).latestWindow(spec, asOf, 5);
        assertThat(w.size()).isEqualTo(5);
        assertThat(w.bars().openTime[0]).isEqualTo(ms("2024-03-01T15:00:00Z"));
        assertThat(w.bars().openTime[4]).isEqualTo(ms("2024-03-01T19:00:00Z")); // 20:00 is not closed
        FeatureFrame all = engine(GapPolicy.DROP).compute(spec, Instant.parse("2024-03-01T15:00:00Z"), asOf);
        assertThat(all.size()).isEqualTo(5);
        for (String col : SHORT.columns()) {
            assertThat(w.columns().get(col)).as(col).isEqualTo(all.columns().get(col));
        }
        // the default method of a source asks the engine: the same rows
        FeatureFrame viaSource = new ParquetDataSource(store, GapPolicy.DROP, false).latestWindow(spec, asOf, 5);
        assertThat(viaSource.bars().openTime[0]).isEqualTo(w.bars().openTime[0]);
        assertThat(viaSource.columns().get("rsi")).isEqualTo(w.columns().get("rsi"));
        // fewer stored rows than asked: what there is (the store begins 2024-01-29)
        FeatureFrame early = engine(GapPolicy.DROP).latestWindow(spec, Instant.parse("2024-01-29T03:00:00Z"), 10);
        assertThat(early.size()).isEqualTo(3);
        assertThat(early.bars().openTime[0]).isEqualTo(ms("2024-01-29T00:00:00Z"));
        // a long window reaches back through the history margin: 40 rows of 40 asked
        assertThat(engine(GapPolicy.DROP).latestWindow(spec, asOf, 40).size()).isEqualTo(40);
    }

    @Test
    void streamed_chunks_put_end_to_end_are_the_frame_for_every_interval_and_policy() throws IOException {
        Instant start = Instant.parse("2024-01-30T10:00:00Z");
        Instant end = Instant.parse("2024-03-01T23:00:00Z");
        for (GapPolicy policy : GapPolicy.values()) {
            for (Interval interval : List.of(Interval.M1, Interval.M15, Interval.H1, Interval.D1)) {
                FeatureSpec spec = new FeatureSpec(interval, SHORT, policy);
                int chunks = assertStreamIsTheFrame(spec, start, end);
                assertThat(chunks).as("%s %s: a chunk a month", interval, policy).isEqualTo(3);
            }
        }
    }

    @Test
    void a_stream_within_one_month_or_of_an_empty_range_is_one_chunk() throws IOException {
        FeatureSpec spec = new FeatureSpec(Interval.M1, SHORT, GapPolicy.NONE); // warm-up read from March too
        assertThat(assertStreamIsTheFrame(spec, Instant.parse("2024-03-01T05:00:00Z"),
                Instant.parse("2024-03-01T09:00:00Z"))).isEqualTo(1);
        List<FeatureFrame> chunks = new ArrayList<>();
        Instant t = Instant.parse("2024-03-01T05:00:00Z");
        new ParquetDataSource(store, GapPolicy.NONE, false).streamWithGaps(Interval.M15, t, t,
                c -> chunks.add(null));
        assertThat(chunks).hasSize(1);
    }

    @Test
    void the_source_streams_month_chunks_cut_where_a_stored_minute_follows_a_stored_minute_at_a_bucket_start()
            throws IOException {
        List<BarsWithGaps> chunks = new ArrayList<>();
        Instant from = Instant.parse("2024-01-31T22:00:00Z");
        Instant to = Instant.parse("2024-03-01T04:00:00Z");
        new ParquetDataSource(store, GapPolicy.NONE, false).streamWithGaps(Interval.H1, from, to, chunks::add);
        // January's minutes (up to the hole at 23:50) have no later cut than 23:00; February's last stored minute
        // with a stored minute before it that starts an hour is 11:00 on Feb 1, but February's file ends 12:00: the
        // next file (March) is read with February's tail before a cut at March's last whole hour
        assertThat(chunks).hasSize(3);
        assertThat(chunks.get(0).bars().size()).isEqualTo(1);
        assertThat(chunks.get(0).bars().openTime[0]).isEqualTo(ms("2024-01-31T22:00:00Z"));
        long gapMinutes = 0;
        for (BarsWithGaps c : chunks) {
            gapMinutes += c.missingMinutes();
        }
        BarsWithGaps whole = new ParquetDataSource(store, GapPolicy.NONE, false).fetchWithGaps(Interval.H1, from, to);
        assertThat(gapMinutes).isEqualTo(whole.missingMinutes());
        assertThat(whole.gaps()).containsExactly(new Gap(JAN_HOLE.toEpochMilli(), JAN_HOLE_END.toEpochMilli()),
                new Gap(ms("2024-02-01T12:00:00Z"), ms("2024-02-28T00:00:00Z")),
                new Gap(MAR_HOLE.toEpochMilli(), MAR_HOLE_END.toEpochMilli()));
        List<Gap> streamed = new ArrayList<>();
        chunks.forEach(c -> streamed.addAll(c.gaps()));
        assertThat(MinuteGaps.clip(streamed, from.toEpochMilli(), to.toEpochMilli())).isEqualTo(whole.gaps());
    }

    @Test
    void a_month_file_that_cannot_be_read_fails_the_read_naming_the_file() throws IOException {
        Path dir = root.resolve("damaged");
        KlineStore damaged = SmallStore.open(dir.resolve("data"), "BTCUSDT");
        Files.createDirectories(damaged.klinesDir());
        Files.writeString(damaged.monthFile(YearMonth.of(2024, 3)), "not a parquet file");
        ParquetDataSource source = new ParquetDataSource(damaged, GapPolicy.DROP, false);
        Instant from = Instant.parse("2024-03-01T00:00:00Z");
        Instant to = Instant.parse("2024-03-02T00:00:00Z");
        assertThatThrownBy(() -> source.fetchOhlcv(Interval.H1, from, to)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot read month file " + damaged.monthFile(YearMonth.of(2024, 3)) + ": ");
        assertThatThrownBy(() -> source.streamWithGaps(Interval.H1, from, to, c -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining("2024-03.parquet");
        // a month without a file is minutes missing
        BarsWithGaps april = source.fetchWithGaps(Interval.H1, Instant.parse("2024-04-01T00:00:00Z"),
                Instant.parse("2024-04-01T02:00:00Z"));
        assertThat(april.bars().size()).isZero();
        assertThat(april.missingMinutes()).isEqualTo(120);
    }

    @Test
    void a_source_keeping_months_reads_each_month_file_once_and_again_when_it_changes() throws IOException {
        Path dir = root.resolve("kept");
        KlineStore kept = SmallStore.open(dir.resolve("data"), "BTCUSDT");
        Files.createDirectories(kept.klinesDir());
        for (YearMonth m : List.of(YearMonth.of(2024, 1), YearMonth.of(2024, 2), YearMonth.of(2024, 3),
                YearMonth.of(2024, 4), YearMonth.of(2024, 5))) {
            long t0 = m.atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
            KlineParquet.write(kept.monthFile(m), SmallStore.rows(m.getMonthValue(), Instant.ofEpochMilli(t0),
                    Instant.ofEpochMilli(t0 + 180 * MINUTE), List.of()));
        }
        List<Path> reads = new ArrayList<>();
        ParquetDataSource plain = new ParquetDataSource(kept, GapPolicy.DROP, false, f -> {
            reads.add(f);
            return KlineParquet.read(f);
        });
        ParquetDataSource keeping = plain.keepingMonths();
        Instant jan = Instant.parse("2024-01-01T00:00:00Z");
        Instant febEnd = Instant.parse("2024-02-01T03:00:00Z");
        Bars want = plain.fetchOhlcv(Interval.M1, jan, febEnd);
        reads.clear();

        for (int k = 0; k < 3; k++) {
            Bars got = keeping.fetchOhlcv(Interval.M1, jan, febEnd);
            AggregateFilledTest.assertSameBars(got, want);
        }
        assertThat(reads).containsExactly(kept.monthFile(YearMonth.of(2024, 1)), kept.monthFile(YearMonth.of(2024, 2)));
        // a stream through the kept months is the one fetch
        List<BarsWithGaps> chunks = new ArrayList<>();
        keeping.streamWithGaps(Interval.M1, jan, febEnd, chunks::add);
        assertThat(chunks).hasSize(1);
        AggregateFilledTest.assertSameBars(chunks.get(0).bars(), want);
        assertThat(reads).hasSize(2);
        // five months asked one after the other: at most three kept, the oldest read again
        for (int m = 1; m <= 5; m++) {
            Instant s = YearMonth.of(2024, m).atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            assertThat(keeping.fetchOhlcv(Interval.M1, s, s.plusSeconds(3600)).size()).isEqualTo(60);
        }
        assertThat(reads).hasSize(2 + 3); // March, April, May; then January and February were dropped
        keeping.fetchOhlcv(Interval.M1, Instant.parse("2024-03-01T00:00:00Z"), Instant.parse("2024-03-01T01:00:00Z"));
        assertThat(reads).hasSize(5); // March is still kept
        keeping.fetchOhlcv(Interval.M1, jan, jan.plusSeconds(60));
        assertThat(reads).hasSize(6);
        assertThat(reads.get(5)).isEqualTo(kept.monthFile(YearMonth.of(2024, 1)));
        // a rewritten month is read again
        Path rewritten = dir.resolve("2024-03.parquet");
        KlineParquet.write(rewritten, SmallStore.rows(99, Instant.parse("2024-03-01T00:00:00Z"),
                Instant.parse("2024-03-01T00:30:00Z"), List.of()));
        Files.move(rewritten, kept.monthFile(YearMonth.of(2024, 3)), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        assertThat(keeping.fetchOhlcv(Interval.M1, Instant.parse("2024-03-01T00:00:00Z"),
                Instant.parse("2024-03-01T01:00:00Z")).size()).isEqualTo(30);
        assertThat(reads).hasSize(7);
        // an empty range reads nothing; a month without a file is skipped
        assertThat(keeping.fetchOhlcv(Interval.M1, jan, jan).size()).isZero();
        assertThat(keeping.fetchOhlcv(Interval.M1, Instant.parse("2024-07-01T00:00:00Z"),
                Instant.parse("2024-07-02T00:00:00Z")).size()).isZero();
        assertThat(reads).hasSize(7);
    }

    @Test
    void a_clamped_source_reads_from_the_bucket_of_the_first_stored_minute_with_the_same_bars() throws IOException {
        ParquetDataSource plain = new ParquetDataSource(store, GapPolicy.FFILL, false);
        Instant first = Instant.parse("2024-01-29T00:00:00Z");
        ClampedDataSource clamped = new ClampedDataSource(plain, first.plusSeconds(3 * 3600 + 120));
        assertThat(clamped.clamp(Interval.H1, Instant.parse("2020-01-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2024-01-29T03:00:00Z"));
        assertThat(clamped.clamp(Interval.W1, Instant.parse("2020-01-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2024-01-29T00:00:00Z")); // a Monday
        assertThat(clamped.clamp(Interval.H1, Instant.parse("2024-01-29T03:00:00Z")))
                .isEqualTo(Instant.parse("2024-01-29T03:00:00Z"));
        Instant later = Instant.parse("2024-01-30T00:00:00Z");
        assertThat(clamped.clamp(Interval.H1, later)).isEqualTo(later);
        assertThat(new ClampedDataSource(plain, null).clamp(Interval.H1, Instant.EPOCH)).isEqualTo(Instant.EPOCH);

        Instant from = Instant.parse("2023-01-01T00:00:00Z");
        Instant to = Instant.parse("2024-01-30T00:00:00Z");
        ClampedDataSource exact = new ClampedDataSource(plain, first);
        AggregateFilledTest.assertSameBars(exact.fetchOhlcv(Interval.H1, from, to), plain.fetchOhlcv(Interval.H1,
                from, to));
        List<BarsWithGaps> chunks = new ArrayList<>();
        exact.streamWithGaps(Interval.H1, from, to, chunks::add);
        assertThat(chunks).hasSize(1);
        AggregateFilledTest.assertSameBars(chunks.get(0).bars(), plain.fetchOhlcv(Interval.H1, from, to));
        // missing minutes are counted from the clamped start: none before the store begins
        assertThat(exact.fetchWithGaps(Interval.H1, from, to).missingMinutes()).isZero();
        Instant asOf = Instant.parse("2024-03-01T12:00:00Z");
        assertThat(exact.sevenDayView(asOf).toText()).isEqualTo(plain.sevenDayView(asOf).toText());
        assertThat(exact.sevenDayText(asOf)).isEqualTo(plain.sevenDayText(asOf));
    }

    /** Streams spec over [start, end) and checks the chunks are the computed frame; returns the number of chunks. */
    private static int assertStreamIsTheFrame(FeatureSpec spec, Instant start, Instant end) throws IOException {
        FeatureEngine engine = engine(spec.gapPolicy());
        FeatureEngine.Covered memory = engine.computeWithGaps(spec, start, end);
        List<FeatureFrame> chunks = new ArrayList<>();
        List<Gap> gaps = new ArrayList<>();
        engine.stream(spec, start, end, (rows, g) -> {
            chunks.add(rows);
            gaps.addAll(g);
        });
        String what = spec.interval() + " " + spec.gapPolicy();
        assertThat(gaps).as(what).isEqualTo(memory.gaps());
        FeatureFrame m = memory.frame();
        assertThat(m.size()).as(what).isPositive();
        int i = 0;
        for (FeatureFrame chunk : chunks) {
            Bars b = chunk.bars();
            for (int r = 0; r < chunk.size(); r++, i++) {
                assertThat(i).as(what).isLessThan(m.size());
                long[] got = {b.openTime[r], bits(b.open[r]), bits(b.high[r]), bits(b.low[r]), bits(b.close[r]),
                        bits(b.volume[r]), bits(b.quoteVolume[r]), b.trades[r], bits(b.takerBase[r]),
                        bits(b.takerQuote[r]), b.flags[r]};
                Bars mb = m.bars();
                long[] want = {mb.openTime[i], bits(mb.open[i]), bits(mb.high[i]), bits(mb.low[i]),
                        bits(mb.close[i]), bits(mb.volume[i]), bits(mb.quoteVolume[i]), mb.trades[i],
                        bits(mb.takerBase[i]), bits(mb.takerQuote[i]), mb.flags[i]};
                assertThat(got).as(what + " bar " + i).containsExactly(want);
                for (String col : m.columns().keySet()) {
                    assertThat(bits(chunk.columns().get(col)[r])).as(what + " " + col + " row " + i)
                            .isEqualTo(bits(m.columns().get(col)[i]));
                }
            }
        }
        assertThat(i).as(what).isEqualTo(m.size());
        return chunks.size();
    }

    private static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }

    private static long ms(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }
}
