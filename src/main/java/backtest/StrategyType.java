package backtest;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The strategies a config can name ({@code strategy.type}). */
public enum StrategyType {
    EMA_CROSS("ema-cross"), RSI_THRESHOLD("rsi-threshold"), LLM("llm"), REPLAY("replay");

    private final String code;

    StrategyType(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The type named {@code code}, or null. */
    public static StrategyType byCode(String code) {
        return Arrays.stream(values()).filter(t -> t.code.equals(code)).findFirst().orElse(null);
    }

    public static String codes() {
        return Arrays.stream(values()).map(StrategyType::code).collect(Collectors.joining(" | "));
    }

    @Override
    public String toString() {
        return code;
    }
}
