package backtest;

/**
 * A closed round trip: from the first buy out of a flat position to the sell that brings the position back to
 * zero. {@code pnl} is the sum of the realised PnL of its sells, so it includes every buy and sell fee and the
 * slippage of the trip. A trip still open at the end of the run is not a round trip.
 * {@code exitReason} is the reason of the sell that closed it.
 */
public record RoundTrip(long openTs, long closeTs, int fills, double pnl, ExitReason exitReason) {
    public boolean win() {
        return pnl > 0;
    }
}
