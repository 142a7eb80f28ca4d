package backtest;

import backtest.config.BacktestConfig;
import backtest.config.ExecutionConfig;
import backtest.config.RiskConfig;
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
 * With {@code execution.fill: next_open} the order of step 1 waits: it fills at the open of the next bar with a real
 * minute, before anything else happens on that bar, at that open plus (buy) or minus (sell) slippage; its decision is
 * logged at its own bar with the outcome of that fill, or {@link Outcome#NOT_FILLED} when no later bar came (the last
 * bar's order; counted in {@link BacktestResult#unfilledOrders()}).
 *
 * <p>With {@code risk} rules ({@link RiskConfig}), while a position is open every real 1m bar inside each bar - after a
 * next-open fill, before the bar's decision - is checked against the levels: the low against the higher of the
 * stop-loss and the trailing stop, then the high against the take-profit. When one 1m bar reaches both, the stop wins
 * (the order of high and low inside a bar is unknown: the conservative rule). The exit sells the whole position at
 * the level minus slippage, or at the 1m open minus slippage when the open is already beyond the level (gapped through;
 * a take-profit gapping up fills at the better open). The trailing high-water mark takes each 1m high after that bar's
 * check. A position filled at a bar's close is first checked on the next bar.
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
        return run(cfg, frame, null, strategy, progress);
    }

    /**
     * As {@link #run(BacktestConfig, FeatureFrame, Strategy, RunProgress)} with the 1m bars the {@code risk} rules
     * check between decisions: {@code minutes} covers the frame's bars (any 1m bars outside them are skipped); null
     * when the interval is 1m (the frame's own bars are the minutes) or there are no risk rules.
     */
    public static BacktestResult run(BacktestConfig cfg, FeatureFrame frame, Bars minutes, Strategy strategy,
                                     RunProgress progress) {
        long t0 = System.nanoTime();
        Run r = loop(cfg, frame, minutes, strategy, progress, null);
        int n = frame.size();
        Metrics m = MetricsCalculator.compute(cfg, r.curve, r.acc, r.stats);
        Account acc = r.acc;
        return new BacktestResult(cfg, strategy.name(), r.curve, java.util.List.copyOf(acc.fills()),
                java.util.List.copyOf(acc.roundTrips()), acc.openTrade(frame.bars().close[n - 1]), r.log,
                r.noMarketData, m, r.unfilled, System.nanoTime() - t0);
    }

    /**
     * The metrics of {@link #run(BacktestConfig, FeatureFrame, Bars, Strategy, RunProgress)} - the same figures bit
     * for bit - and nothing else: no decision log, no fill or round-trip records (counted, not kept), no notes, and
     * no equity curve (its figures are accumulated as the bars go, {@link EquityStats}, as in a full run; the change
     * points of the account in {@code workspace}'s reused arrays). A parameter sweep runs
     * thousands of these on a few workers, each with its own workspace: no per-run allocation that grows with the
     * bars.
     */
    public static Metrics metrics(BacktestConfig cfg, FeatureFrame frame, Bars minutes, Strategy strategy,
                                  Workspace workspace) {
        Run r = loop(cfg, frame, minutes, strategy, RunProgress.NONE, workspace);
        workspace.changeRow = r.curve.changeRows(); // grown by a run that filled more often: keep for the next
        workspace.changeState = r.curve.changeStates();
        return MetricsCalculator.compute(cfg, r.curve, r.acc, r.stats);
    }

    /** Reusable buffers of {@link #metrics} runs; one per thread (not thread-safe). */
    public static final class Workspace {
        private static final double[] NO_EQUITY = new double[0];
        private int[] changeRow = new int[256];
        private double[][] changeState = new double[4][256];

        EquityCurve curve(long[] ts, double[] close, int n, double initialCash) {
            return new EquityCurve(ts, close, n, initialCash, NO_EQUITY, changeRow, changeState);
        }
    }

    private record Run(Account acc, EquityCurve curve, EquityStats stats, DecisionLog log, int noMarketData,
                       int unfilled) {
    }

    /** The bar loop; {@code workspace} null: a full run (log and fills kept), else a metrics-only one. */
    private static Run loop(BacktestConfig cfg, FeatureFrame frame, Bars minutes, Strategy strategy,
                            RunProgress progress, Workspace workspace) {
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
        boolean keep = workspace == null;
        Account acc = new Account(cfg.initialCash(), cfg.feeRate(), cfg.slippageBps(), cfg.minNotional(),
                cfg.stepSize(), keep);
        long[] ts = b.openTime;
        double[] open = b.open;
        double[] close = b.close;
        EquityCurve curve = keep ? new EquityCurve(ts, close, n, cfg.initialCash())
                : workspace.curve(ts, close, n, cfg.initialCash());
        DecisionLog log = new DecisionLog(curve, cfg.initialCash(),
                keep ? (int) Math.min(n, (long) n * iv / every + 1) : -1);
        DecisionContext ctx = new DecisionContext(frame, acc);
        strategy.begin(ctx);
        EquityStats stats = new EquityStats(cfg.initialCash());
        double peak = cfg.initialCash(); // the running peak the strategy is shown, when the stats are marked after the loop
        double cash = acc.cash;
        double pos = 0;
        double[] equity = curve.equity;
        byte[] flags = b.flags;
        int noMarketData = 0;
        // sparse decisions, or a strategy that explains itself (the LLM), may each take long: report before each one
        // (where a listener can stop the run); cheap rule strategies deciding at every bar every 1,024 bars only
        boolean reportEachDecision = !everyBar || strategy instanceof ExplainedStrategy;
        boolean nextOpen = cfg.execution().fill() == ExecutionConfig.FillAt.NEXT_OPEN;
        Decision pending = null; // a next-open order waiting for the next bar with a real minute
        int pendingLog = -1;
        // risk rules on 1m bars: the levels of the open position, reset after each fill (no per-bar allocation)
        boolean stops = cfg.risk().any();
        RiskLevels levels = new RiskLevels(cfg.risk());
        RiskLevels risk = stops ? levels : null; // what a fill resets
        boolean ownMinutes = cfg.interval().minutes() == 1;
        if (stops && !ownMinutes && minutes == null) {
            throw new IllegalArgumentException("risk rules on " + cfg.interval() + " bars need the 1m bars");
        }
        Bars m1 = ownMinutes ? b : minutes;
        long[] mTs = stops ? m1.openTime : null;
        double[] mOpen = stops ? m1.open : null;
        double[] mHigh = stops ? m1.high : null;
        double[] mLow = stops ? m1.low : null;
        byte[] mFlags = stops ? m1.flags : null;
        int mSize = stops ? (ownMinutes ? n : m1.size()) : 0;
        int mj = 0; // cursor into the 1m bars
        // a metrics-only run deciding at every bar without risk rules: the bars a HoldScan strategy answers HOLD to
        // change nothing but its own state - marked without asking (up to the next bar without a real minute, which
        // is never asked: NO_MARKET_DATA)
        // such a run marks the equity figures as it goes (the stretches it passes in one call, the other bars one by
        // one); every other run keeps the per-bar loop lean (one expression, a running peak) and marks the stretches
        // between the account's change points after it - the same calls on the same values, so the same figures
        HoldScan scan = !keep && everyBar && !stops && strategy instanceof HoldScan h ? h : null;
        boolean eager = scan != null;
        int nextFilled = -1;
        for (int i = 0; i < n; i++) {
            if (scan != null && pending == null) {
                if (nextFilled < i) {
                    nextFilled = i;
                    while (nextFilled < n && (flags[nextFilled] & Bars.NO_REAL_MINUTE) == 0) {
                        nextFilled++;
                    }
                }
                if (nextFilled > i) {
                    ctx.moveTo(nextFilled - 1, stats.peak());
                    int j = scan.skipHolds(ctx, i, nextFilled);
                    stats.mark(cash, pos, close, i, j); // as below, without a fill or a decision but HOLD
                    i = j;
                    if (i == n) {
                        break;
                    }
                }
            }
            if ((i & PROGRESS_MASK) == 0) {
                progress.update(RunProgress.Phase.RUNNING, i, n);
            }
            long t = ts[i];
            double c = close[i];
            if (pending != null && (flags[i] & Bars.NO_REAL_MINUTE) == 0) {
                Decision order = pending;
                pending = null;
                Outcome o = fill(acc, order, t, open[i], i, curve, risk);
                log.settle(pendingLog, o);
                if (o.traded()) {
                    cash = acc.cash;
                    pos = acc.position();
                }
            }
            if (stops && pos != 0) {
                int from = i;
                int to = i + 1; // 1m bars: the bar itself
                if (!ownMinutes) { // the 1m bars inside this bar
                    while (mj < mSize && mTs[mj] < t) {
                        mj++;
                    }
                    from = mj;
                    while (mj < mSize && mTs[mj] < t + iv) {
                        mj++;
                    }
                    to = mj;
                }
                for (int k = from; k < to; k++) {
                    ExitReason why = (mFlags[k] & Bars.NO_REAL_MINUTE) != 0 ? null // forward-filled: nothing traded
                            : levels.check(mOpen[k], mHigh[k], mLow[k]);
                    if (why != null && acc.exit(why, levels.level, mTs[k], levels.price).traded()) {
                        cash = acc.cash;
                        pos = 0;
                        curve.change(i, cash, pos, acc.avgEntry(), acc.realized);
                        levels.afterFill(Double.NaN, Double.NaN);
                        break;
                    }
                }
            }
            if (everyBar || Math.floorMod(t + iv, every) == 0) {
                Decision d;
                if ((flags[i] & Bars.NO_REAL_MINUTE) != 0) {
                    d = NO_MARKET_DATA; // the strategy is not asked: nothing could be filled on this bar
                    noMarketData++;
                } else {
                    if (reportEachDecision) {
                        progress.update(RunProgress.Phase.RUNNING, i, n);
                    }
                    ctx.moveTo(i, eager ? stats.peak() : peak);
                    d = strategy.decide(ctx);
                    if (d == null) {
                        throw new IllegalStateException(strategy.name() + " gave no decision at " + Instant.ofEpochMilli(t));
                    }
                }
                if (d.action() == Action.HOLD) {
                    log.add(i, d, Outcome.HOLD);
                } else if (nextOpen) {
                    if (pending != null) { // the bars since the last order had no real minute: the newer order wins
                        log.settle(pendingLog, Outcome.NOT_FILLED);
                    }
                    pending = d;
                    pendingLog = log.add(i, d, Outcome.NOT_FILLED); // settled when it fills
                } else {
                    Outcome o = fill(acc, d, t, c, i, curve, risk);
                    log.add(i, d, o);
                    if (o.traded()) {
                        cash = acc.cash;
                        pos = acc.position();
                    }
                }
            }
            if (eager) {
                stats.mark(cash, pos, close, i, i + 1);
            } else {
                double eq = cash + pos * c;
                if (keep) {
                    equity[i] = eq;
                }
                peak = eq > peak ? eq : peak;
            }
        }
        if (!eager) {
            curve.markInto(stats, cfg.initialCash());
        }
        progress.update(RunProgress.Phase.RUNNING, n, n);
        return new Run(acc, curve, stats, log, noMarketData, pending == null ? 0 : 1);
    }

    /**
     * Executes a strategy's order at {@code price} (the close, or the next open) and, when it trades, records the
     * account at row {@code i} and resets the risk levels ({@code risk}, null without rules). Kept out of the loop: a
     * small loop body stays fully optimised whichever fill mode a run uses.
     */
    private static Outcome fill(Account acc, Decision d, long t, double price, int i, EquityCurve curve,
                                RiskLevels risk) {
        Outcome o = acc.execute(d, t, price);
        if (o.traded()) {
            curve.change(i, acc.cash, acc.position(), acc.avgEntry(), acc.realized);
            if (risk != null) {
                risk.afterFill(acc.entryPrice(), d.action() == Action.BUY ? acc.lastBuyPrice() : Double.NaN);
            }
        }
        return o;
    }
}
