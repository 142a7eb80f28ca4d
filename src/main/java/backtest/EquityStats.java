package backtest;

/**
 * The equity curve's part of the {@link Metrics}, accumulated one bar at a time as the engine marks the account: the
 * per-bar return sums (mean, sample stdev, downside deviation), the running peak, both maximum drawdowns and the
 * longest run below the peak. The one implementation of these figures: {@link BacktestEngine} feeds it every bar of
 * every run (full or metrics-only), so no run walks its equity curve again and a metrics-only run keeps no equity
 * array at all; {@link MetricsCalculator} turns it into the metrics.
 *
 * <p>The figures are those of the definitions in {@link MetricsCalculator}, computed in bar order (the same sums in
 * the same order), with two shortcuts that give the same bits:
 * <ul>
 * <li>a bar whose equity equals the last changed bar's (flat, or the price did not move), finite and not 0:
 * {@code r = e / prev - 1} is +0.0 exactly, so the sums (never -0.0) stay as they are and the peak and both drawdowns
 * equal the last bar's - only the run below the peak moves;
 * <li>the drawdowns are taken once per stretch between two new peaks, at the stretch's lowest equity ({@code trough}):
 * with the peak fixed, {@code peak - e} and {@code (peak - e) / peak} (rounded) only grow as {@code e} falls, so their
 * largest value in the stretch is the one at its lowest equity - one division per new peak instead of one per bar.
 * A NaN equity stays the trough until the next peak (it makes both maxima NaN, as a NaN per-bar term would); an
 * infinite peak is taken at once (its own term is NaN, the later ones' are not).
 * </ul>
 * Not thread-safe: one per run.
 */
final class EquityStats {
    private final double initial;
    private double prev;
    private double peak;
    private double trough;
    private double sum;
    private double sum2;
    private double down2;
    private double maxDd;
    private double maxDdPct;
    private int run;
    private int maxRun;
    private double last;

    EquityStats(double initialCash) {
        this.initial = initialCash;
        this.prev = initialCash;
        this.peak = initialCash;
        this.trough = initialCash;
        this.last = initialCash;
    }

    /** The equity at the next bar's close. */
    void add(double e) {
        last = e;
        if (e == prev && e != 0 && e - e == 0) {
            run = e < peak ? run + 1 : 0;
            maxRun = Math.max(maxRun, run);
            return;
        }
        double r = e / prev - 1;
        prev = e;
        sum += r;
        sum2 += r * r;
        down2 += r < 0 ? r * r : 0;
        if (e > peak) {
            closeStretch();
            peak = e;
            trough = e;
            if (e - e != 0) { // +infinity: the term at the peak itself is NaN (inf - inf), later ones are not
                closeStretch();
            }
        } else if (e < trough || e != e) {
            trough = e;
        }
        run = e < peak ? run + 1 : 0;
        maxRun = Math.max(maxRun, run);
    }

    private void closeStretch() {
        maxDd = Math.max(maxDd, peak - trough);
        maxDdPct = Math.max(maxDdPct, AccountSnapshot.drawdown(peak, trough));
    }

    /** The highest equity so far, starting at the initial cash (what a strategy is shown as the previous peak). */
    double peak() {
        return peak;
    }

    double initial() {
        return initial;
    }

    /** The last bar's equity (the initial cash before the first). */
    double last() {
        return last;
    }

    double sum() {
        return sum;
    }

    double sumOfSquares() {
        return sum2;
    }

    double downsideSquares() {
        return down2;
    }

    /** The largest peak - equity so far. */
    double maxDrawdown() {
        return Math.max(maxDd, peak - trough);
    }

    /** The largest (peak - equity) / peak so far. */
    double maxDrawdownPct() {
        return Math.max(maxDdPct, AccountSnapshot.drawdown(peak, trough));
    }

    /** The longest run of consecutive bars below the peak so far. */
    int maxRun() {
        return maxRun;
    }
}
