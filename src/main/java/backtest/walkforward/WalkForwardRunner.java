package backtest.walkforward;

import backtest.BacktestEngine;
import backtest.BacktestResult;
import backtest.EquityCurve;
import backtest.MetricsCalculator;
import backtest.RunProgress;
import backtest.config.BacktestConfig;
import backtest.config.ConfigException;
import backtest.strategy.Strategies;
import backtest.sweep.GridSpec;
import backtest.sweep.SweepMetric;
import backtest.sweep.SweepResult;
import backtest.sweep.SweepRunner;
import features.Bars;
import features.DataSource;
import features.FeatureEngine;
import features.FeatureFrame;
import features.Interval;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Walk-forward validation: for each fold of {@link WalkForwardFolds}, sweep the grid on the train window
 * ({@link SweepRunner} over a copy of the base config whose window is the train window - so it reads no bar at or after
 * the train end), pick the best row by the ranking metric (ties in grid order), then run that combination on the test
 * window as a normal run would (indicator warm-up read from before the test window; only the test window's bars
 * decide and are counted).
 *
 * <p>Stitching: fold k's test run starts with the equity fold k-1 ended with (the first with the config's initial
 * cash), flat: a position still open at a test window's end is valued at that window's last close (as the fold's
 * equity is) and not carried into the next fold. The stitched curve is the test curves end to end.
 */
public final class WalkForwardRunner {
    private WalkForwardRunner() {
    }

    /** One fold's outcome: its windows, the chosen row of the train sweep and the test run. */
    public record FoldResult(WalkForwardFolds.Fold fold, SweepResult.Row chosen, int trainCombinationsRun,
                             BacktestResult test) {
    }

    public static List<FoldResult> run(BacktestConfig base, GridSpec grid, WalkForwardFolds spec, SweepMetric by,
                                       DataSource source, int threads) throws IOException {
        List<FoldResult> out = new ArrayList<>();
        double cash = base.initialCash();
        for (WalkForwardFolds.Fold f : spec.folds(base.start(), base.end())) {
            out.add(fold(base, grid, f, by, source, threads, cash));
            cash = out.get(out.size() - 1).test().metrics().finalEquity();
        }
        return out;
    }

    /** Fold {@code f} alone, its test run starting with {@code cash}: the train sweep never reads past the train end. */
    public static FoldResult fold(BacktestConfig base, GridSpec grid, WalkForwardFolds.Fold f, SweepMetric by,
                                  DataSource source, int threads, double cash) throws IOException {
        SweepResult sweep = train(base, grid, f, source, threads);
        return test(f, sweep.ranking(by).get(0), sweep.rows().size(), source, cash);
    }

    /**
     * Fold {@code f}'s test run of {@code best} (the row its train sweep chose; only its config is used), starting with
     * {@code cash}: the second half of {@link #fold}, for callers that run the train sweeps elsewhere (one Spark task
     * per fold) and the test runs in fold order.
     */
    public static FoldResult test(WalkForwardFolds.Fold f, SweepResult.Row best, int trainCombinationsRun,
                                  DataSource source, double cash) throws IOException {
        BacktestConfig testCfg = best.config().withWindow(f.testStart(), f.testEnd(), cash);
        FeatureFrame frame = new FeatureEngine(source).compute(testCfg.featureSpec(), testCfg.start(), testCfg.end());
        if (frame.size() == 0) {
            throw new ConfigException("start", "fold " + f.index() + ": no bars in the test window " + f.testStart()
                    + " .. " + f.testEnd());
        }
        Bars minutes = testCfg.risk().any() && testCfg.interval() != Interval.M1
                ? source.fetchOhlcv(Interval.M1, testCfg.start(), testCfg.end()) : null;
        BacktestResult test = BacktestEngine.run(testCfg, frame, minutes, Strategies.of(testCfg.strategy()),
                RunProgress.NONE);
        return new FoldResult(f, best, trainCombinationsRun, test);
    }

    /**
     * The sweep of fold {@code f}'s train window: the base config over [trainStart, trainEnd) - the bars it reads end at
     * the train end (the warm-up lies before the train start) - whose best row by the metric is the fold's choice.
     */
    public static SweepResult train(BacktestConfig base, GridSpec grid, WalkForwardFolds.Fold f, DataSource source,
                                    int threads) throws IOException {
        try {
            return SweepRunner.run(base.withWindow(f.trainStart(), f.trainEnd(), base.initialCash()), grid, source,
                    threads);
        } catch (ConfigException e) {
            throw new ConfigException(e.key(), "fold " + f.index() + " train window: " + e.getMessage());
        }
    }

    /** The stitched out-of-sample curve: open times, equity and buy-and-hold (the initial cash in the asset). */
    public record Stitched(long[] ts, double[] equity, double[] buyHold, double[] close) {
    }

    public static Stitched stitch(BacktestConfig base, List<FoldResult> folds) {
        int n = folds.stream().mapToInt(r -> r.test().curve().size()).sum();
        long[] ts = new long[n];
        double[] eq = new double[n];
        double[] close = new double[n];
        int at = 0;
        for (FoldResult r : folds) {
            EquityCurve c = r.test().curve();
            System.arraycopy(c.ts(), 0, ts, at, c.size());
            System.arraycopy(c.equity(), 0, eq, at, c.size());
            System.arraycopy(c.close(), 0, close, at, c.size());
            at += c.size();
        }
        double[] bh = new double[n];
        for (int i = 0; i < n; i++) {
            bh[i] = base.initialCash() * close[i] / close[0];
        }
        return new Stitched(ts, eq, bh, close);
    }

    /**
     * Metrics of the whole out-of-sample run from the stitched curve, defined as {@link MetricsCalculator} defines them
     * (per-bar returns from the initial cash, Sharpe annualised by the interval's bars per year with no bar missing,
     * drawdown from a running peak starting at the initial cash); fills, round trips and fees are the folds' sums.
     */
    public static Map<String, Object> metrics(BacktestConfig base, List<FoldResult> folds, Stitched s) {
        double initial = base.initialCash();
        int n = s.equity().length;
        double prev = initial;
        double peak = initial;
        double sum = 0;
        double sum2 = 0;
        double maxDd = 0;
        for (double e : s.equity()) {
            double r = e / prev - 1;
            prev = e;
            sum += r;
            sum2 += r * r;
            peak = Math.max(peak, e);
            maxDd = Math.max(maxDd, (peak - e) / peak);
        }
        double mean = sum / n;
        double std = n > 1 ? Math.sqrt(Math.max(0, sum2 - n * mean * mean) / (n - 1)) : Double.NaN;
        double ppy = MetricsCalculator.periodsPerYear(base.interval());
        double last = s.equity()[n - 1];
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("folds", folds.size());
        m.put("bars", n);
        m.put("initial_cash", initial);
        m.put("final_equity", last);
        m.put("total_return", last / initial - 1);
        m.put("buy_hold_return", s.close()[n - 1] / s.close()[0] - 1);
        m.put("sharpe", std > 0 ? mean / std * Math.sqrt(ppy) : Double.NaN);
        m.put("max_drawdown_pct", maxDd);
        m.put("fills", folds.stream().mapToInt(r -> r.test().metrics().fills()).sum());
        m.put("round_trips", folds.stream().mapToInt(r -> r.test().metrics().roundTrips()).sum());
        m.put("fees_paid", folds.stream().mapToDouble(r -> r.test().metrics().feesPaid()).sum());
        m.put("profitable_folds", (int) folds.stream().filter(r -> r.test().metrics().totalPnl() > 0).count());
        return m;
    }
}
