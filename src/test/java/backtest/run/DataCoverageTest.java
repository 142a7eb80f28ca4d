package backtest.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import backtest.config.ConfigException;
import features.Bars;
import features.Interval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import storage.MinuteGaps;

/**
 * {@link DataCoverage} on hand-made gaps and bars: the requested window in whole minutes, the covered part (a gap at
 * either edge moves it in), the counts of bars with filled and without real minutes, the refusal below
 * {@code data.min_coverage} and the {@code data} block of metrics.json.
 */
class DataCoverageTest {
    private static final long MIN = 60_000L;
    private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");

    private static long at(int minutes) {
        return T.toEpochMilli() + minutes * MIN;
    }

    private static MinuteGaps.Gap gap(int fromMinute, int toMinute) {
        return new MinuteGaps.Gap(at(fromMinute), at(toMinute));
    }

    /** Bars with the given flags, one per minute from T. */
    private static Bars bars(byte... flags) {
        Bars b = new Bars(Interval.M1, flags.length);
        for (int i = 0; i < flags.length; i++) {
            b.add(at(i), 1, 1, 1, 1, 1, 1, 1, 0.5, 0.5, flags[i]);
        }
        return b;
    }

    /** Requested 00:01..00:11 (start and end rounded up), gaps at the start, in the middle and at the end. */
    private static DataCoverage edges() {
        return DataCoverage.of(T.plusSeconds(30), T.plusSeconds(600).plusMillis(1),
                List.of(gap(1, 3), gap(5, 6), gap(9, 11)),
                bars((byte) 0, Bars.FILLED, (byte) (Bars.FILLED | Bars.NO_REAL_MINUTE), (byte) 0, Bars.FILLED));
    }

    @Test
    void the_window_is_rounded_up_to_whole_minutes_and_edge_gaps_move_the_covered_part_in() {
        DataCoverage c = edges();
        assertThat(c.requestedStart()).isEqualTo(Instant.ofEpochMilli(at(1)));
        assertThat(c.requestedEnd()).isEqualTo(Instant.ofEpochMilli(at(11)));
        assertThat(c.requestedMinutes()).isEqualTo(10);
        assertThat(c.missingMinutes()).isEqualTo(5);
        assertThat(c.realMinutes()).isEqualTo(5);
        assertThat(c.coverage()).isEqualTo(0.5);
        assertThat(c.coveredStart()).isEqualTo(Instant.ofEpochMilli(at(3)));
        assertThat(c.coveredEnd()).isEqualTo(Instant.ofEpochMilli(at(9)));
        assertThat(c.bars()).isEqualTo(5);
        assertThat(c.barsWithFilled()).isEqualTo(3);
        assertThat(c.barsWithoutReal()).isEqualTo(1);
        assertThat(c.noMarketDataDecisions()).isZero();
        assertThat(c.gapCount()).isEqualTo(3);
        assertThat(c.gaps()).containsExactly(gap(1, 3), gap(5, 6), gap(9, 11));

        // a gap inside the window leaves both edges where they are
        DataCoverage inner = DataCoverage.of(T, T.plusSeconds(600), List.of(gap(4, 6)), bars());
        assertThat(inner.coveredStart()).isEqualTo(T);
        assertThat(inner.coveredEnd()).isEqualTo(Instant.ofEpochMilli(at(10)));
        assertThat(inner.coverage()).isEqualTo(0.8);
        assertThat(inner.bars()).isZero();
        assertThat(inner.barsWithFilled()).isZero();

        // no gap: everything covered
        DataCoverage full = DataCoverage.of(T, T.plusSeconds(600), List.of(), bars((byte) 0, (byte) 0));
        assertThat(full.coveredStart()).isEqualTo(T);
        assertThat(full.coveredEnd()).isEqualTo(Instant.ofEpochMilli(at(10)));
        assertThat(full.coverage()).isEqualTo(1.0);
        assertThat(full.missingMinutes()).isZero();
        assertThat(full.bars()).isEqualTo(2);
        assertThat(full.barsWithFilled()).isZero();
        assertThat(full.barsWithoutReal()).isZero();
    }

    @Test
    void a_window_without_any_stored_minute_or_without_minutes_has_no_covered_part() {
        DataCoverage none = DataCoverage.of(T, T.plusSeconds(600), List.of(gap(0, 10)), bars());
        assertThat(none.coveredStart()).isNull();
        assertThat(none.coveredEnd()).isNull();
        assertThat(none.coverage()).isZero();
        assertThat(none.realMinutes()).isZero();
        assertThat(none.toMap()).containsEntry("covered_start", null).containsEntry("covered_end", null);

        // end before start: an empty window of 0 minutes, coverage 0 (not NaN)
        DataCoverage empty = DataCoverage.of(T.plusSeconds(600), T, List.of(), bars());
        assertThat(empty.requestedStart()).isEqualTo(empty.requestedEnd()).isEqualTo(Instant.ofEpochMilli(at(10)));
        assertThat(empty.requestedMinutes()).isZero();
        assertThat(empty.coverage()).isZero();
        assertThat(empty.coveredStart()).isNull();
    }

