package backtest.bias;

import backtest.BacktestEngine;
import backtest.BacktestResult;
import backtest.Decision;
import backtest.DecisionLog;
import backtest.LookAheadException;
import backtest.RunProgress;
import backtest.Strategy;
import backtest.bias.BiasReport.CutResult;
import backtest.bias.BiasReport.Difference;
import backtest.bias.BiasReport.WarmupResult;
import backtest.config.BacktestConfig;
import backtest.config.ConfigException;
import backtest.config.StrategyType;
import backtest.plugin.StrategyFailure;
import features.Bars;
import features.DataSource;
import features.FeatureEngine;
import features.FeatureFrame;
import features.Interval;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code backtest check-bias}: the look-ahead and warm-up analysis of any strategy, built-in or plug-in.
 *
 * <p><b>Look-ahead.</b> The strategy is run on several truncated windows [start, cut), each from its own feature frame
 * recomputed from the store up to the cut (nothing after the cut is loaded, so no channel - the API, reflection into
 * the frame, a static field of the plug-in - can reach it), and every decision before the cut, and every feature value
 * of those bars, must equal the full run's. The cuts run first, earliest first, each with a new strategy, and the full
 * run last: a plug-in that remembers bars across runs in static state can only remember the past of the first cut, so
 * the full run then differs from it. Half of the cuts fall evenly over the decision bars, half just after actionable
 * (BUY/SELL) decisions of the full run - where peeking changes what a strategy does. A strategy that reads a later row
 * through the API fails with {@link LookAheadException}; that is a look-ahead finding too.
 *
 * <p><b>Warm-up.</b> The indicators are recomputed with more history (twice the declared warm-up with its margin: the
 * values must agree to 1e-9 relative from the first bar, and the decisions must be equal - otherwise the declared
 * warm-up is too short) and with less (1/2, 1/4 and none: the sensitivity, reported with the first differing
 * indicator and decision, not a failure - less history than declared is expected to change values).
 */
public final class BiasCheck {
    /** Relative tolerance of "warm": the definition behind every indicator's declared warm-up. */
    public static final double WARM_TOLERANCE = 1e-9;
    static final double[] SHORTER = {0.5, 0.25, 0.0};
    static final double LONGER = 2.0;

    /** A new strategy for each run (the cuts must not share one). */
    @FunctionalInterface
    public interface Strategies {
        Strategy create(BacktestConfig cfg) throws IOException;
    }

    private final DataSource source;
    private final Strategies strategies;

    public BiasCheck(DataSource source, Strategies strategies) {
        this.source = source;
        this.strategies = strategies;
    }

    /** One run of the analysis: its frame, and its result or how it failed. */
    record Run(FeatureFrame frame, BacktestResult result, String failure, RuntimeException error) {
        /** Failed for another reason than reading past its decision bar. */
        boolean brokeOtherwise() {
            return error != null && !(error instanceof LookAheadException || error.getCause() instanceof LookAheadException);
        }
    }

    public BiasReport check(BacktestConfig cfg, int cuts) throws IOException {
        if (cuts < 1 || cuts > 100) {
            throw new ConfigException("--cuts", "must be from 1 to 100, got " + cuts);
        }
        Interval interval = cfg.interval();
        FeatureEngine engine = new FeatureEngine(source);
        Instant standard = FeatureEngine.historyStart(cfg.featureSpec(), cfg.start());
        long startBucket = interval.bucketStart(cfg.start().toEpochMilli());
        long historyBars = (startBucket - standard.toEpochMilli()) / interval.millis();

        FeatureFrame whole = engine.computeWithHistory(cfg.featureSpec(), cfg.start(), cfg.end(), standard).frame();
        if (whole.size() == 0) {
            throw new ConfigException("start", "no bars stored between " + cfg.start() + " and " + cfg.end()
                    + " (ingest or backfill them first)");
        }
        // Evenly spread cuts first (the very first run of this strategy here sees nothing but its cut's past), then
        // the full run, then the cuts just after the full run's actionable decisions.
        int even = (cuts + 1) / 2;
        TreeSet<Integer> done = new TreeSet<>();
        List<Integer> cutRows = new ArrayList<>();
        List<Run> cutRuns = new ArrayList<>();
        for (int row : evenRows(whole.size(), even)) {
            if (done.add(row)) {
                cutRows.add(row);
                cutRuns.add(run(cfg, engine, Instant.ofEpochMilli(whole.bars().openTime[row]), standard));
            }
        }
        Run full = run(cfg, engine, cfg.end(), standard);
        if (full.brokeOtherwise()) {
            throw full.error; // the analysis cannot say anything about a strategy that fails on its own
        }
        if (full.result != null) {
            for (int row : actionableRows(full.result.decisions(), whole.size(), cuts - even)) {
                if (done.add(row)) {
                    cutRows.add(row);
                    cutRuns.add(run(cfg, engine, Instant.ofEpochMilli(whole.bars().openTime[row]), standard));
                }
            }
        }
        List<CutResult> cutResults = new ArrayList<>();
        for (int k = 0; k < cutRows.size(); k++) {
            cutResults.add(compareCut(full, cutRuns.get(k), cutRows.get(k), whole));
        }
        cutResults.sort(java.util.Comparator.comparingInt(CutResult::row));

        List<WarmupResult> warmups = new ArrayList<>();
        if (full.result != null) {
            // an llm strategy is not asked again on other histories: every changed prompt would be a new LLM call
            boolean decide = !StrategyType.LLM.equals(cfg.strategy().type());
            long longer = (long) Math.ceil(historyBars * LONGER);
            warmups.add(compareWarmup(full, run(cfg, engine, cfg.end(),
                    Instant.ofEpochMilli(startBucket - longer * interval.millis()), decide), LONGER, longer, true));
            for (double f : SHORTER) {
                long bars = (long) Math.floor(historyBars * f);
                warmups.add(compareWarmup(full, run(cfg, engine, cfg.end(),
                        Instant.ofEpochMilli(startBucket - bars * interval.millis()), decide), f, bars, false));
            }
        }
        String strategy = full.result != null ? full.result.strategy() : cfg.strategy().type().code();
        return new BiasReport(strategy, cfg.start(), cfg.end(), whole.size(),
                full.result == null ? 0 : full.result.decisions().size(), historyBars,
                full.failure, cutResults, warmups);
    }

