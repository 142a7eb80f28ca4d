package backtest.sweep;

import backtest.config.BacktestConfig;
import backtest.config.ConfigNode;
import backtest.plugin.StrategyRegistry;
import features.indicators.IndicatorKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import settings.ClosestKey;

/**
 * A config value a sweep grid may vary ({@code --grid KEY=...}), named by its config key: indicator periods, the
 * strategy's {@code size_pct}, the frictions {@code fee_rate} and {@code slippage_bps}, and the risk rules
 * {@code stop_loss_pct}, {@code take_profit_pct} and {@code trailing_stop_pct} (the {@code risk} block's keys). The numeric parameters
 * strategies declare ({@code buy_below}, your plug-in's {@code period}) come from the
 * {@link backtest.plugin.StrategyRegistry} ({@link #keys()}). Each checks a value on its own with the config parser's rule for that key
 * ({@link #check}); rules between two keys (ema_fast < ema_slow, buy_below < sell_above) are checked per combination.
 */
public enum SweepParameter {
    EMA_FAST("ema_fast", IndicatorKind.EMA), EMA_SLOW("ema_slow", IndicatorKind.EMA), RSI("rsi", IndicatorKind.RSI),
    CMF("cmf", IndicatorKind.CMF), MACD_FAST("macd_fast", IndicatorKind.MACD),
    MACD_SLOW("macd_slow", IndicatorKind.MACD), MACD_SIGNAL("macd_signal", IndicatorKind.MACD),
    ATR("atr", IndicatorKind.ATR), SIZE_PCT("size_pct", null), FEE_RATE("fee_rate", null),
    SLIPPAGE_BPS("slippage_bps", null), STOP_LOSS_PCT("stop_loss_pct", null), TAKE_PROFIT_PCT("take_profit_pct", null),
    TRAILING_STOP_PCT("trailing_stop_pct", null);

    private final String code;
    private final IndicatorKind indicator;

    SweepParameter(String code, IndicatorKind indicator) {
        this.code = code;
        this.indicator = indicator;
    }

    public String code() {
        return code;
    }

    /** Whether this is a key of the {@code risk} block (its sweeps check stops on 1m bars). */
    public boolean risk() {
        return this == STOP_LOSS_PCT || this == TAKE_PROFIT_PCT || this == TRAILING_STOP_PCT;
    }

    /** The indicator this period configures, or null for a strategy or friction parameter. */
    public IndicatorKind indicator() {
        return indicator;
    }

    /** The config-level parameter named {@code code}, or null (a strategy's own parameter, or unknown). */
    public static SweepParameter find(String code) {
        return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst().orElse(null);
    }

    /**
     * Refuses a key no grid can name (not a config-level parameter nor a numeric parameter of any registered
     * strategy), with the closest known one, else the list.
     */
    public static void checkKey(String code) {
        if (!keys().contains(code)) {
            throw new IllegalArgumentException("--grid " + code + ": unknown key " + ClosestKey.of(code, keys())
                    .map(near -> "(did you mean " + near + "?)").orElse("(one of " + codes() + ")"));
        }
    }

    /** Every key a grid may name: these, then the registered strategies' numeric parameters. */
    public static List<String> keys() {
        List<String> out = new ArrayList<>(Arrays.stream(values()).map(SweepParameter::code).toList());
        StrategyRegistry.global().numericParameters().stream().filter(k -> !out.contains(k)).forEach(out::add);
        return out;
    }

    public static String codes() {
        return String.join(", ", keys());
    }

    /** Whether a grid value of {@code code} is written as a whole number (periods, INT strategy parameters). */
    public static boolean whole(String code) {
        SweepParameter p = find(code);
        if (p != null) {
            return p.indicator != null;
        }
        StrategyRegistry r = StrategyRegistry.global();
        return r.names().stream().map(n -> r.parameter(n, code))
                .anyMatch(s -> s != null && s.type() == backtest.plugin.ParamSpec.Type.INT);
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
            case FEE_RATE -> within(v, 0, 0.1);
            case SLIPPAGE_BPS -> {
                if (!(v >= 0 && Double.isFinite(v))) {
                    throw refusal("must be >= 0, got " + ConfigNode.fmt(v));
                }
            }
            case STOP_LOSS_PCT, TAKE_PROFIT_PCT, TRAILING_STOP_PCT -> {
                if (!(v > 0 && v <= 1)) {
                    throw refusal("a risk level must be within (0, 1], got " + ConfigNode.fmt(v));
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
