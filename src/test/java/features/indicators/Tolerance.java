package features.indicators;

/** Relative comparison used where ours meets ta4j or itself computed from another start. */
final class Tolerance {
    /** The agreement the issue asks for, after the warm-up. */
    static final double RELATIVE = 1e-9;

    private Tolerance() {
    }

    /**
     * True when {@code |a - b| <= rel * max(|a|, |b|, scale)}; NaN only equals NaN. {@code scale} is the column's
     * natural unit, for columns that cross zero (MACD lines: the price level; CMF: 1), where relative to the value
     * itself would demand ever more digits near the crossing; 0 for a plain relative comparison.
     */
    static boolean close(double a, double b, double rel, double scale) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) && Double.isNaN(b);
        }
        return Math.abs(a - b) <= rel * Math.max(Math.max(Math.abs(a), Math.abs(b)), scale);
    }

    /** The natural unit of a column at bar i (see {@link #close}). */
    static double scale(String column, features.Bars bars, int i) {
        return switch (column) {
            case "macd", "macd_signal", "macd_hist" -> Math.abs(bars.close[i]);
            case "cmf" -> 1.0;
            case "rsi" -> 1.0;
            default -> 0.0;
        };
    }
}
