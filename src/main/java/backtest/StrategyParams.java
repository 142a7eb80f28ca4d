package backtest;

import java.util.Map;

/** The parameters a strategy type takes beyond {@code type}, {@code decision_every} and {@code size_pct}. */
public sealed interface StrategyParams {
    /** ema-cross: no parameters of its own; it reads the frame's ema_fast / ema_slow (see {@code indicators}). */
    record EmaCross() implements StrategyParams {
    }

    /** rsi-threshold: BUY when rsi < buyBelow (default 30), SELL when rsi > sellAbove (default 70). */
    record RsiThreshold(double buyBelow, double sellAbove) implements StrategyParams {
        public static final double DEFAULT_BUY_BELOW = 30;
        public static final double DEFAULT_SELL_ABOVE = 70;
    }

    /** llm: the free-form {@code llm} block (model, prompt, ...) and the feature window in bars (default 60). */
    record Llm(Map<String, Object> llm, int window) implements StrategyParams {
        public static final int DEFAULT_WINDOW = 60;

        public Llm {
            llm = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(llm));
        }
    }

    /** replay: replays the decisions of an earlier run folder. */
    record Replay(String fromRun) implements StrategyParams {
    }
}
