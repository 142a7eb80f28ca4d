package backtest.run;

import backtest.Action;
import backtest.BacktestEngine;
import backtest.BacktestResult;
import backtest.Decision;
import backtest.DecisionContext;
import backtest.ExitReason;
import backtest.ExplainedStrategy;
import backtest.Fill;
import backtest.Metrics;
import backtest.OpenTrade;
import backtest.RoundTrip;
import backtest.Strategy;
import backtest.TestConfigs;
import backtest.TestFrames;
import backtest.config.BacktestConfig;
import features.FeatureFrame;
import features.Interval;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small run for the artefact and report tests: eight 15m bars from 2024-01-01 00:00 UTC, a scripted strategy
 * (routine and explained HOLDs, BUYs and SELLs), hand-made metrics, fills and round trips where a test needs exact
 * figures.
 */
final class RunFixtures {
    static final long T0 = java.time.Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    static final long BAR = 15 * 60_000L;
    static final double[] CLOSES = {100, 101, 99, 104, 102, 97, 95, 96};

    private RunFixtures() {
    }

    static long bar(int k) {
        return T0 + k * BAR;
    }

    static BacktestConfig config(String... extra) {
        List<String> lines = new ArrayList<>(List.of("start: 2024-01-01", "end: 2024-01-01T02:00:00Z",
                "interval: 15m", "initial_cash: 10000", "fee_rate: 0.001", "slippage_bps: 2",
                "strategy: {type: ema-cross, decision_every: 15m}"));
        lines.addAll(List.of(extra));
        return TestConfigs.of(lines.toArray(String[]::new));
    }

    /** The eight bars with ema_fast, ema_slow and rsi columns (values made up, not computed). */
    static FeatureFrame frame() {
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put("rsi", new double[] {50, 51, 49, 60, 55, 40, 35, 38});
        cols.put("ema_slow", new double[] {100, 100.1, 100, 100.5, 100.6, 100.2, 99.8, 99.5});
        cols.put("ema_fast", new double[] {100, 100.5, 99.9, 101.5, 101.6, 100, 98.5, 97.8});
        return TestFrames.of(Interval.M15, CLOSES, cols);
    }

    /** The script: routine HOLD, BUY half, HOLD with a note, SELL all, HOLD with a note, BUY all, routine HOLDs. */
    static Decision decision(int k) {
        return switch (k) {
            case 1 -> Decision.buy(0.5, "in");
            case 2 -> Decision.hold("waiting");
            case 3 -> Decision.sell(1, "out");
            case 4 -> Decision.hold("flat");
            case 5 -> Decision.buy(1, "again");
            default -> Decision.noSignal("no cross");
        };
    }

    static class Scripted implements Strategy {
        @Override
        public Decision decide(DecisionContext ctx) {
            return decision(ctx.index());
        }

        @Override
        public String name() {
            return "scripted";
        }
    }

    /**
     * The script with details per decision: {@code num} a number (null at bar 6), {@code text} a string (null at bar
     * 2), {@code mixed} a string at even bars and an object at odd ones, {@code late} only from bar 3 on.
     */
    static final class Explained extends Scripted implements ExplainedStrategy {
        @Override
        public Map<String, Object> details(long ts) {
            int k = (int) ((ts - T0) / BAR);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("num", k == 6 ? null : k * 1.5);
            m.put("text", k == 2 ? null : "t" + k);
            m.put("mixed", k % 2 == 0 ? "plain-" + k : Map.of("a", k));
            if (k >= 3) {
                m.put("late", k);
            }
            return m;
        }

        @Override
        public Map<String, Object> runMetrics() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("calls", 8);
            m.put("model", "m1");
            return m;
        }

        @Override
        public String metricsBlock() {
            return "llm";
        }

