package example.bollinger;

import backtest.Decision;
import backtest.DecisionContext;
import backtest.Series;
import backtest.Strategy;

/**
 * One run of {@link BollingerPlugin}. The bands are the population mean and standard deviation of the closes of
 * rows {@code index - period + 1 .. index} (the decision bar included; nothing later is readable). Decisions are
 * made once per run and reused: no allocation per bar.
 */
final class BollingerStrategy implements Strategy {
    private final int period;
    private final double k;
    private final Decision buy;
    private final Decision sell;
    private final Decision inside = Decision.noSignal("close within the bands");
    private final Decision warming = Decision.hold("bands still warming up");
    private Series close;

    BollingerStrategy(int period, double k, double sizePct) {
        this.period = period;
        this.k = k;
        this.buy = Decision.buy(sizePct, "close below the lower band");
        this.sell = Decision.sell(sizePct, "close above the upper band");
    }

    @Override
    public void begin(DecisionContext ctx) {
        close = ctx.series("close");
    }

    @Override
    public Decision decide(DecisionContext ctx) {
        int i = ctx.index();
        if (i < period - 1) {
            return warming;
        }
        double sum = 0;
        for (int j = i - period + 1; j <= i; j++) {
            sum += close.get(j);
        }
        double mean = sum / period;
        double sq = 0;
        for (int j = i - period + 1; j <= i; j++) {
            double d = close.get(j) - mean;
            sq += d * d;
        }
        double band = k * Math.sqrt(sq / period);
        double c = close.current();
        if (c < mean - band) {
            return buy;
        }
        if (c > mean + band) {
            return sell;
        }
        return inside;
    }

    @Override
    public String name() {
        return "bollinger";
    }
}
