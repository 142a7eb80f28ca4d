package backtest.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** The parameters a strategy type takes beyond {@code type}, {@code decision_every} and {@code size_pct}. */
public sealed interface StrategyParams {
    /** The parameters by key, in declaration order, as the resolved config writes them. */
    Map<String, Object> values();

    /**
     * The declared parameters of a registered strategy plug-in (ema-cross, rsi-threshold, your own), validated
     * against its {@link backtest.plugin.ParamSpec}s, defaults filled in.
     */
    record Declared(Map<String, Object> values) implements StrategyParams {
        public Declared {
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    /** llm: the free-form {@code llm} block (model, prompt, ...) and the feature window in bars (default 60). */
    record Llm(Map<String, Object> llm, int window) implements StrategyParams {
        public static final int DEFAULT_WINDOW = 60;

        public Llm {
            llm = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(llm));
        }

        @Override
        public Map<String, Object> values() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("window", window);
            m.put("llm", llm);
            return m;
        }
    }

    /** replay: replays the decisions of an earlier run folder. */
    record Replay(String fromRun) implements StrategyParams {
        @Override
        public Map<String, Object> values() {
            return Map.of("from_run", fromRun);
        }
    }
}
