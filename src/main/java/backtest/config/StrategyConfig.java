package backtest.config;

import backtest.plugin.PluginParams;
import java.time.Duration;

/**
 * The {@code strategy} block: which strategy, how often it decides ({@code decision_every}, a multiple of the bar
 * interval, default the interval), the default order size {@code size_pct} in [0, 1] (default 1.0), and the
 * type's own parameters.
 */
public record StrategyConfig(StrategyType type, Duration decisionEvery, double sizePct, StrategyParams params) {

    /** A copy with another default order size; the caller validates. */
    public StrategyConfig withSizePct(double newSizePct) {
        return new StrategyConfig(type, decisionEvery, newSizePct, params);
    }

    /** A copy with other parameters of the same type; the caller validates. */
    public StrategyConfig withParams(StrategyParams newParams) {
        return new StrategyConfig(type, decisionEvery, sizePct, newParams);
    }

    /** The block as a plug-in sees it. */
    public PluginParams pluginParams() {
        return new PluginParams(params.values(), sizePct, decisionEvery);
    }
}
