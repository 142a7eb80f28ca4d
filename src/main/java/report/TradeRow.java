package report;

import java.util.Objects;

/**
 * One round trip for the trade list. Times are epoch ms UTC; {@code side} is display text (LONG, SHORT);
 * a trade still open at the end has {@code exitTs} {@code Long.MIN_VALUE} and a NaN exit price.
 */
public record TradeRow(long entryTs, long exitTs, String side, double qty, double entryPrice, double exitPrice,
                       double pnl, double returnPct, double fees) {
    public TradeRow {
        Objects.requireNonNull(side, "side");
    }

    public boolean open() {
        return exitTs == Long.MIN_VALUE;
    }
}
