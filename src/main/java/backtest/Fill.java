package backtest;

/**
 * One market fill at a bar's close (or, with {@code execution.fill: next_open}, the next bar's open; or at a risk
 * level or a gapping 1m open for a {@code risk} exit). {@code reason} is why (buys: {@link ExitReason#SIGNAL}). {@code price} includes slippage (buy above, sell below the close);
 * {@code notional = qty x price}; {@code fee = fee_rate x notional} in quote currency; {@code slippageCost =
 * qty x |price - reference price|}; {@code realizedPnl} is 0 for buys and, for sells, net proceeds minus the fee-inclusive
 * cost basis of the quantity sold.
 */
public record Fill(long ts, Action side, double qty, double price, double notional, double fee, double slippageCost,
                   double realizedPnl, String note, ExitReason reason) {
}
