package backtest;

import features.Bars;
import features.FeatureFrame;
import java.time.Instant;

/**
 * Bar-driven backtest over a feature frame. For each bar in order:
 * <ol>
 * <li>if it closes a {@code decision_every} bucket (open time + interval is a multiple of decision_every; every bar
 * when they are equal), the strategy is asked - seeing rows 0..bar only and the account marked at this bar's close
 * - and a BUY or SELL is filled at once at this bar's close ({@link Account} has the fill rules). A decision bar
 * made only of forward-filled minutes ({@link Bars#NO_REAL_MINUTE}) is not asked and nothing is filled on it: its
 * decision is HOLD with reason {@code no_market_data}, logged and counted;
 * <li>the account is marked at the bar's close into the equity curve (every bar, decision or not).
 * </ol>
 * The strategy may block ({@link Strategy}); the engine waits for each answer before the next bar, so a slow or
 * remote strategy gives the same result as a fast local one.
 */
public final class BacktestEngine {
    /** The decision at a decision bar made only of forward-filled minutes (the exchange did not trade in it). */
    /** Progress is reported when the bar index has these low bits clear (every 1,024 bars). */
    private static final int PROGRESS_MASK = 1023;
    static final Decision NO_MARKET_DATA = Decision.hold("no_market_data: no real minute in this bar (forward-filled)");

    private BacktestEngine() {
    }

    public static BacktestResult run(BacktestConfig cfg, FeatureFrame frame, Strategy strategy) {
        return run(cfg, frame, strategy, RunProgress.NONE);
    }

    /**
     * As {@link #run(BacktestConfig, FeatureFrame, Strategy)}, telling {@code progress} every 1,024 bars and before
     * each decision the strategy is asked for when not every bar decides or the strategy is an LLM
     * ({@link ExplainedStrategy}), so that a listener can stop a slow run between decisions.
     */
    public static BacktestResult run(BacktestConfig cfg, FeatureFrame frame, Strategy strategy, RunProgress progress) {
        long t0 = System.nanoTime();
        if (frame.spec().interval() != cfg.interval()) {
            throw new IllegalArgumentException("frame interval " + frame.spec().interval() + " is not the config's "
                    + cfg.interval());
        }
        int n = frame.size();
        if (n == 0) {
            throw new IllegalArgumentException("no bars between " + cfg.start() + " and " + cfg.end());
        }
        Bars b = frame.bars();
        long iv = cfg.interval().millis();
        long every = cfg.strategy().decisionEvery().toMillis();
        boolean everyBar = every == iv;
        Account acc = new Account(cfg.initialCash(), cfg.feeRate(), cfg.slippageBps(), cfg.minNotional(),
                cfg.stepSize());
        long[] ts = b.openTime;
        double[] close = b.close;
        EquityCurve curve = new EquityCurve(ts, close, n, cfg.initialCash());
        DecisionLog log = new DecisionLog(curve, cfg.initialCash(), (int) Math.min(n, (long) n * iv / every + 1));
        DecisionContext ctx = new DecisionContext(frame, acc);
        strategy.begin(ctx);
        double peak = cfg.initialCash();
        double cash = acc.cash;
        double pos = 0;
        double[] equity = curve.equity;
        byte[] flags = b.flags;
        int noMarketData = 0;
        // sparse decisions, or a strategy that explains itself (the LLM), may each take long: report before each one
        // (where a listener can stop the run); cheap rule strategies deciding at every bar every 1,024 bars only
        boolean reportEachDecision = !everyBar || strategy instanceof ExplainedStrategy;
        for (int i = 0; i < n; i++) {
            if ((i & PROGRESS_MASK) == 0) {
                progress.update(RunProgress.Phase.RUNNING, i, n);
            }
            long t = ts[i];
            double c = close[i];
            if (everyBar || Math.floorMod(t + iv, every) == 0) {
                Decision d;
                if ((flags[i] & Bars.NO_REAL_MINUTE) != 0) {
                    d = NO_MARKET_DATA; // the strategy is not asked: nothing could be filled on this bar
                    noMarketData++;
                } else {
                    if (reportEachDecision) {
                        progress.update(RunProgress.Phase.RUNNING, i, n);
                    }
                    ctx.moveTo(i, peak);
                    d = strategy.decide(ctx);
                    if (d == null) {
                        throw new IllegalStateException(strategy.name() + " gave no decision at " + Instant.ofEpochMilli(t));
                    }
                }
                Outcome o = d.action() == Action.HOLD ? Outcome.HOLD : acc.execute(d, t, c);
                log.add(i, d, o);
                if (o.traded()) {
                    cash = acc.cash;
                    pos = acc.position();
                    curve.change(i, cash, pos, acc.avgEntry(), acc.realized);
                }
            }
            double eq = cash + pos * c;
            equity[i] = eq;
            peak = eq > peak ? eq : peak;
        }
        progress.update(RunProgress.Phase.RUNNING, n, n);
        Metrics m = MetricsCalculator.compute(cfg, curve, acc);
        return new BacktestResult(cfg, strategy.name(), curve, java.util.List.copyOf(acc.fills()),
                java.util.List.copyOf(acc.roundTrips()), acc.openTrade(n == 0 ? 0 : close[n - 1]), log, noMarketData, m,
                System.nanoTime() - t0);
    }
}
