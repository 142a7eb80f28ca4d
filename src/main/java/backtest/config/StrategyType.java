package backtest.config;

import backtest.plugin.StrategyRegistry;

/**
 * A strategy a config names ({@code strategy.type}): any name of the {@link StrategyRegistry}. The constants are the
 * built-ins, for code that needs to single them out.
 */
public record StrategyType(String code) {
    public static final StrategyType EMA_CROSS = new StrategyType("ema-cross");
    public static final StrategyType RSI_THRESHOLD = new StrategyType("rsi-threshold");
    public static final StrategyType LLM = new StrategyType("llm");
    public static final StrategyType REPLAY = new StrategyType("replay");

    /** The registered type named {@code code}, or null. */
    public static StrategyType byCode(String code) {
        return StrategyRegistry.global().find(code) == null ? null : new StrategyType(code);
    }

    /** Every registered name, {@code a | b | c}. */
    public static String codes() {
        return String.join(" | ", StrategyRegistry.global().names());
    }

    @Override
    public String toString() {
        return code;
    }
}
