package features.indicators;

import java.util.List;
import java.util.Locale;

/** The indicators the feature engine can compute, in column order, each with the columns it produces. */
public enum IndicatorKind {
    EMA("ema", List.of("ema_fast", "ema_slow")),
    RSI("rsi", List.of("rsi")),
    CMF("cmf", List.of("cmf")),
    MACD("macd", List.of("macd", "macd_signal", "macd_hist")),
    ATR("atr", List.of("atr"));

    private final String code;
    private final List<String> columns;

    IndicatorKind(String code, List<String> columns) {
        this.code = code;
        this.columns = columns;
    }

    /** The name used on the command line ({@code --indicators ema,rsi}). */
    public String code() {
        return code;
    }

    public List<String> columns() {
        return columns;
    }

    public static IndicatorKind parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (IndicatorKind k : values()) {
            if (k.code.equals(n)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown indicator '" + name.trim() + "' (one of ema, rsi, cmf, macd, atr)");
    }

    @Override
    public String toString() {
        return code;
    }
}