    private Run run(BacktestConfig cfg, FeatureEngine engine, Instant end, Instant historyFrom) throws IOException {
        return run(cfg, engine, end, historyFrom, true);
    }

    /** One run; with {@code decide} false only its frame (the strategy is not asked). */
    private Run run(BacktestConfig cfg, FeatureEngine engine, Instant end, Instant historyFrom, boolean decide)
            throws IOException {
        BacktestConfig c = cfg.withWindow(cfg.start(), end, cfg.initialCash());
        FeatureFrame frame = engine.computeWithHistory(c.featureSpec(), c.start(), end, historyFrom).frame();
        if (frame.size() == 0) {
            return new Run(frame, null, "no bars before " + end, null);
        }
        if (!decide) {
            return new Run(frame, null, null, null);
        }
        Bars minutes = c.risk().any() && c.interval() != Interval.M1
                ? source.fetchOhlcv(Interval.M1, c.start(), end) : null;
        try {
            return new Run(frame, BacktestEngine.run(c, frame, minutes, strategies.create(c), RunProgress.NONE),
                    null, null);
        } catch (LookAheadException e) {
            return new Run(frame, null, "look-ahead: " + e.getMessage(), e);
        } catch (StrategyFailure e) {
            return new Run(frame, null, e.getMessage(), e);
        }
    }

    /** {@code n} cut rows (exclusive ends) spread evenly over a frame of {@code size} rows, ascending. */
    static List<Integer> evenRows(int size, int n) {
        TreeSet<Integer> rows = new TreeSet<>();
        for (int j = 1; j <= n; j++) {
            rows.add((int) ((long) j * size / (n + 1)));
        }
        rows.removeIf(r -> r <= 0 || r >= size);
        return List.copyOf(rows);
    }

    /**
     * Up to {@code n} cut rows just after actionable (BUY/SELL) decisions, spread evenly over them: each makes that
     * decision the last one of its cut, where a peek at the next bar shows.
     */
    static List<Integer> actionableRows(DecisionLog log, int size, int n) {
        List<Integer> actionable = new ArrayList<>();
        for (int k = 0; k < log.size(); k++) {
            if (log.decision(k).action() != backtest.Action.HOLD) {
                actionable.add(log.row(k) + 1);
            }
        }
        TreeSet<Integer> rows = new TreeSet<>();
        for (int j = 0; j < n && !actionable.isEmpty(); j++) {
            rows.add(actionable.get((int) ((long) j * actionable.size() / n)));
        }
        rows.removeIf(r -> r <= 0 || r >= size);
        return List.copyOf(rows);
    }

    static CutResult compareCut(Run full, Run cut, int cutRow, FeatureFrame whole) {
        Instant cutAt = Instant.ofEpochMilli(whole.bars().openTime[cutRow]);
        if (cut.failure != null || full.failure != null) {
            return new CutResult(cutAt, cutRow, 0, null, cut.failure != null ? cut.failure : full.failure);
        }
        Difference feature = firstFeatureDifference(full.frame, cut.frame, cutRow, 0.0);
        DecisionLog a = full.result.decisions();
        DecisionLog b = cut.result.decisions();
        int compared = 0;
        Difference decision = null;
        for (int k = 0; k < b.size() && decision == null; k++) {
            if (k >= a.size() || a.ts(k) != b.ts(k) || !a.decision(k).equals(b.decision(k))) {
                decision = Difference.decision(b.ts(k), k < a.size() ? describe(a.decision(k)) : "(none)",
                        describe(b.decision(k)));
            } else {
                compared++;
            }
        }
        // the full run's decisions before the cut the cut run did not make
        if (decision == null && a.size() > b.size() && a.row(b.size()) < cutRow) {
            decision = Difference.decision(a.ts(b.size()), describe(a.decision(b.size())), "(none)");
        }
        return new CutResult(cutAt, cutRow, compared, feature != null ? feature : decision, null);
    }

