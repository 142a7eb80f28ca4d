package backtest.sweep;

import backtest.Metrics;
import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** The figures a sweep ranking shows per combination, in column order, and the direction that is better for each. */
public enum SweepMetric {
    TOTAL_RETURN("total_return", Metrics::totalReturn, true),
    BUY_HOLD_RETURN("buy_hold_return", Metrics::buyHoldReturn, true),
    MAX_DRAWDOWN_PCT("max_drawdown_pct", Metrics::maxDrawdownPct, false),
    SHARPE("sharpe", Metrics::sharpe, true),
    SORTINO("sortino", Metrics::sortino, true),
    CALMAR("calmar", Metrics::calmar, true),
    WIN_RATE("win_rate", Metrics::winRate, true),
    FILLS("fills", Metrics::fills, true),
    ROUND_TRIPS("round_trips", Metrics::roundTrips, true),
    PROFIT_FACTOR("profit_factor", Metrics::profitFactor, true),
    FEES_PAID("fees_paid", Metrics::feesPaid, false),
    EXPOSURE_PCT("exposure_pct", Metrics::exposurePct, true),
    FINAL_EQUITY("final_equity", Metrics::finalEquity, true);

    private final String code;
    private final ToDoubleFunction<Metrics> value;
    private final boolean higherIsBetter;

    SweepMetric(String code, ToDoubleFunction<Metrics> value, boolean higherIsBetter) {
        this.code = code;
        this.value = value;
        this.higherIsBetter = higherIsBetter;
    }

    public String code() {
        return code;
    }

    public double of(Metrics m) {
        return value.applyAsDouble(m);
    }

    /**
     * Whether a ranking by this figure puts the highest first: every figure but max_drawdown_pct and fees_paid (a
     * drawdown is a positive fraction; smaller is better).
     */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    public static SweepMetric parse(String code) {
        return Arrays.stream(values()).filter(m -> m.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown ranking metric '" + code + "' (one of "
                        + Arrays.stream(values()).map(SweepMetric::code).collect(Collectors.joining(", ")) + ")"));
    }

    @Override
    public String toString() {
        return code;
    }
}
