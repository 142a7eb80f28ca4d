package report;

import java.util.Objects;

/**
 * One fill drawn on the price chart at its exact time and price. {@code note} is free text (escaped on output);
 * {@code exit} names a risk exit ({@code stop_loss}, {@code take_profit}, {@code trailing_stop}; empty for a
 * strategy's own fill): such a sell is drawn in its own colour with the reason in its class and tooltip.
 */
public record TradeMarker(long ts, Side side, double price, double qty, String note, String exit) {
    public enum Side { BUY, SELL }

    public TradeMarker {
        Objects.requireNonNull(side, "side");
        note = note == null ? "" : note;
        exit = exit == null ? "" : exit;
        if (!exit.matches("[a-z_]*")) {
            throw new IllegalArgumentException("exit must be a snake_case reason, got '" + exit + "'");
        }
    }

    /** A strategy's own fill (no risk exit). */
    public TradeMarker(long ts, Side side, double price, double qty, String note) {
        this(ts, side, price, qty, note, "");
    }
}
