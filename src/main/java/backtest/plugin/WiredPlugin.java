package backtest.plugin;

import backtest.config.StrategyParams;
import java.util.Map;

/**
 * A built-in strategy the application wires itself ({@code llm} needs the LLM route, {@code replay} a run folder):
 * its parameters are declared like any plug-in's, then turned into its own {@link StrategyParams}.
 */
public interface WiredPlugin {
    StrategyParams params(Map<String, Object> values);
}
