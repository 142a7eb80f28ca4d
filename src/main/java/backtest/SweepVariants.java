package backtest;

import features.indicators.IndicatorSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a sweep grid point into a config: the base config with the point's values in place. A grid that can never
 * run (unknown key, a value its key never takes, a strategy the sweep cannot build) is refused as a whole; a point
 * whose values contradict each other (ema_fast >= ema_slow, macd_fast >= macd_slow, buy_below >= sell_above) is
 * refused on its own, so the sweep can skip it and say why.
 */
final class SweepVariants {
    private SweepVariants() {
    }

    /** Refuses, with the key named, a grid that cannot be swept over {@code base}. */
    static void validate(BacktestConfig base, GridSpec grid) {
        StrategyParams p = base.strategy().params();
        if (!(p instanceof StrategyParams.EmaCross || p instanceof StrategyParams.RsiThreshold)) {
            throw new IllegalArgumentException("a sweep runs the built-in strategies (ema-cross, rsi-threshold); "
                    + "strategy.type is " + base.strategy().type());
        }
        for (Map.Entry<String, List<Double>> axis : grid.axes().entrySet()) {
            SweepParameter param = SweepParameter.parse(axis.getKey());
            for (double v : axis.getValue()) {
                param.check(base, v);
            }
        }
    }

    /**
     * The base config with the point's values applied (values already {@link #validate validated}).
     *
     * @throws IllegalArgumentException with the reason when the point's values contradict each other or the base
     */
    static BacktestConfig apply(BacktestConfig base, Map<String, Double> point) {
        Map<String, Integer> periods = new LinkedHashMap<>();
        StrategyConfig strategy = base.strategy();
        double fee = base.feeRate();
        double slippage = base.slippageBps();
        Double buyBelow = null;
        Double sellAbove = null;
        for (Map.Entry<String, Double> e : point.entrySet()) {
            double v = e.getValue();
            switch (SweepParameter.parse(e.getKey())) {
                case SIZE_PCT -> strategy = strategy.withSizePct(v);
                case BUY_BELOW -> buyBelow = v;
                case SELL_ABOVE -> sellAbove = v;
                case FEE_RATE -> fee = v;
                case SLIPPAGE_BPS -> slippage = v;
                default -> periods.put(e.getKey(), (int) v);
            }
        }
        IndicatorSpec indicators = base.indicators().withPeriods(periods); // ema_fast (30) must be < ema_slow (20)
        if (strategy.params() instanceof StrategyParams.RsiThreshold r) {
            double buy = buyBelow != null ? buyBelow : r.buyBelow();
            double sell = sellAbove != null ? sellAbove : r.sellAbove();
            if (!(buy < sell)) {
                throw new IllegalArgumentException("buy_below (" + ConfigNode.fmt(buy) + ") must be < sell_above ("
                        + ConfigNode.fmt(sell) + ")");
            }
            strategy = strategy.withParams(new StrategyParams.RsiThreshold(buy, sell));
        }
        return base.withIndicators(indicators).withStrategy(strategy).withFrictions(fee, slippage);
    }
}