    static WarmupResult compareWarmup(Run full, Run variant, double factor, long bars, boolean mustMatch) {
        if (variant.failure != null) {
            return new WarmupResult(factor, bars, mustMatch, null, null, null, 0, variant.failure);
        }
        Difference feature = firstFeatureDifference(full.frame, variant.frame, full.frame.size(), WARM_TOLERANCE);
        Instant agreeFrom = null;
        if (feature != null) {
            int last = lastFeatureDifference(full.frame, variant.frame, WARM_TOLERANCE);
            agreeFrom = last + 1 < full.frame.size() ? Instant.ofEpochMilli(full.frame.bars().openTime[last + 1]) : null;
        }
        if (variant.result == null) { // decisions not compared (an llm strategy)
            return new WarmupResult(factor, bars, mustMatch, feature, agreeFrom, null, -1, null);
        }
        DecisionLog a = full.result.decisions();
        DecisionLog b = variant.result.decisions();
        Difference decision = null;
        int differing = 0;
        for (int k = 0; k < Math.min(a.size(), b.size()); k++) {
            Decision x = a.decision(k);
            Decision y = b.decision(k);
            if (x.action() != y.action() || x.sizePct() != y.sizePct()) {
                differing++;
                if (decision == null) {
                    decision = Difference.decision(a.ts(k), describe(x), describe(y));
                }
            }
        }
        differing += Math.abs(a.size() - b.size());
        return new WarmupResult(factor, bars, mustMatch, feature, agreeFrom, decision, differing, null);
    }

    /**
     * The first bar (row order), then column order, where {@code b} differs from {@code a} in rows [0, rows): exactly
     * (tolerance 0) or by more than {@code tolerance} relative; NaN (warming up) only equals NaN.
     */
    static Difference firstFeatureDifference(FeatureFrame a, FeatureFrame b, int rows, double tolerance) {
        int n = Math.min(rows, Math.min(a.size(), b.size()));
        if (b.size() < Math.min(rows, a.size())) {
            n = b.size();
        }
        Bars x = a.bars();
        Bars y = b.bars();
        for (int i = 0; i < n; i++) {
            if (x.openTime[i] != y.openTime[i]) {
                return Difference.feature(Math.min(x.openTime[i], y.openTime[i]), "ts", x.openTime[i], y.openTime[i]);
            }
            double[][] base = {{x.open[i], y.open[i]}, {x.high[i], y.high[i]}, {x.low[i], y.low[i]},
                    {x.close[i], y.close[i]}, {x.volume[i], y.volume[i]}};
            String[] names = {"open", "high", "low", "close", "volume"};
            for (int c = 0; c < base.length; c++) {
                if (differs(base[c][0], base[c][1], 0.0)) {
                    return Difference.feature(x.openTime[i], names[c], base[c][0], base[c][1]);
                }
            }
            for (Map.Entry<String, double[]> col : a.columns().entrySet()) {
                double[] other = b.columns().get(col.getKey());
                double v = col.getValue()[i];
                double w = other == null ? Double.NaN : other[i];
                if (differs(v, w, tolerance)) {
                    return Difference.feature(x.openTime[i], col.getKey(), v, w);
                }
            }
        }
        if (b.size() < Math.min(rows, a.size())) {
            return Difference.missing(x.openTime[b.size()]);
        }
        return null;
    }

    /** The last row where an indicator column of {@code b} differs from {@code a} by more than {@code tolerance}; -1 if none. */
    static int lastFeatureDifference(FeatureFrame a, FeatureFrame b, double tolerance) {
        int n = Math.min(a.size(), b.size());
        int last = a.size() == b.size() ? -1 : n - 1;
        for (Map.Entry<String, double[]> col : a.columns().entrySet()) {
            double[] x = col.getValue();
            double[] y = b.columns().get(col.getKey());
            for (int i = n - 1; i > last; i--) {
                if (y == null || differs(x[i], y[i], tolerance)) {
                    last = i;
                    break;
                }
            }
        }
        return last;
    }

    static boolean differs(double a, double b, double tolerance) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) != Double.isNaN(b);
        }
        if (tolerance == 0.0) {
            return Double.doubleToLongBits(a) != Double.doubleToLongBits(b) && a != b;
        }
        return Math.abs(a - b) > tolerance * Math.max(Math.abs(a), Math.abs(b));
    }

    static String describe(Decision d) {
        String s = d.action() + (d.action() == backtest.Action.HOLD ? "" : " " + d.sizePct());
        return d.note().isEmpty() ? s : s + " (" + d.note() + ")";
    }
}
