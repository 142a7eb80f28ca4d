package backtest;

/**
 * A strategy's answer at one decision bar: the action, the fraction (0..1) of available cash to spend (BUY) or of
 * the position to sell (SELL), and a free-text note kept in the decision log. HOLD carries size 0. A {@code routine}
 * HOLD only says that the rule saw no signal (no cross, RSI within its band): the compact {@code decisions.jsonl}
 * leaves those out ({@code decisions.parquet} keeps every decision).
 */
public record Decision(Action action, double sizePct, String note, boolean routine) {
    public static final Decision HOLD = new Decision(Action.HOLD, 0, "");

    public Decision(Action action, double sizePct, String note) {
        this(action, sizePct, note, false);
    }

    public Decision {
        if (routine && action != Action.HOLD) {
            throw new IllegalArgumentException("only a HOLD can be routine");
        }
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

    /** A routine HOLD: the rule saw no signal (left out of the compact decision log). */
    public static Decision noSignal(String note) {
        return new Decision(Action.HOLD, 0, note, true);
    }
}