    @Test
    void only_the_first_hundred_gaps_are_listed_but_all_are_counted() {
        List<MinuteGaps.Gap> gaps = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            gaps.add(gap(2 * i + 1, 2 * i + 2));
        }
        DataCoverage c = DataCoverage.of(T, Instant.ofEpochMilli(at(210)), gaps, bars());
        assertThat(c.gapCount()).isEqualTo(101);
        assertThat(c.missingMinutes()).isEqualTo(101);
        assertThat(c.gaps()).hasSize(DataCoverage.MAX_LISTED).isEqualTo(gaps.subList(0, 100));
        assertThat((List<?>) c.toMap().get("gaps")).hasSize(100);
        assertThatThrownBy(() -> c.require(0.6)).isInstanceOf(ConfigException.class)
                .hasMessageEndingWith(gap(9, 10) + " and 96 more gaps (ingest or backfill them, move start/end, or lower"
                        + " data.min_coverage)");

        // exactly 100: all listed
        DataCoverage hundred = DataCoverage.of(T, Instant.ofEpochMilli(at(210)), gaps.subList(0, 100), bars());
        assertThat(hundred.gaps()).hasSize(100);
    }

    @Test
    void the_gap_list_is_a_copy() {
        List<MinuteGaps.Gap> gaps = new ArrayList<>(List.of(gap(1, 2)));
        DataCoverage c = new DataCoverage(T, T, T, T, 1, 1, 0, 1, 0, 0, 0, 0, 1, gaps);
        gaps.add(gap(3, 4));
        assertThat(c.gaps()).containsExactly(gap(1, 2));
        assertThatThrownBy(() -> c.gaps().add(gap(5, 6))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void with_no_market_data_decisions_changes_only_that_count() {
        DataCoverage c = edges();
        DataCoverage held = c.withNoMarketDataDecisions(7);
        assertThat(held.noMarketDataDecisions()).isEqualTo(7);
        assertThat(held).usingRecursiveComparison().ignoringFields("noMarketDataDecisions").isEqualTo(c);
        assertThat(held.toMap()).containsEntry("no_market_data_decisions", 7);
    }

    @Test
    void require_passes_at_the_minimum_and_refuses_below_it_naming_five_gaps_at_most() {
        DataCoverage c = edges();
        c.require(0.5); // exactly the minimum: runs
        c.require(0);
        assertThatThrownBy(() -> c.require(0.51))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("data.min_coverage"))
                .hasMessage("data.min_coverage: the store covers 50.00 % of 2024-01-01T00:01:00Z..2024-01-01T00:11:00Z"
                        + " (5 of 10 minutes), below data.min_coverage 0.51; missing: "
                        + "2024-01-01T00:01:00Z..2024-01-01T00:02:00Z (2 min), "
                        + "2024-01-01T00:05:00Z..2024-01-01T00:05:00Z (1 min), "
                        + "2024-01-01T00:09:00Z..2024-01-01T00:10:00Z (2 min)"
                        + " (ingest or backfill them, move start/end, or lower data.min_coverage)");

        List<MinuteGaps.Gap> seven = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            seven.add(gap(1000 * i + 1, 1000 * i + 2));
        }
        DataCoverage big = DataCoverage.of(T, Instant.ofEpochMilli(at(10_000)), seven, bars());
        assertThat(big.coverage()).isEqualTo(9993 / 10_000.0);
        assertThatThrownBy(() -> big.require(1)).hasMessage("data.min_coverage: the store covers 99.93 % of "
                + "2024-01-01T00:00:00Z..2024-01-07T22:40:00Z (9,993 of 10,000 minutes), below data.min_coverage 1;"
                + " missing: " + seven.get(0) + ", " + seven.get(1) + ", " + seven.get(2) + ", " + seven.get(3) + ", "
                + seven.get(4) + " and 2 more gaps (ingest or backfill them, move start/end, or lower"
                + " data.min_coverage)");
        DataCoverage five = DataCoverage.of(T, Instant.ofEpochMilli(at(10_000)), seven.subList(0, 5), bars());
        assertThatThrownBy(() -> five.require(1)).hasMessageEndingWith(seven.get(4)
                + " (ingest or backfill them, move start/end, or lower data.min_coverage)");
        DataCoverage empty = DataCoverage.of(T, T, List.of(), bars());
        assertThatThrownBy(() -> empty.require(0.5)).hasMessageContaining("(0 of 0 minutes)")
                .hasMessageContaining("; missing:  (ingest");
    }

    @Test
    void to_map_is_the_data_block_in_a_fixed_order() {
        Map<String, Object> m = edges().withNoMarketDataDecisions(2).toMap();
        assertThat(m).containsExactly(
                entry("requested_start", "2024-01-01T00:01:00Z"),
                entry("requested_end", "2024-01-01T00:11:00Z"),
                entry("covered_start", "2024-01-01T00:03:00Z"),
                entry("covered_end", "2024-01-01T00:09:00Z"),
                entry("requested_minutes", 10L),
                entry("real_minutes", 5L),
                entry("missing_minutes", 5L),
                entry("coverage", 0.5),
                entry("bars", 5),
                entry("real_bars", 4),
                entry("bars_with_filled_minutes", 3),
                entry("bars_without_real_minute", 1),
                entry("no_market_data_decisions", 2),
                entry("gap_count", 3),
                entry("gaps", List.of(
                        Map.of("from", "2024-01-01T00:01:00Z", "to", "2024-01-01T00:03:00Z", "minutes", 2L),
                        Map.of("from", "2024-01-01T00:05:00Z", "to", "2024-01-01T00:06:00Z", "minutes", 1L),
                        Map.of("from", "2024-01-01T00:09:00Z", "to", "2024-01-01T00:11:00Z", "minutes", 2L))));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> gaps = (List<Map<String, Object>>) m.get("gaps");
        assertThat(gaps.get(0).keySet()).containsExactly("from", "to", "minutes");
    }
}
