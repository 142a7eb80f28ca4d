package report;

import java.util.Objects;

/** One fill drawn on the price chart at its exact time and price. {@code note} is free text (escaped on output). */
public record TradeMarker(long ts, Side side, double price, double qty, String note) {
    public enum Side { BUY, SELL }

    public TradeMarker {
        Objects.requireNonNull(side, "side");
        note = note == null ? "" : note;
    }
}
