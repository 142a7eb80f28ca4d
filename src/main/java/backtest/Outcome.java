package backtest;

/**
 * What became of a decision. {@code FILLED}: traded as asked; {@code TRIMMED}: a BUY whose notional plus fee would
 * have overdrawn the cash, traded at the largest size the cash pays for; {@code DUST}: the order floored to the step
 * size is zero or below the minimum notional, not traded; {@code NOTHING_TO_SELL}: SELL while flat;
 * {@code NO_CASH}: BUY with less cash than the minimum notional; {@code HOLD}: the strategy held;
 * {@code NOT_FILLED}: with {@code execution.fill: next_open}, an order decided on the last bar (no later bar to fill at).
 */
public enum Outcome {
    FILLED, TRIMMED, DUST, NOTHING_TO_SELL, NO_CASH, HOLD, NOT_FILLED;

    /** Whether a fill was made. */
    public boolean traded() {
        return this == FILLED || this == TRIMMED;
    }
}
