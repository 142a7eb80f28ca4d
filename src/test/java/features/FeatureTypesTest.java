package features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import features.indicators.IndicatorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.MinuteGaps.Gap;

/**
 * The small types of the package through their public API: intervals and their buckets, feature specs, gap policies,
 * bars, frames and their slices, the chunked file writer, and what a {@link DataSource} offers by default.
 */
class FeatureTypesTest {
    private static final long MINUTE = 60_000L;

    @TempDir
    Path dir;

    @Test
    void intervals_parse_their_codes_and_start_buckets_at_multiples_of_their_length_weeks_on_monday() {
        assertThat(Interval.parse("4h")).isEqualTo(Interval.H4);
        assertThat(Interval.H4.code()).isEqualTo("4h").isEqualTo(Interval.H4.toString());
        assertThat(Interval.H4.minutes()).isEqualTo(240);
        assertThat(Interval.H4.millis()).isEqualTo(240 * MINUTE);
        assertThat(Interval.W1.duration()).isEqualTo(Duration.ofDays(7));
        for (Interval i : Interval.values()) {
            assertThat(Interval.parse(i.code())).isEqualTo(i);
        }
        assertThatThrownBy(() -> Interval.parse("2d")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown interval '2d' (one of 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 1w)");
        long t = Instant.parse("2024-03-06T13:47:12.345Z").toEpochMilli(); // a Wednesday
        assertThat(Interval.H4.bucketStart(t)).isEqualTo(Instant.parse("2024-03-06T12:00:00Z").toEpochMilli());
        assertThat(Interval.D1.bucketStart(t)).isEqualTo(Instant.parse("2024-03-06T00:00:00Z").toEpochMilli());
        assertThat(Interval.W1.bucketStart(t)).isEqualTo(Instant.parse("2024-03-04T00:00:00Z").toEpochMilli());
        long monday = Instant.parse("2024-03-04T00:00:00Z").toEpochMilli();
        assertThat(Interval.W1.bucketStart(monday)).isEqualTo(monday);
        assertThat(Interval.H1.bucketStart(-1)).isEqualTo(-3_600_000L); // before 1970: floored, not truncated
    }

    @Test
    void a_feature_spec_parses_interval_and_indicators_and_names_its_folder() {
        FeatureSpec spec = FeatureSpec.parse(" 15m : rsi,ema ", GapPolicy.DROP);
        assertThat(spec.interval()).isEqualTo(Interval.M15);
        assertThat(spec.indicators()).isEqualTo(IndicatorSpec.parse("ema,rsi"));
        assertThat(spec.gapPolicy()).isEqualTo(GapPolicy.DROP);
        assertThat(spec.slug()).isEqualTo("15m-ema-rsi");
        assertThat(FeatureSpec.parse("1d:atr,macd,cmf,rsi,ema", GapPolicy.FFILL).slug())
                .isEqualTo("1d-ema-rsi-cmf-macd-atr");
        assertThatThrownBy(() -> FeatureSpec.parse("ema,rsi", GapPolicy.DROP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature set must look like INTERVAL:INDICATORS, e.g. 1m:ema,rsi,cmf; got 'ema,rsi'");
        assertThat(GapPolicy.parse(" ffill ")).isEqualTo(GapPolicy.FFILL);
        assertThat(GapPolicy.parse("None")).isEqualTo(GapPolicy.NONE);
    }

    @Test
    void bars_grow_past_their_capacity_keep_their_flags_and_find_open_times() {
        Bars b = new Bars(Interval.M1, 0);
        for (int i = 0; i < 40; i++) {
            b.add(i * MINUTE, i, i + 1, i - 1, i + 0.5, 10 + i, 100 + i, i, 1, 2, (byte) (i % 8));
        }
        assertThat(b.size()).isEqualTo(40);
        assertThat(b.openTime[39]).isEqualTo(39 * MINUTE);
        assertThat(new double[] {b.open[39], b.high[39], b.low[39], b.close[39], b.volume[39], b.quoteVolume[39],
                b.takerBase[39], b.takerQuote[39]}).containsExactly(39, 40, 38, 39.5, 49, 139, 1, 2);
        assertThat(b.trades[39]).isEqualTo(39);
        assertThat(b.filled(1)).isTrue();
        assertThat(b.filled(2)).isFalse();
        assertThat(b.incomplete(2)).isTrue();
        assertThat(b.incomplete(4)).isFalse();
        assertThat(b.noRealMinute(4)).isTrue();
        assertThat(b.noRealMinute(3)).isFalse();
        assertThat(b.indexAtOrAfter(5 * MINUTE)).isEqualTo(5);
        assertThat(b.indexAtOrAfter(5 * MINUTE + 1)).isEqualTo(6);
        assertThat(b.indexAtOrAfter(-1)).isZero();
        assertThat(b.indexAtOrAfter(40 * MINUTE)).isEqualTo(40);
        Bars empty = new Bars(Interval.H1, 3);
        assertThatThrownBy(empty::removeLast).isInstanceOf(IllegalStateException.class);
        assertThat(new BarsWithGaps(empty, List.of(new Gap(0, 3 * MINUTE), new Gap(10 * MINUTE, 12 * MINUTE)))
                .missingMinutes()).isEqualTo(5);
        assertThat(new BarsWithGaps(empty, List.of()).missingMinutes()).isZero();
    }

    @Test
    void aggregation_refuses_bars_that_are_not_one_minute_strictly_increasing_minute_boundaries() {
        Bars hourly = new Bars(Interval.H1, 1);
        assertThatThrownBy(() -> Aggregator.aggregate(hourly, Interval.D1, false))
                .hasMessage("aggregate needs 1m bars, got 1h");
        assertThatThrownBy(() -> Aggregator.aggregateFilled(hourly, 0, MINUTE, GapPolicy.DROP, Interval.D1, false))
                .hasMessage("gap policies apply to 1m bars, got 1h");
        assertThatThrownBy(() -> GapFiller.apply(hourly, 0, MINUTE, GapPolicy.DROP))
                .hasMessage("gap policies apply to 1m bars, got 1h");
        for (long[] times : new long[][] {{0, MINUTE, MINUTE}, {MINUTE, 0}, {0, MINUTE + 1}}) {
            Bars m = new Bars(Interval.M1, 3);
            for (long t : times) {
                m.add(t, 1, 1, 1, 1, 1, 1, 1, 1, 1, (byte) 0);
            }
            String index = "index " + (times.length - 1) + ", open time " + times[times.length - 1];
            for (Interval target : new Interval[] {Interval.M1, Interval.M5}) {
                assertThatThrownBy(() -> Aggregator.aggregate(m, target, true))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith(index);
            }
            assertThatThrownBy(() -> Aggregator.aggregateFilled(m, 0, 10 * MINUTE, GapPolicy.FFILL, Interval.M5,
                    true)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("1m bars must be on minute boundaries, strictly increasing: index ");
        }
    }

    @Test
    void a_frame_gives_null_inside_the_warm_up_and_slices_copy_rows_and_columns() {
        Bars b = new Bars(Interval.H1, 4);
        for (int i = 0; i < 4; i++) {
            b.add(i * 3_600_000L, 10 + i, 11 + i, 9 + i, 10.5 + i, i, 2 * i, i, 0.5 * i, i, (byte) (i == 2 ? 1 : 0));
        }
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put("rsi", new double[] {Double.NaN, 40, 50, 60});
        FeatureFrame f = new FeatureFrame(FeatureSpec.parse("1h:rsi", GapPolicy.FFILL), b, cols);
        assertThat(f.value("rsi", 0)).isNull();
        assertThat(f.value("rsi", 2)).isEqualTo(50.0);
        assertThat(f.slice(0, 4)).isSameAs(f);
        FeatureFrame s = f.slice(1, 3);
        assertThat(s.size()).isEqualTo(2);
        assertThat(s.spec()).isEqualTo(f.spec());
        assertThat(s.bars().interval).isEqualTo(Interval.H1);
        assertThat(s.bars().openTime[0]).isEqualTo(3_600_000L);
        assertThat(new double[] {s.bars().open[1], s.bars().high[1], s.bars().low[1], s.bars().close[1],
                s.bars().volume[1], s.bars().quoteVolume[1], s.bars().takerBase[1], s.bars().takerQuote[1]})
                .containsExactly(12, 13, 11, 12.5, 2, 4, 1, 2);
        assertThat(s.bars().trades[1]).isEqualTo(2);
        assertThat(s.bars().filled(1)).isTrue();
        assertThat(s.columns().get("rsi")).containsExactly(40, 50);
        assertThat(f.slice(0, 3).size()).isEqualTo(3);
        assertThat(f.slice(1, 4).size()).isEqualTo(3);
        assertThatThrownBy(() -> f.columns().put("x", new double[0])).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void a_writer_given_no_rows_writes_the_empty_table_and_creates_nothing_before_its_first_row() throws IOException {
        FeatureSpec spec = FeatureSpec.parse("1h:ema,rsi", GapPolicy.DROP);
        Path target = dir.resolve("sub/empty.parquet");
        Map<String, double[]> none = new LinkedHashMap<>();
        none.put("ema_fast", new double[0]);
        none.put("ema_slow", new double[0]);
        none.put("rsi", new double[0]);
        Path expected = dir.resolve("expected.parquet");
        FeatureParquet.write(expected, new FeatureFrame(spec, new Bars(Interval.H1, 0), none), Map.of("k", "v"));
        try (FeatureParquet.Writer w = new FeatureParquet.Writer(target, spec, Map.of("k", "v"))) {
            w.append(new FeatureFrame(spec, new Bars(Interval.H1, 0), none));
            assertThat(dir.resolve("sub")).doesNotExist();
            assertThat(w.rows()).isZero();
            w.finish();
        }
        assertThat(Files.readAllBytes(target)).isEqualTo(Files.readAllBytes(expected));
        new FeatureParquet.Writer(dir.resolve("never/x.parquet"), spec, Map.of()).close();
        assertThat(dir.resolve("never")).doesNotExist();
    }

    @Test
    void a_writer_appending_chunks_writes_the_bytes_of_the_whole_frame() throws IOException {
        FeatureSpec spec = FeatureSpec.parse("1h:rsi", GapPolicy.DROP);
        Bars b = new Bars(Interval.H1, 5);
        for (int i = 0; i < 5; i++) {
            b.add(i * 3_600_000L, 10 + i, 11 + i, 9 + i, 10.5 + i, i, 2 * i, i, 0.5 * i, i, (byte) (i == 3 ? 1 : 0));
        }
        FeatureFrame whole = new FeatureFrame(spec, b, Map.of("rsi", new double[] {Double.NaN, Double.NaN, 1, 2, 3}));
        Path expected = dir.resolve("whole.parquet");
        FeatureParquet.write(expected, whole);
        Path chunked = dir.resolve("chunked.parquet");
        try (FeatureParquet.Writer w = new FeatureParquet.Writer(chunked, spec, Map.of())) {
            w.append(whole.slice(0, 2));
            w.append(whole.slice(2, 2));
            w.append(whole.slice(2, 5));
            assertThat(w.rows()).isEqualTo(5);
            w.finish();
        }
        assertThat(Files.readAllBytes(chunked)).isEqualTo(Files.readAllBytes(expected));
        Path other = dir.resolve("other.parquet");
        b.flags[3] = 0;
        FeatureParquet.write(other, whole);
        assertThat(Files.readAllBytes(other)).as("the filled flag is written").isNotEqualTo(Files.readAllBytes(expected));
    }

    @Test
    void a_source_offers_bars_one_stream_chunk_and_the_views_text_by_default() throws IOException {
        Bars bars = new Bars(Interval.M1, 3);
        for (int i = 0; i < 3; i++) {
            bars.add(i * MINUTE, 1, 2, 0.5, 1.5, 1, 1, 1, 1, 1, (byte) 0);
        }
        List<Object[]> asked = new ArrayList<>();
        DataSource source = new DataSource() {
            @Override
            public BarsWithGaps fetchWithGaps(Interval interval, Instant start, Instant end) {
                asked.add(new Object[] {interval, start, end});
                return new BarsWithGaps(bars, List.of(new Gap(3 * MINUTE, 5 * MINUTE)));
            }

            @Override
            public SevenDayView sevenDayView(Instant asOf) {
                return new SevenDayViewBuilder(GapPolicy.DROP, false).build("X", asOf, bars);
            }
        };
        Instant a = Instant.ofEpochMilli(0);
        Instant b = Instant.ofEpochMilli(5 * MINUTE);
        assertThat(source.fetchOhlcv(Interval.M1, a, b)).isSameAs(bars);
        List<BarsWithGaps> chunks = new ArrayList<>();
        source.streamWithGaps(Interval.M1, a, b, chunks::add);
        assertThat(chunks).hasSize(1);
        assertThat(chunks.get(0).bars()).isSameAs(bars);
        assertThat(chunks.get(0).missingMinutes()).isEqualTo(2);
        assertThat(asked).hasSize(2).allSatisfy(q -> assertThat(q).containsExactly(Interval.M1, a, b));
        Instant asOf = Instant.ofEpochMilli(4 * MINUTE);
        assertThat(source.sevenDayText(asOf)).isEqualTo(source.sevenDayView(asOf).toText()).startsWith("X as of ");
    }
}
