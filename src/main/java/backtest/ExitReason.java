package backtest;

import java.util.Locale;

/**
 * Why a position was reduced or closed: the strategy's own SELL ({@link #SIGNAL}), a {@code risk} rule
 * ({@link #STOP_LOSS}, {@link #TAKE_PROFIT}, {@link #TRAILING_STOP}) hit on a 1m bar between decisions, or the run
 * ending with the position still open ({@link #END_OF_DATA}: the open trade, marked at the last close, never a fill).
 * Buys carry {@link #SIGNAL}.
 */
public enum ExitReason {
    SIGNAL, STOP_LOSS, TAKE_PROFIT, TRAILING_STOP, END_OF_DATA;

    /** {@code stop_loss}: the name in files, the decision log and the report. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
