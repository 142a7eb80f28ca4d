package backtest.run;

import backtest.config.ConfigException;
import backtest.config.ConfigNode;
import features.Bars;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import storage.MinuteGaps;

/**
 * What data a run really had: the requested window [start, end) in whole minutes, the part of it the store covers
 * (first to last real minute), how many of its minutes are real and missing, the run's bars with and without real
 * minutes, and the runs of missing minutes (the first {@link #MAX_LISTED} listed). Under {@code ffill} the missing
 * minutes between real ones are in the bars as filled minutes; under {@code drop}/{@code none} they are absent; the
 * coverage is the same whatever the policy.
 *
 * @param coverage             real minutes / requested minutes (1 when nothing is missing)
 * @param barsWithFilled       bars holding at least one forward-filled minute
 * @param barsWithoutReal      bars made only of forward-filled minutes (no order is filled on them)
 * @param noMarketDataDecisions decision bars without a real minute: held with reason {@code no_market_data}
 */
public record DataCoverage(Instant requestedStart, Instant requestedEnd, Instant coveredStart, Instant coveredEnd,
                           long requestedMinutes, long realMinutes, long missingMinutes, double coverage, int bars,
                           int barsWithFilled, int barsWithoutReal, int noMarketDataDecisions, int gapCount,
                           List<MinuteGaps.Gap> gaps) {
    /** Gaps listed in metrics.json and the report; the count covers all of them. */
    public static final int MAX_LISTED = 100;
    private static final long MINUTE = 60_000L;

    public DataCoverage {
        gaps = List.copyOf(gaps);
    }

    /**
     * @param gaps the runs of minutes missing in the window (clipped to it)
     * @param bars the run's bars (its range only, no warm-up)
     */
    public static DataCoverage of(Instant start, Instant end, List<MinuteGaps.Gap> gaps, Bars bars) {
        long from = MinuteGaps.ceilMinute(start.toEpochMilli());
        long to = Math.max(from, MinuteGaps.ceilMinute(end.toEpochMilli()));
        long requested = (to - from) / MINUTE;
        long missing = 0;
        for (MinuteGaps.Gap g : gaps) {
            missing += g.minutes();
        }
        Instant coveredStart = null;
        Instant coveredEnd = null;
        if (missing < requested) {
            long first = !gaps.isEmpty() && gaps.get(0).startMs() == from ? gaps.get(0).endMs() : from;
            MinuteGaps.Gap last = gaps.isEmpty() ? null : gaps.get(gaps.size() - 1);
            long lastEnd = last != null && last.endMs() == to ? last.startMs() : to;
            coveredStart = Instant.ofEpochMilli(first);
            coveredEnd = Instant.ofEpochMilli(lastEnd);
        }
        int withFilled = 0;
        int withoutReal = 0;
        for (int i = 0; i < bars.size(); i++) {
            withFilled += bars.filled(i) ? 1 : 0;
            withoutReal += bars.noRealMinute(i) ? 1 : 0;
        }
        double coverage = requested == 0 ? 0 : (double) (requested - missing) / requested;
        return new DataCoverage(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), coveredStart, coveredEnd,
                requested, requested - missing, missing, coverage, bars.size(), withFilled, withoutReal, 0, gaps.size(),
                gaps.subList(0, Math.min(MAX_LISTED, gaps.size())));
    }

    public DataCoverage withNoMarketDataDecisions(int count) {
        return new DataCoverage(requestedStart, requestedEnd, coveredStart, coveredEnd, requestedMinutes, realMinutes,
                missingMinutes, coverage, bars, barsWithFilled, barsWithoutReal, count, gapCount, gaps);
    }

    /** Refuses a run whose coverage is below {@code min} (the config's {@code data.min_coverage}), naming the gaps. */
    public void require(double min) {
        if (coverage >= min) {
            return;
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "the store covers %.2f %% of %s..%s (%,d of %,d minutes), below data.min_coverage %s; missing: ",
                coverage * 100, requestedStart, requestedEnd, realMinutes, requestedMinutes, ConfigNode.fmt(min)));
        int shown = Math.min(5, gaps.size());
        for (int i = 0; i < shown; i++) {
            sb.append(i > 0 ? ", " : "").append(gaps.get(i));
        }
        if (gapCount > shown) {
            sb.append(" and ").append(gapCount - shown).append(" more gaps");
        }
        sb.append(" (ingest or backfill them, move start/end, or lower data.min_coverage)");
        throw new ConfigException("data.min_coverage", sb.toString());
    }

    /** The {@code data} block of metrics.json, in a fixed order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requested_start", requestedStart.toString());
        m.put("requested_end", requestedEnd.toString());
        m.put("covered_start", coveredStart == null ? null : coveredStart.toString());
        m.put("covered_end", coveredEnd == null ? null : coveredEnd.toString());
        m.put("requested_minutes", requestedMinutes);
        m.put("real_minutes", realMinutes);
        m.put("missing_minutes", missingMinutes);
        m.put("coverage", coverage);
        m.put("bars", bars);
        m.put("real_bars", bars - barsWithoutReal);
        m.put("bars_with_filled_minutes", barsWithFilled);
        m.put("bars_without_real_minute", barsWithoutReal);
        m.put("no_market_data_decisions", noMarketDataDecisions);
        m.put("gap_count", gapCount);
        List<Map<String, Object>> listed = new ArrayList<>();
        for (MinuteGaps.Gap g : gaps) {
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("from", Instant.ofEpochMilli(g.startMs()).toString());
            gm.put("to", Instant.ofEpochMilli(g.endMs()).toString());
            gm.put("minutes", g.minutes());
            listed.add(gm);
        }
        m.put("gaps", listed);
        return m;
    }
}
