package verify;

import static verify.MinuteRange.MINUTE_MS;
import static verify.Months.startMs;
import static verify.RowFindings.at;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import storage.KlineColumns;

/** Checks every row of one month file: order, duplicates, times, finite values, OHLC and volume rules. */
final class MonthRowChecks {
    private static final String[] DOUBLE_COLUMNS = {"open", "high", "low", "close", "volume", "quote_asset_volume",
        "taker_base", "taker_quote"};

    private MonthRowChecks() {
    }

    static MonthScan scan(YearMonth month, KlineColumns c) {
        long start = startMs(month);
        long end = startMs(month.plusMonths(1));
        BitSet present = new BitSet((int) ((end - start) / MINUTE_MS));
        RowFindings unsorted = new RowFindings(ProblemKind.UNSORTED, "rows out of open_time order");
        RowFindings duplicate = new RowFindings(ProblemKind.DUPLICATE, "duplicate rows");
        RowFindings openTime = new RowFindings(ProblemKind.OPEN_TIME, "rows with a bad open_time");
        RowFindings nonFinite = new RowFindings(ProblemKind.NON_FINITE, "rows with NaN or infinite values");
        RowFindings ohlc = new RowFindings(ProblemKind.OHLC, "rows with inconsistent prices or volumes");
        RowFindings closeTime = new RowFindings(ProblemKind.CLOSE_TIME, "rows with close_time outside their minute");
        long first = -1;
        long last = -1;
        for (int i = 0; i < c.size(); i++) {
            long t = c.openTime[i];
            if (i > 0 && t < c.openTime[i - 1]) {
                unsorted.add(t, "row " + i + " " + at(t) + " follows " + at(c.openTime[i - 1]));
            }
            if (t % MINUTE_MS != 0 || t < start || t >= end) {
                openTime.add(t, "row " + i + " " + at(t) + (t % MINUTE_MS != 0 ? " is not on a whole minute"
                        : " is outside " + month));
            } else {
                int k = (int) ((t - start) / MINUTE_MS);
                if (present.get(k)) {
                    duplicate.add(t, at(t) + " stored again at row " + i);
                }
                present.set(k);
                first = first < 0 ? t : Math.min(first, t);
                last = Math.max(last, t);
            }
            String nan = nonFiniteColumns(c, i);
            if (!nan.isEmpty()) {
                nonFinite.add(t, at(t) + " " + nan);
            } else {
                String bad = ohlcViolation(c, i);
                if (bad != null) {
                    ohlc.add(t, at(t) + " " + bad);
                }
            }
            if (c.closeTime[i] <= t || c.closeTime[i] > t + MINUTE_MS - 1) { // the rule ingest applies (KlineRowParser)
                closeTime.add(t, at(t) + " close_time " + at(c.closeTime[i]));
            }
        }
        List<Problem> problems = new ArrayList<>();
        for (RowFindings f : List.of(unsorted, duplicate, openTime, nonFinite, ohlc, closeTime)) {
            if (f.any()) {
                problems.add(f.toProblem(month));
            }
        }
        return new MonthScan(c.size(), present, first, last, problems);
    }

    private static String nonFiniteColumns(KlineColumns c, int i) {
        double[][] cols = {c.open, c.high, c.low, c.close, c.volume, c.quoteVolume, c.takerBase, c.takerQuote};
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < cols.length; k++) {
            if (!Double.isFinite(cols[k][i])) {
                sb.append(sb.isEmpty() ? "" : ", ").append(DOUBLE_COLUMNS[k]).append('=').append(cols[k][i]);
            }
        }
        return sb.toString();
    }

    /** The first rule row i breaks, or null. Values are finite here. */
    private static String ohlcViolation(KlineColumns c, int i) {
        double o = c.open[i];
        double h = c.high[i];
        double l = c.low[i];
        double cl = c.close[i];
        if (o <= 0 || h <= 0 || l <= 0 || cl <= 0) {
            return "price <= 0 (open " + o + ", high " + h + ", low " + l + ", close " + cl + ")";
        }
        if (h < l) {
            return "high " + h + " < low " + l;
        }
        if (l > o || l > cl) {
            return "low " + l + " > " + (l > o ? "open " + o : "close " + cl);
        }
        if (h < o || h < cl) {
            return "high " + h + " < " + (h < o ? "open " + o : "close " + cl);
        }
        if (c.volume[i] < 0 || c.quoteVolume[i] < 0 || c.takerBase[i] < 0 || c.takerQuote[i] < 0 || c.trades[i] < 0) {
            return "negative volume or trade count (volume " + c.volume[i] + ", quote " + c.quoteVolume[i]
                    + ", taker base " + c.takerBase[i] + ", taker quote " + c.takerQuote[i] + ", trades " + c.trades[i] + ")";
        }
        return null;
    }
}
