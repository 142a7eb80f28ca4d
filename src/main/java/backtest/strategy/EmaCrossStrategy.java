package backtest.strategy;

import backtest.Decision;
import backtest.DecisionContext;
import backtest.HoldScan;
import backtest.Series;
import backtest.Strategy;

/**
 * EMA cross: BUY {@code size_pct} of the cash when ema_fast crosses above ema_slow, SELL {@code size_pct} of the
 * position when it crosses below, HOLD otherwise (and inside the warm-up, where either EMA is NaN).
 *
 * <p>A cross is judged between decision bars, not bars: the strategy remembers which side fast was on at the last
 * decision bar where the EMAs differed, so with {@code decision_every} longer than the bar a cross between two
 * decision bars is still seen, and touching (fast == slow) is not a cross. The first warm decision bar only sets
 * the side: a cross needs the other side to have been seen.
 */
public final class EmaCrossStrategy implements Strategy, HoldScan {
    private static final Decision WARMING = Decision.hold("EMAs still warming up");
    private static final Decision EQUAL = Decision.noSignal("ema_fast equals ema_slow: no side");
    private static final Decision ABOVE = Decision.noSignal("no cross: ema_fast stays above ema_slow");
    private static final Decision BELOW = Decision.noSignal("no cross: ema_fast stays below ema_slow");
    private final Decision buy;
    private final Decision sell;
    private Series fast;
    private Series slow;
    private int side;

    public EmaCrossStrategy(double sizePct) {
        this.buy = Decision.buy(sizePct, "ema_fast crossed above ema_slow");
        this.sell = Decision.sell(sizePct, "ema_fast crossed below ema_slow");
    }

    @Override
    public void begin(DecisionContext ctx) {
        fast = ctx.series("ema_fast");
        slow = ctx.series("ema_slow");
        side = 0;
    }

    @Override
    public Decision decide(DecisionContext ctx) {
        double f = fast.current();
        double s = slow.current();
        if (Double.isNaN(f) || Double.isNaN(s)) {
            return WARMING;
        }
        if (f == s) {
            return EQUAL;
        }
        int now = f > s ? 1 : -1;
        int before = side;
        side = now;
        if (before == -1 && now == 1) {
            return buy;
        }
        if (before == 1 && now == -1) {
            return sell;
        }
        return now == 1 ? ABOVE : BELOW;
    }

    /** The rows up to the next cross: {@link #decide} answers HOLD on each (warming, equal, or no cross). */
    @Override
    public int skipHolds(DecisionContext ctx, int from, int to) {
        int before = side;
        for (int i = from; i < to; i++) {
            double f = fast.get(i);
            double s = slow.get(i);
            if (Double.isNaN(f) || Double.isNaN(s) || f == s) {
                continue; // warming or equal: HOLD, the side stays
            }
            int now = f > s ? 1 : -1;
            if (before == -now) { // a cross: decide at row i answers it
                side = before;
                return i;
            }
            before = now;
        }
        side = before;
        return to;
    }

    @Override
    public String name() {
        return "ema-cross";
    }
}
