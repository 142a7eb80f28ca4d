package features;

import static org.assertj.core.api.Assertions.assertThat;

import features.indicators.IndicatorKind;
import features.indicators.IndicatorSpec;
import features.indicators.Ta4jIndicators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.CrashPoints;
import storage.KlineStore;
import storage.MinuteGaps;

/**
 * The streamed whole-history path ({@link FeatureEngine#stream}: the store read a month at a time, indicators carried
 * across the chunks, each chunk written as it comes) against the in-memory one ({@link FeatureEngine#computeWithGaps},
 * {@link FeatureParquet#write}) over seven months of generated 1m bars with holes: inside a month, across a month
 * boundary, on a Monday 00:00 (a week's first minute) and one month file missing entirely. Same rows, same doubles,
 * same gaps, same file bytes, for every interval and gap policy; and the values are ta4j's.
 */
class StreamedFeaturesTest {
    private static final Instant FIRST = Instant.parse("2023-12-03T05:17:00Z");
    private static final Instant LAST = Instant.parse("2024-07-09T18:00:00Z");
    private static final IndicatorSpec ALL = IndicatorSpec.parse("ema,rsi,cmf,macd,atr");

    @TempDir
    static Path root;
    static KlineStore store;

    @BeforeAll
    static void writeStore() throws IOException {
        store = new KlineStore(root.resolve("data"), "BTCUSDT", Clock.systemUTC(), CrashPoints.NONE);
        long rows = WalkStore.write(store, 11, FIRST, LAST, List.of(
                new WalkStore.Hole(Instant.parse("2024-01-10T03:00:00Z"), Instant.parse("2024-01-10T03:07:00Z")),
                new WalkStore.Hole(Instant.parse("2024-01-31T23:50:00Z"), Instant.parse("2024-02-01T00:20:00Z")),
                new WalkStore.Hole(Instant.parse("2024-03-25T00:00:00Z"), Instant.parse("2024-03-25T00:03:00Z")),
                new WalkStore.Hole(Instant.parse("2024-03-31T23:59:00Z"), Instant.parse("2024-04-01T00:00:00Z"))),
                List.of(YearMonth.of(2024, 5)));
        assertThat(rows).isGreaterThan(200_000);
    }

    /** The whole history, and a range starting and ending inside months (the warm-up read from before it). */
    private static final List<Instant[]> RANGES = List.of(
            new Instant[] {Instant.parse("2023-12-01T00:00:00Z"), Instant.parse("2024-08-01T00:00:00Z")},
            new Instant[] {Instant.parse("2024-01-15T12:34:00Z"), Instant.parse("2024-06-20T07:01:00Z")});

    @Test
    void streamed_frames_are_the_in_memory_frames_for_every_interval_and_gap_policy() throws IOException {
        for (GapPolicy policy : GapPolicy.values()) {
            for (Instant[] range : RANGES) {
                assertSame(new FeatureSpec(Interval.M1, ALL, policy), range[0], range[1]);
            }
        }
        for (String interval : List.of("15m", "1h", "1d", "1w")) { // buckets are never cut: chunks end on a bucket
            for (GapPolicy policy : GapPolicy.values()) {
                assertSame(new FeatureSpec(Interval.parse(interval), ALL, policy), RANGES.get(0)[0], RANGES.get(0)[1]);
            }
        }
    }

    @Test
    void streamed_files_are_byte_identical_to_the_in_memory_files() throws IOException {
        for (String interval : List.of("1m", "1h")) {
            for (GapPolicy policy : List.of(GapPolicy.FFILL, GapPolicy.NONE)) {
                FeatureSpec spec = new FeatureSpec(Interval.parse(interval), ALL, policy);
                for (Instant[] range : RANGES) {
                    FeatureEngine engine = new FeatureEngine(new ParquetDataSource(store, policy, false));
                    Path memory = root.resolve("memory.parquet");
                    FeatureParquet.write(memory, engine.compute(spec, range[0], range[1]), Map.of("k", "v"));
                    Path streamed = root.resolve("streamed.parquet");
                    int[] chunks = new int[1];
                    try (FeatureParquet.Writer w = new FeatureParquet.Writer(streamed, spec, Map.of("k", "v"))) {
                        engine.stream(spec, range[0], range[1], (rows, gaps) -> {
                            w.append(rows);
                            chunks[0]++;
                        });
                        w.finish();
                    }
                    assertThat(chunks[0]).as("a chunk a month").isGreaterThan(4);
                    assertThat(Files.readAllBytes(streamed)).as(spec + " " + range[0])
                            .isEqualTo(Files.readAllBytes(memory));
                }
            }
        }
    }