        @Override
        public String name() {
            return "explained";
        }
    }

    static BacktestResult run(BacktestConfig cfg, Strategy strategy) {
        return BacktestEngine.run(cfg, frame(), strategy);
    }

    /** A fill with the reference price = price (no slippage) and no realised PnL unless given. */
    static Fill fill(long ts, Action side, double qty, double price, double fee, double realized, String note,
                     ExitReason reason) {
        return new Fill(ts, side, qty, price, qty * price, fee, qty * 0.01, realized, note, reason);
    }

    /**
     * Hand-made fills: a SELL before any trip (bar 0), trip A (BUY bars 1 and 2, stop-loss SELL inside bar 3), trip B
     * (a SELL only, bar 4), and the BUY at bar 5 that opens the trip still open at the end.
     */
    static List<Fill> fills() {
        return List.of(
                fill(bar(0), Action.SELL, 0.05, 99, 0.005, 0, "pre", ExitReason.SIGNAL),
                fill(bar(1), Action.BUY, 0.1, 100, 0.01, 0, "in", ExitReason.SIGNAL),
                fill(bar(2), Action.BUY, 0.1, 110, 0.011, 0, "more", ExitReason.SIGNAL),
                fill(bar(3) + 5 * 60_000L, Action.SELL, 0.2, 120, 0.024, 2.5, "stop", ExitReason.STOP_LOSS),
                fill(bar(4), Action.SELL, 0.1, 130, 0.013, -1, "odd", ExitReason.SIGNAL),
                fill(bar(5), Action.BUY, 0.3, 90, 0.027, 0, "again", ExitReason.SIGNAL));
    }

    static List<RoundTrip> trips() {
        return List.of(new RoundTrip(bar(1), bar(3) + 5 * 60_000L, 3, 2.5, ExitReason.STOP_LOSS),
                new RoundTrip(bar(4), bar(4), 1, -1, ExitReason.SIGNAL));
    }

    static OpenTrade open() {
        return new OpenTrade(bar(5), 1, 0.3, 90.09, 96, 0, 1.773);
    }

    /** {@code base} (a real run: its curve and decisions) with the hand-made metrics, fills, trips and open trade. */
    static BacktestResult handMade(BacktestResult base, BacktestConfig cfg, Metrics metrics, int unfilled) {
        return new BacktestResult(cfg, base.strategy(), base.curve(), fills(), trips(), open(), base.decisions(),
                base.noMarketDataDecisions(), metrics, unfilled, 0);
    }

    /** Metrics with the given components (by record component name), every other one 0. */
    static Metrics metrics(Map<String, Object> values) {
        RecordComponent[] comps = Metrics.class.getRecordComponents();
        Class<?>[] types = new Class<?>[comps.length];
        Object[] args = new Object[comps.length];
        Map<String, Object> left = new HashMap<>(values);
        for (int i = 0; i < comps.length; i++) {
            types[i] = comps[i].getType();
            Object v = left.remove(comps[i].getName());
            if (types[i] == int.class) {
                args[i] = v == null ? 0 : ((Number) v).intValue();
            } else if (types[i] == long.class) {
                args[i] = v == null ? 0L : ((Number) v).longValue();
            } else {
                args[i] = v == null ? 0.0 : ((Number) v).doubleValue();
            }
        }
        if (!left.isEmpty()) {
            throw new IllegalArgumentException("not metrics: " + left.keySet());
        }
        try {
            return Metrics.class.getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Figures of every kind: plain numbers, NaN (undefined), +/- infinity. */
    static Metrics sampleMetrics() {
        Map<String, Object> m = new HashMap<>();
        m.put("bars", 8);
        m.put("elapsedMinutes", 120_000L);
        m.put("initialCash", 10_000);
        m.put("finalEquity", 10_234.5);
        m.put("totalPnl", 234.5);
        m.put("totalReturn", 0.023456);
        m.put("buyHoldReturn", Double.NaN);
        m.put("maxDrawdown", 150.25);
        m.put("maxDrawdownPct", 0.0123);
        m.put("maxDrawdownBars", 4);
        m.put("fills", 6);
        m.put("buys", 3);
        m.put("sells", 3);
        m.put("roundTrips", 3);
        m.put("winRate", 2 / 3.0);
        m.put("profitFactor", Double.POSITIVE_INFINITY);
        m.put("expectancy", -12.5);
        m.put("avgWin", 20);
        m.put("avgLoss", Double.NaN);
        m.put("feesPaid", 10.123);
        m.put("slippageCost", 1);
        m.put("exposurePct", 0.5);
        m.put("sharpe", Double.NaN);
        m.put("sortino", Double.NEGATIVE_INFINITY);
        m.put("calmar", 1.5);
        return metrics(m);
    }
}
