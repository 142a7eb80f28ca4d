package llm;

import backtest.config.BacktestConfig;
import backtest.config.ConfigException;
import backtest.strategy.LlmStrategyFactory;
import backtest.Strategy;
import backtest.config.StrategyParams;
import features.DataSource;
import features.ParquetDataSource;
import backtest.config.PromptFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import storage.Hashes;

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
        Map<String, Object> block = new LinkedHashMap<>(params.llm());
        Object file = block.remove(PromptFile.KEY);
        Object recorded = block.remove(PromptFile.SHA_KEY);
        PromptBuilder prompts;
        try {
            s = defaults.with(block);
            if (file == null) {
                prompts = new PromptBuilder(s.promptVersion());
            } else {
                prompts = userTemplate(Path.of(file.toString()), recorded);
                s = s.with(Map.of("prompt_version", prompts.version()));
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException("strategy.llm", e.getMessage());
        }
        long every = cfg.strategy().decisionEvery().toMillis();
        int stride = (int) (every / cfg.interval().millis());
        DecisionCache cache = s.cacheDir().isBlank() ? null : new DecisionCache(Path.of(s.cacheDir()));
        // one seven-day view per decision, and the first decisions' feature windows read from the store: from a few
        // decoded months kept by the source, not a Parquet read each time
        DataSource data = source instanceof ParquetDataSource p ? p.keepingMonths() : source;
        return new LlmStrategy(s, prompts, new LlmClient(port, s), cache, data, cfg.symbol(), params.window(), stride,
                label(every / 60_000), observer);
    }

    /**
     * The user's template: version {@code file:<sha256 of its bytes>}, so its content is part of every request hash
     * (and so of the decision cache's key). A file changed since the config recorded its hash is refused.
     */
    private static PromptBuilder userTemplate(Path file, Object recorded) {
        byte[] bytes = PromptFile.read(file);
        String sha = Hashes.sha256(bytes);
        if (recorded != null && !recorded.equals(sha)) {
            throw new ConfigException("strategy.llm." + PromptFile.KEY, file + " changed since the config was read "
                    + "(sha256 " + recorded + ", now " + sha + ")");
        }
        return new PromptBuilder("file:" + sha, new String(bytes, StandardCharsets.UTF_8));
    }

    static String label(long minutes) {
        return minutes % 1440 == 0 ? minutes / 1440 + "d" : minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
    }
}
