package features;

import static org.assertj.core.api.Assertions.assertThat;

import features.indicators.IndicatorSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.KlineStore;

/**
 * The spot check ({@link FeatureSampler}) finds what differs from the raw 1m rows and from ta4j - a changed open,
 * high, low, close, volume or indicator value - within its tolerance, samples only warm rows of real minutes, and
 * waives CMF only where ta4j has no value.
 */
class FeatureSamplerTest {
    private static final IndicatorSpec SHORT = IndicatorSpec.parse("rsi,cmf,atr").withPeriods(Map.of("rsi", 3,
            "atr", 3, "cmf", 4)); // warm after 71 bars

    @TempDir
    static Path root;
    static KlineStore store;

    /** Feb 29 .. Mar 2 (a leap day and a month boundary), a 5-minute hole on Mar 1 at 10:10; a flat minute every 97. */
    @BeforeAll
    static void writeStore() throws IOException {
        store = SmallStore.open(root.resolve("data"), "BTCUSDT");
        WalkStore.write(store, 3, Instant.parse("2024-02-29T00:00:00Z"), Instant.parse("2024-03-02T00:00:00Z"),
                List.of(new WalkStore.Hole(Instant.parse("2024-03-01T10:10:00Z"),
                        Instant.parse("2024-03-01T10:15:00Z"))), List.of());
    }

    private static FeatureFrame frame(FeatureSpec spec, String from, String to) throws IOException {
        return new FeatureEngine(new ParquetDataSource(store, spec.gapPolicy(), false)).compute(spec,
                Instant.parse(from), Instant.parse(to));
    }

    private static FeatureResult.Sampled sample(FeatureFrame frame, int n, long seed) throws IOException {
        return new FeatureSampler(store, new ParquetDataSource(store, frame.spec().gapPolicy(), false))
                .sample(frame, n, seed);
    }

    @Test
    void every_warm_row_of_real_minutes_is_checked_when_more_are_asked_than_there_are() throws IOException {
        FeatureSpec spec = new FeatureSpec(Interval.H1, SHORT, GapPolicy.FFILL);
        FeatureFrame frame = frame(spec, "2024-02-29T00:00:00Z", "2024-03-02T00:00:00Z");
        assertThat(frame.size()).isEqualTo(48);

        FeatureResult.Sampled r = sample(frame, 1000, 1);
        // rsi and atr (3) are warm from bar 71: the store's 48 hours never are, so no row is a candidate
        assertThat(r.rowsSampled()).isZero();
        assertThat(r.ok()).as("a check of nothing passes for nothing").isFalse();
        assertThat(r.checks()).isEmpty();

        FeatureSpec cmf = new FeatureSpec(Interval.H1, IndicatorSpec.parse("cmf").withPeriods(Map.of("cmf", 4)),
                GapPolicy.FFILL);
        FeatureFrame cmfFrame = frame(cmf, "2024-02-29T00:00:00Z", "2024-03-02T00:00:00Z");
        FeatureResult.Sampled all = sample(cmfFrame, 1000, 1);
        // cmf (4) alone: rows 3..47 are warm; the 10:00 hour of Mar 1 holds forward-filled minutes: not sampled
        assertThat(all.rowsSampled()).isEqualTo(45 - 1);
        assertThat(all.ok()).isTrue();
        assertThat(all.checks()).hasSize(44 * 6);
        assertThat(all.checks()).noneMatch(c -> c.ts().equals(Instant.parse("2024-03-01T10:00:00Z")));
        assertThat(all.checks()).noneMatch(c -> c.ts().isBefore(Instant.parse("2024-02-29T03:00:00Z")));
        assertThat(all.checks().get(0).ts()).isEqualTo(Instant.parse("2024-02-29T03:00:00Z"));
        assertThat(all.checks().get(all.checks().size() - 1).ts()).isEqualTo(Instant.parse("2024-03-01T23:00:00Z"));
    }

