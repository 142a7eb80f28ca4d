package backtest.strategy;

import backtest.Strategy;
import backtest.config.BacktestConfig;
import backtest.config.StrategyParams;
import features.DataSource;

/**
 * Builds the strategy of an {@code llm} config. The application supplies it (the llm package, talking to the LLM
 * route); without one, llm configs are refused.
 */
public interface LlmStrategyFactory {
    /** A strategy for one run; {@code source} gives the seven-day context the prompt includes. */
    Strategy create(BacktestConfig cfg, StrategyParams.Llm params, DataSource source);
}
