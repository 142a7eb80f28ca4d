package backtest;

import features.indicators.IndicatorKind;
import java.util.Arrays;
import java.util.stream.Collectors;
import settings.ClosestKey;

/**
 * A config value a sweep grid may vary ({@code --grid KEY=...}), named by its config key: indicator periods, the
 * strategy's {@code size_pct}, {@code buy_below} and {@code sell_above} (rsi-threshold), and the frictions
 * {@code fee_rate} and {@code slippage_bps}. Each checks a value on its own with the config parser's rule for that key
 * ({@link #check}); rules between two keys (ema_fast < ema_slow, buy_below < sell_above) are checked per combination.
 */
public enum SweepParameter {
    EMA_FAST("ema_fast", IndicatorKind.EMA), EMA_SLOW("ema_slow", IndicatorKind.EMA), RSI("rsi", IndicatorKind.RSI),
    CMF("cmf", IndicatorKind.CMF), MACD_FAST("macd_fast", IndicatorKind.MACD),
    MACD_SLOW("macd_slow", IndicatorKind.MACD), MACD_SIGNAL("macd_signal", IndicatorKind.MACD),
    ATR("atr", IndicatorKind.ATR), SIZE_PCT("size_pct", null), BUY_BELOW("buy_below", null),
    SELL_ABOVE("sell_above", null), FEE_RATE("fee_rate", null), SLIPPAGE_BPS("slippage_bps", null);

    private final String code;
    private final IndicatorKind indicator;

    SweepParameter(String code, IndicatorKind indicator) {
        this.code = code;
        this.indicator = indicator;
    }

    public String code() {
        return code;
    }

    /** The indicator this period configures, or null for a strategy or friction parameter. */
    public IndicatorKind indicator() {
        return indicator;
    }

    /** The parameter named {@code code}; an unknown name is refused with the closest known one, else the list. */
    public static SweepParameter parse(String code) {
        return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--grid " + code + ": unknown key "
                        + ClosestKey.of(code, Arrays.stream(values()).map(SweepParameter::code).toList())
                        .map(near -> "(did you mean " + near + "?)").orElse("(one of " + codes() + ")")));
    }

    public static String codes() {
        return Arrays.stream(values()).map(SweepParameter::code).collect(Collectors.joining(", "));
    }

    /** Refuses (IllegalArgumentException naming the key) a value this key can never take with {@code base}. */
    public void check(BacktestConfig base, double v) {
        if (indicator != null) {
            if (!base.indicators().has(indicator)) {
                throw refusal("indicator " + indicator.code() + " is not computed by this config (indicators: "
                        + base.indicators().columns() + "); add " + code + " under indicators");
            }
            if (!(v >= 1 && v <= 1_000_000 && v == Math.rint(v))) {
                throw refusal("a period must be a whole number within [1, 1000000], got " + ConfigNode.fmt(v));
            }
            return;
        }
        switch (this) {
            case SIZE_PCT -> within(v, 0, 1);
            case BUY_BELOW, SELL_ABOVE -> {
                if (!(base.strategy().params() instanceof StrategyParams.RsiThreshold)) {
                    throw refusal("strategy " + base.strategy().type() + " takes no " + code + " (rsi-threshold does)");
                }
                within(v, 0, 100);
            }
            case FEE_RATE -> within(v, 0, 0.1);
            case SLIPPAGE_BPS -> {
                if (!(v >= 0 && Double.isFinite(v))) {
                    throw refusal("must be >= 0, got " + ConfigNode.fmt(v));
                }
            }
            default -> throw new IllegalStateException(code);
        }
    }

    private void within(double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw refusal("must be within [" + ConfigNode.fmt(lo) + ", " + ConfigNode.fmt(hi) + "], got " + ConfigNode.fmt(v));
        }
    }

    private IllegalArgumentException refusal(String message) {
        return new IllegalArgumentException("--grid " + code + ": " + message);
    }

    @Override
    public String toString() {
        return code;
    }
}
