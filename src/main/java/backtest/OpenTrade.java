package backtest;

/**
 * The round trip still open when a run ends: opened by the buy out of a flat position at {@code openTs}, with
 * {@code fills} fills so far, holding {@code qty} at a fee-inclusive average entry, marked at the last close.
 * {@code realizedPnl} is what its partial sells realised; {@code unrealizedPnl} = qty x (last close - average entry), as in the metrics;
 * {@code pnl} is their sum.
 */
public record OpenTrade(long openTs, int fills, double qty, double avgEntryPrice, double lastClose, double realizedPnl,
                        double unrealizedPnl) {
    public double pnl() {
        return realizedPnl + unrealizedPnl;
    }
}
