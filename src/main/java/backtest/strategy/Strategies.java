package backtest.strategy;

import backtest.Strategy;
import backtest.config.StrategyConfig;
import backtest.plugin.StrategyRegistry;

/** The strategy a config names, built by its plug-in. {@code llm} and {@code replay} are wired elsewhere (they need routes). */
public final class Strategies {
    private Strategies() {
    }

    public static Strategy of(StrategyConfig s) {
        return StrategyRegistry.global().create(s.type().code(), s.pluginParams());
    }
}
