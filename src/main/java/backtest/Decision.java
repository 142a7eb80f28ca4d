package backtest;

/**
 * A strategy's answer at one decision bar: the action, the fraction (0..1) of available cash to spend (BUY) or of
 * the position to sell (SELL), and a free-text note kept in the decision log. HOLD carries size 0.
 */
public record Decision(Action action, double sizePct, String note) {
    public static final Decision HOLD = new Decision(Action.HOLD, 0, "");

    public Decision {
        if (action == null) {
            throw new IllegalArgumentException("decision action is required");
        }
        if (!(sizePct >= 0 && sizePct <= 1)) { // also refuses NaN
            throw new IllegalArgumentException("decision size_pct must be within [0, 1], got " + sizePct);
        }
        note = note == null ? "" : note;
    }

    public static Decision buy(double sizePct, String note) {
        return new Decision(Action.BUY, sizePct, note);
    }

    public static Decision sell(double sizePct, String note) {
        return new Decision(Action.SELL, sizePct, note);
    }

    public static Decision hold(String note) {
        return note == null || note.isEmpty() ? HOLD : new Decision(Action.HOLD, 0, note);
    }
}