    @Test
    void the_features_service_streams_the_same_file_and_counts_as_the_in_memory_frame() throws IOException {
        for (GapPolicy policy : List.of(GapPolicy.FFILL, GapPolicy.NONE)) {
            FeatureSpec spec = new FeatureSpec(Interval.M1, ALL, policy);
            Instant start = RANGES.get(1)[0];
            Instant end = RANGES.get(1)[1];
            FeatureService service = new FeatureService(store, root.resolve("features"), List.of());
            Path out = root.resolve("service-" + policy + ".parquet");
            FeatureResult.Computed r = service.compute(new FeatureRequest.Compute(spec, start, end, out));

            FeatureEngine.Covered memory = new FeatureEngine(new ParquetDataSource(store, policy, false))
                    .computeWithGaps(spec, start, end);
            Path expected = root.resolve("expected-" + policy + ".parquet");
            FeatureParquet.write(expected, memory.frame());
            assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(expected));
            FeatureFrame f = memory.frame();
            assertThat(r.rows()).isEqualTo(f.size());
            assertThat(r.first()).isEqualTo(Instant.ofEpochMilli(f.bars().openTime[0]));
            assertThat(r.last()).isEqualTo(Instant.ofEpochMilli(f.bars().openTime[f.size() - 1]));
            int warm = 0;
            int filled = 0;
            for (int i = 0; i < f.size(); i++) {
                int row = i;
                warm += f.columns().values().stream().noneMatch(c -> Double.isNaN(c[row])) ? 1 : 0;
                filled += f.bars().filled(i) ? 1 : 0;
            }
            assertThat(r.warmRows()).isEqualTo(warm).isPositive();
            assertThat(r.filledRows()).isEqualTo(filled);
            if (policy == GapPolicy.NONE) {
                assertThat(r.gaps()).isEqualTo(memory.gaps().stream().map(MinuteGaps.Gap::toString).toList())
                        .hasSize(4); // Jan 31/Feb 1, Mar 25, Mar 31, May (the Jan 10 hole is before the range)
                assertThat(r.missingMinutes()).isEqualTo(30 + 3 + 1 + 31 * 1440);
            } else {
                assertThat(filled).isGreaterThan(31 * 1440); // May is filled from April's last close
                assertThat(r.gaps()).isEmpty();
            }
        }
    }

    @Test
    void an_empty_range_is_refused_and_writes_nothing() {
        FeatureService service = new FeatureService(store, root.resolve("features"), List.of());
        Path out = root.resolve("nothing/empty.parquet");
        FeatureSpec spec = new FeatureSpec(Interval.M1, ALL, GapPolicy.FFILL);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.compute(new FeatureRequest.Compute(spec,
                        Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-02-01T00:00:00Z"), out)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("no bars stored between");
        assertThat(root.resolve("nothing")).doesNotExist();
    }

    @Test
    void streamed_values_are_ta4j_values_after_the_warm_up() throws IOException {
        FeatureSpec spec = new FeatureSpec(Interval.M1, ALL, GapPolicy.DROP);
        Instant start = Instant.parse("2024-03-26T00:00:00Z");
        Instant end = Instant.parse("2024-04-05T00:00:00Z");
        ParquetDataSource source = new ParquetDataSource(store, GapPolicy.DROP, false);
        List<FeatureFrame> chunks = new ArrayList<>();
        new FeatureEngine(source).stream(spec, start, end, (rows, gaps) -> chunks.add(rows));
        assertThat(chunks).hasSizeGreaterThanOrEqualTo(2); // March (with the warm-up), April

        Bars read = source.fetchOhlcv(Interval.M1, FeatureEngine.historyStart(spec, start), end);
        Map<String, double[]> ta4j = Ta4jIndicators.compute(read, ALL);
        int i = read.indexAtOrAfter(start.toEpochMilli());
        int compared = 0;
        for (FeatureFrame chunk : chunks) {
            for (int r = 0; r < chunk.size(); r++, i++) {
                assertThat(chunk.bars().openTime[r]).isEqualTo(read.openTime[i]);
                for (IndicatorKind kind : IndicatorKind.values()) {
                    for (String col : kind.columns()) {
                        double ours = chunk.columns().get(col)[r];
                        double theirs = ta4j.get(col)[i];
                        if (kind == IndicatorKind.CMF && Double.isNaN(theirs)) {
                            continue; // ta4j's NaN over one-price minutes (CmfCalculator's documented difference)
                        }
                        assertThat(i).isGreaterThanOrEqualTo(ALL.warmupBars(kind));
                        assertThat(Double.doubleToRawLongBits(ours)).as(col + " at " + chunk.bars().openTime[r])
                                .isEqualTo(Double.doubleToRawLongBits(theirs));
                        compared++;
                    }
                }
            }
        }
        assertThat(i).isEqualTo(read.size());
        assertThat(compared).isGreaterThan(10 * 1400 * 7);
    }

    /** Streamed chunks, put end to end, are the in-memory frame: bars, flags, every double's bits, and the gaps. */
    private static void assertSame(FeatureSpec spec, Instant start, Instant end) throws IOException {
        FeatureEngine engine = new FeatureEngine(new ParquetDataSource(store, spec.gapPolicy(), false));
        FeatureEngine.Covered memory = engine.computeWithGaps(spec, start, end);
        List<FeatureFrame> chunks = new ArrayList<>();
        List<MinuteGaps.Gap> gaps = new ArrayList<>();
        engine.stream(spec, start, end, (rows, g) -> {
            chunks.add(rows);
            gaps.addAll(g);
        });
        String what = spec.interval() + " " + spec.gapPolicy() + " " + start;
        assertThat(chunks).as(what).hasSizeGreaterThan(4);
        assertThat(gaps).as(what).isEqualTo(memory.gaps());
        FeatureFrame m = memory.frame();
        Bars mb = m.bars();
        int i = 0;
        for (FeatureFrame chunk : chunks) {
            Bars b = chunk.bars();
            for (int r = 0; r < chunk.size(); r++, i++) {
                assertThat(i).as(what).isLessThan(m.size());
                long[] got = {b.openTime[r], bits(b.open[r]), bits(b.high[r]), bits(b.low[r]), bits(b.close[r]),
                        bits(b.volume[r]), bits(b.quoteVolume[r]), b.trades[r], bits(b.takerBase[r]),
                        bits(b.takerQuote[r]), b.flags[r]};
                long[] want = {mb.openTime[i], bits(mb.open[i]), bits(mb.high[i]), bits(mb.low[i]),
                        bits(mb.close[i]), bits(mb.volume[i]), bits(mb.quoteVolume[i]), mb.trades[i],
                        bits(mb.takerBase[i]), bits(mb.takerQuote[i]), mb.flags[i]};
                if (!java.util.Arrays.equals(got, want)) {
                    assertThat(got).as(what + " bar " + i).containsExactly(want);
                }
                for (String col : m.columns().keySet()) {
                    long g = bits(chunk.columns().get(col)[r]);
                    long w = bits(m.columns().get(col)[i]);
                    if (g != w) {
                        assertThat(g).as(what + " " + col + " row " + i).isEqualTo(w);
                    }
                }
            }
        }
        assertThat(i).as(what).isEqualTo(m.size());
        assertThat(m.size()).as(what).isPositive();
    }

    private static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }
}
