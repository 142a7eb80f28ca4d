package backtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The round trips of a run by exit reason (what closed them): count, PnL, wins and win rate per reason, in
 * {@link ExitReason} order, every reason listed (a reason with no trip has count 0 and an undefined win rate). The open
 * trade at the end counts as one {@link ExitReason#END_OF_DATA} trip with its realised plus unrealised PnL, so the
 * PnL column adds up to the run's total PnL.
 */
public record ExitStats(List<Row> rows) {
    /** One reason's trips; {@code winRate} is NaN without trips. */
    public record Row(ExitReason reason, int count, double pnl, int wins, double winRate) {
    }

    public ExitStats {
        rows = List.copyOf(rows);
    }

    public static ExitStats of(List<RoundTrip> trips, OpenTrade open) {
        ExitReason[] reasons = ExitReason.values();
        int[] count = new int[reasons.length];
        int[] wins = new int[reasons.length];
        double[] pnl = new double[reasons.length];
        for (RoundTrip t : trips) {
            int r = t.exitReason().ordinal();
            count[r]++;
            pnl[r] += t.pnl();
            wins[r] += t.win() ? 1 : 0;
        }
        if (open != null) {
            int r = ExitReason.END_OF_DATA.ordinal();
            count[r]++;
            pnl[r] += open.pnl();
            wins[r] += open.pnl() > 0 ? 1 : 0;
        }
        List<Row> rows = new ArrayList<>();
        for (ExitReason r : reasons) {
            int k = r.ordinal();
            rows.add(new Row(r, count[k], pnl[k], wins[k], count[k] == 0 ? Double.NaN : (double) wins[k] / count[k]));
        }
        return new ExitStats(rows);
    }

    /** The {@code exits} block of metrics.json: {reason: {count, pnl, wins, win_rate}}, NaN as null. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Row r : rows) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("count", r.count());
            v.put("pnl", r.pnl());
            v.put("wins", r.wins());
            v.put("win_rate", Double.isNaN(r.winRate()) ? null : r.winRate());
            m.put(r.reason().code(), v);
        }
        return m;
    }
}
