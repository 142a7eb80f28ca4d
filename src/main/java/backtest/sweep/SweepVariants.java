package backtest.sweep;

import backtest.config.BacktestConfig;
import backtest.config.RiskConfig;
import backtest.config.StrategyConfig;
import backtest.config.StrategyParams;
import backtest.plugin.ParamException;
import backtest.plugin.ParamSpec;
import backtest.plugin.PluginParams;
import backtest.plugin.StrategyPlugin;
import backtest.plugin.StrategyRegistry;
import features.indicators.IndicatorSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a sweep grid point into a config: the base config with the point's values in place. A grid that can never
 * run (unknown key, a value its key never takes, a strategy the sweep cannot build) is refused as a whole; a point
 * whose values contradict each other (ema_fast >= ema_slow, macd_fast >= macd_slow, buy_below >= sell_above, a
 * plug-in's own rule) is refused on its own, so the sweep can skip it and say why. A strategy's own numeric
 * parameters ({@code buy_below}, a plug-in's {@code period}) are varied as declared by its plug-in.
 */
public final class SweepVariants {
    private SweepVariants() {
    }

    /** Refuses, with the key named, a grid that cannot be swept over {@code base}. */
    public static void validate(BacktestConfig base, GridSpec grid) {
        if (!StrategyRegistry.global().find(base.strategy().type().code()).sweepable()) {
            throw new IllegalArgumentException("a sweep runs the rule strategies (" + String.join(", ", ruleStrategies())
                    + "); strategy.type is " + base.strategy().type());
        }
        for (Map.Entry<String, List<Double>> axis : grid.axes().entrySet()) {
            String key = axis.getKey();
            SweepParameter param = SweepParameter.find(key);
            if (param != null) {
                axis.getValue().forEach(v -> param.check(base, v));
                continue;
            }
            ParamSpec spec = ownParameter(base, key);
            for (double v : axis.getValue()) {
                try {
                    spec.number(v);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--grid " + key + ": " + e.getMessage());
                }
            }
        }
    }

    private static List<String> ruleStrategies() {
        StrategyRegistry r = StrategyRegistry.global();
        return r.names().stream().filter(n -> r.find(n).sweepable()).toList();
    }

    /** The base strategy's numeric parameter {@code key}; refuses a key it does not take, naming who does. */
    private static ParamSpec ownParameter(BacktestConfig base, String key) {
        SweepParameter.checkKey(key);
        StrategyRegistry r = StrategyRegistry.global();
        String type = base.strategy().type().code();
        ParamSpec spec = r.parameter(type, key);
        if (spec == null) {
            String who = String.join(", ", r.names().stream().filter(n -> r.parameter(n, key) != null).toList());
            throw new IllegalArgumentException("--grid " + key + ": strategy " + type + " takes no " + key + " (" + who
                    + " does)");
        }
        if (!spec.numeric()) {
            throw new IllegalArgumentException("--grid " + key + ": " + type + "'s " + key + " is not a number");
        }
        return spec;
    }

    /**
     * The base config with the point's values applied (values already {@link #validate validated}).
     *
     * @throws IllegalArgumentException with the reason when the point's values contradict each other or the base
     */
    public static BacktestConfig apply(BacktestConfig base, Map<String, Double> point) {
        Map<String, Integer> periods = new LinkedHashMap<>();
        StrategyConfig strategy = base.strategy();
        double fee = base.feeRate();
        double slippage = base.slippageBps();
        RiskConfig risk = base.risk();
        Map<String, Object> own = null;
        String type = strategy.type().code();
        for (Map.Entry<String, Double> e : point.entrySet()) {
            double v = e.getValue();
            SweepParameter p = SweepParameter.find(e.getKey());
            if (p == null) {
                own = own == null ? new LinkedHashMap<>(strategy.params().values()) : own;
                own.put(e.getKey(), StrategyRegistry.global().parameter(type, e.getKey()).number(v));
                continue;
            }
            switch (p) {
                case SIZE_PCT -> strategy = strategy.withSizePct(v);
                case FEE_RATE -> fee = v;
                case SLIPPAGE_BPS -> slippage = v;
                case STOP_LOSS_PCT -> risk = new RiskConfig(v, risk.takeProfitPct(), risk.trailingStopPct());
                case TAKE_PROFIT_PCT -> risk = new RiskConfig(risk.stopLossPct(), v, risk.trailingStopPct());
                case TRAILING_STOP_PCT -> risk = new RiskConfig(risk.stopLossPct(), risk.takeProfitPct(), v);
                default -> periods.put(e.getKey(), (int) v);
            }
        }
        IndicatorSpec indicators = base.indicators().withPeriods(periods); // ema_fast (30) must be < ema_slow (20)
        if (own != null) {
            strategy = strategy.withParams(new StrategyParams.Declared(own));
        }
        StrategyPlugin plugin = StrategyRegistry.global().find(type);
        try {
            plugin.validate(new PluginParams(strategy.params().values(), strategy.sizePct(), strategy.decisionEvery()));
        } catch (ParamException e) {
            throw new IllegalArgumentException(e.key() + " " + e.getMessage());
        }
        return base.withIndicators(indicators).withStrategy(strategy).withFrictions(fee, slippage)
                .withExecution(base.execution(), risk);
    }
}