    @Test
    void a_changed_value_of_any_column_is_a_mismatch_and_a_change_within_the_tolerance_is_not() throws IOException {
        FeatureSpec spec = new FeatureSpec(Interval.M15, SHORT, GapPolicy.DROP);
        FeatureFrame frame = frame(spec, "2024-03-01T12:00:00Z", "2024-03-01T14:00:00Z");
        assertThat(frame.size()).isEqualTo(8);
        Bars b = frame.bars();
        b.open[1] += 0.01;
        b.high[2] -= 0.01;
        b.low[3] *= 1 + 1e-6;
        b.close[4] = -b.close[4];
        b.volume[5] += 1e-3;
        frame.columns().get("rsi")[6] += 1e-4;
        frame.columns().get("atr")[7] = Double.NaN; // a value missing where ta4j has one: not warm, not sampled
        b.close[0] *= 1 + 1e-13; // within 1e-9 relative
        frame.columns().get("cmf")[0] += 1e-12; // |cmf| < 1: within 1e-9 absolute

        FeatureResult.Sampled r = sample(frame, 100, 7);

        assertThat(r.rowsSampled()).isEqualTo(7);
        assertThat(r.mismatches()).isEqualTo(6);
        assertThat(r.ok()).isFalse();
        assertThat(r.checks().stream().filter(c -> !c.ok()).map(c -> c.column() + "@" + c.ts()).toList())
                .containsExactly("open@2024-03-01T12:15:00Z", "high@2024-03-01T12:30:00Z", "low@2024-03-01T12:45:00Z",
                        "close@2024-03-01T13:00:00Z", "volume@2024-03-01T13:15:00Z", "rsi@2024-03-01T13:30:00Z");
        FeatureResult.Check close = r.checks().stream().filter(c -> c.column().equals("close") && !c.ok())
                .findFirst().orElseThrow();
        assertThat(close.frame()).isEqualTo(b.close[4]);
        assertThat(close.recomputed()).isEqualTo(-b.close[4]);
        assertThat(close.note()).isNull();
    }

    @Test
    void a_sample_of_n_rows_picks_n_distinct_rows_in_time_order_the_same_for_the_same_seed() throws IOException {
        FeatureSpec spec = new FeatureSpec(Interval.M15, SHORT, GapPolicy.DROP);
        FeatureFrame frame = frame(spec, "2024-03-01T12:00:00Z", "2024-03-01T20:00:00Z");
        FeatureResult.Sampled a = sample(frame, 5, 11);
        FeatureResult.Sampled b = sample(frame, 5, 11);
        assertThat(a.rowsSampled()).isEqualTo(5);
        assertThat(a.checks()).hasSize(5 * 8).isEqualTo(b.checks());
        List<Instant> times = a.checks().stream().map(FeatureResult.Check::ts).distinct().toList();
        assertThat(times).hasSize(5).isSorted();
        assertThat(a.checks().subList(0, 8).stream().map(FeatureResult.Check::column).toList())
                .containsExactly("open", "high", "low", "close", "volume", "rsi", "cmf", "atr");
    }

    @Test
    void cmf_over_a_window_with_a_one_price_minute_is_waived_where_ta4j_has_no_value() throws IOException {
        // 1m bars: every 97th minute is flat (high == low); ta4j blanks CMF for the 4 minutes whose window holds it
        FeatureSpec spec = new FeatureSpec(Interval.M1, IndicatorSpec.parse("cmf").withPeriods(Map.of("cmf", 4)),
                GapPolicy.DROP);
        FeatureFrame frame = frame(spec, "2024-03-01T12:00:00Z", "2024-03-01T16:00:00Z");
        FeatureResult.Sampled r = sample(frame, 1000, 3);

        assertThat(r.rowsSampled()).isEqualTo(240);
        assertThat(r.ok()).isTrue();
        List<FeatureResult.Check> waived = r.checks().stream().filter(c -> c.note() != null).toList();
        assertThat(waived).isNotEmpty().allSatisfy(c -> {
            assertThat(c.column()).isEqualTo("cmf");
            assertThat(c.ok()).isTrue();
            assertThat(c.recomputed()).isNull();
            assertThat(c.frame()).isBetween(-1.0, 1.0);
            assertThat(c.note()).isEqualTo("waived: ta4j has no value when a bar in the window has high == low");
            long minute = c.ts().toEpochMilli() / 60_000;
            assertThat(minute % 97).as("%s", c.ts()).isLessThan(4); // the flat minute or one of the 3 after it
        });
        long flatWindows = r.checks().stream().filter(c -> c.column().equals("cmf"))
                .filter(c -> c.ts().toEpochMilli() / 60_000 % 97 < 4).count();
        assertThat(waived).hasSize((int) flatWindows);
    }
}
