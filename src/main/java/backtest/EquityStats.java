package backtest;

/**
 * The equity curve's part of the {@link Metrics}: the per-bar return sums (mean, sample stdev, downside deviation),
 * the running peak, both maximum drawdowns and the longest run below the peak, accumulated by {@link #mark} over
 * stretches of bars where the account (cash, position) did not change. The one implementation of these figures, for
 * every run: a sweep's metrics-only run passing the bars between crosses ({@link HoldScan}) marks as it goes and keeps
 * no equity array; every other run marks the stretches between the account's change points after its bar loop
 * ({@link EquityCurve#markInto}) - no run walks an equity array for its metrics. {@link MetricsCalculator} turns the
 * sums into the metrics.
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
 * <li>the downside sum adds {@code min(r, 0)^2}: {@code r^2} for a negative return, +0.0 otherwise - the same sums,
 * without a branch that a random walk mispredicts at every other bar (5x the time of the whole bar). A NaN return
 * makes it NaN where the definition adds 0, but the return sum is NaN then too, and the downside only serves Sortino
 * = mean / downside: NaN either way.
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

    /**
     * Bars {@code from} to {@code to - 1} marked with the account unchanged over them: equity {@code cash + position x
     * close[k]} at each (the engine's one expression). The running figures sit in locals for the stretch (a sweep's
     * metrics-only run marks the bars between two fills in one call) and go back to the fields at its end.
     */
    void mark(double cash, double position, double[] close, int from, int to) {
        double prev = this.prev;
        double peak = this.peak;
        double trough = this.trough;
        double sum = this.sum;
        double sum2 = this.sum2;
        double down2 = this.down2;
        double maxDd = this.maxDd;
        double maxDdPct = this.maxDdPct;
        int run = this.run;
        int maxRun = this.maxRun;
        double e = last;
        for (int k = from; k < to; k++) {
            e = cash + position * close[k];
            if (e == prev && e != 0 && e - e == 0) {
                run = e < peak ? run + 1 : 0;
                maxRun = Math.max(maxRun, run);
                continue;
            }
            double r = e / prev - 1;
            prev = e;
            sum += r;
            sum2 += r * r;
            double below = Math.min(r, 0.0); // no branch: r < 0 is a coin toss bar to bar (a mispredicted jump each)
            down2 += below * below;
            if (e > peak) { // a new peak closes the stretch below the last one
                maxDd = Math.max(maxDd, peak - trough);
                maxDdPct = Math.max(maxDdPct, AccountSnapshot.drawdown(peak, trough));
                peak = e;
                trough = e;
                if (e - e != 0) { // +infinity: the term at the peak itself is NaN (inf - inf), later ones are not
                    maxDd = Math.max(maxDd, peak - trough);
                    maxDdPct = Math.max(maxDdPct, AccountSnapshot.drawdown(peak, trough));
                }
            } else if (e < trough || e != e) {
                trough = e;
            }
            run = e < peak ? run + 1 : 0;
            maxRun = Math.max(maxRun, run);
        }
        this.prev = prev;
        this.peak = peak;
        this.trough = trough;
        this.sum = sum;
        this.sum2 = sum2;
        this.down2 = down2;
        this.maxDd = maxDd;
        this.maxDdPct = maxDdPct;
        this.run = run;
        this.maxRun = maxRun;
        this.last = e;
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
