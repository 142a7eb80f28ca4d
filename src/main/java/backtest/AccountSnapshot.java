package backtest;

/**
 * The account marked at one bar's close. {@code avgEntryPrice} is the fee-inclusive cost basis per unit of the
 * open position (the break-even price before the exit fee), 0 when flat; {@code unrealizedPnl = position x (close
 * - avgEntryPrice)}; {@code equity = cash + position x close}; {@code drawdown = (peak - equity) / peak}, a
 * fraction in [0, 1]. {@code equity = initial cash + realizedPnl + unrealizedPnl} up to rounding.
 */
public record AccountSnapshot(long ts, double close, double cash, double position, double avgEntryPrice,
                              double realizedPnl, double unrealizedPnl, double equity, double peakEquity,
                              double drawdown) {

    /** The account state {@code (cash, position, avgEntry, realized)} marked at {@code close}. */
    public static AccountSnapshot mark(long ts, double close, double cash, double position, double avgEntry,
                                       double realized, double previousPeak) {
        double equity = cash + position * close;
        double peak = Math.max(previousPeak, equity);
        return new AccountSnapshot(ts, close, cash, position, avgEntry, realized, position * (close - avgEntry),
                equity, peak, drawdown(peak, equity));
    }

    static double drawdown(double peak, double equity) {
        return peak > 0 ? Math.max(0, (peak - equity) / peak) : 0;
    }

    public boolean flat() {
        return position == 0;
    }
}
