package llm;

import backtest.BacktestConfig;
import backtest.ConfigException;
import backtest.LlmStrategyFactory;
import backtest.Strategy;
import backtest.StrategyParams;
import features.DataSource;
import java.nio.file.Path;

/**
 * Builds an {@link LlmStrategy} per run: the application's settings overridden by the config's {@code llm} block,
 * a fresh client and circuit breaker, and the decision cache of the resolved {@code cache_dir}.
 */
public final class LlmStrategies implements LlmStrategyFactory {
    private final LlmPort port;
    private final LlmSettings defaults;
    private final LlmObserver observer;

    public LlmStrategies(LlmPort port, LlmSettings defaults) {
        this(port, defaults, LlmObserver.NONE);
    }

    /** {@code observer} hears of every decision of every run (the service's metrics). */
    public LlmStrategies(LlmPort port, LlmSettings defaults, LlmObserver observer) {
        this.port = port;
        this.defaults = defaults;
        this.observer = observer;
    }

    @Override
    public Strategy create(BacktestConfig cfg, StrategyParams.Llm params, DataSource source) {
        LlmSettings s;
        try {
            s = defaults.with(params.llm());
            new PromptBuilder(s.promptVersion());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("strategy.llm", e.getMessage());
        }
        long every = cfg.strategy().decisionEvery().toMillis();
        int stride = (int) (every / cfg.interval().millis());
        DecisionCache cache = s.cacheDir().isBlank() ? null : new DecisionCache(Path.of(s.cacheDir()));
        return new LlmStrategy(s, new LlmClient(port, s), cache, source, cfg.symbol(), params.window(), stride,
                label(every / 60_000), observer);
    }

    static String label(long minutes) {
        return minutes % 1440 == 0 ? minutes / 1440 + "d" : minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
    }
}
