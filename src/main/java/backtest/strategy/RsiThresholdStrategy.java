package backtest.strategy;

import backtest.Decision;
import backtest.DecisionContext;
import backtest.Strategy;

/**
 * RSI threshold: BUY {@code size_pct} of the cash when rsi < {@code buy_below}, SELL {@code size_pct} of the
 * position when rsi > {@code sell_above}, HOLD otherwise and inside the warm-up. Stateless: it asks again at every
 * decision bar the condition holds (a second BUY spends a share of what cash is left, or finds none).
 */
public final class RsiThresholdStrategy implements Strategy {
    private static final Decision WARMING = Decision.hold("rsi still warming up");
    private final Decision inside;
    private final double buyBelow;
    private final double sellAbove;
    private final Decision buy;
    private final Decision sell;

    public RsiThresholdStrategy(double sizePct, double buyBelow, double sellAbove) {
        if (!(buyBelow < sellAbove)) {
            throw new IllegalArgumentException("buy_below (" + buyBelow + ") must be < sell_above (" + sellAbove + ")");
        }
        this.buyBelow = buyBelow;
        this.sellAbove = sellAbove;
        this.inside = Decision.noSignal("rsi within [" + buyBelow + ", " + sellAbove + "]");
        this.buy = Decision.buy(sizePct, "rsi below " + buyBelow);
        this.sell = Decision.sell(sizePct, "rsi above " + sellAbove);
    }

    @Override
    public Decision decide(DecisionContext ctx) {
        double rsi = ctx.series("rsi").current();
        if (rsi < buyBelow) {
            return buy;
        }
        if (rsi > sellAbove) {
            return sell;
        }
        return Double.isNaN(rsi) ? WARMING : inside;
    }

    @Override
    public String name() {
        return "rsi-threshold";
    }
}
