package backtest;

/**
 * A {@link Strategy} that can tell ahead which decision bars it answers HOLD to: one whose answers depend on the
 * frame's rows and its own state only, never on the account. In a metrics-only run ({@link BacktestEngine#metrics})
 * with a decision at every bar, no risk rules and no order waiting for its fill, a HOLD changes nothing but the
 * strategy's own state, so the engine marks the bars up to the next answer that is not HOLD without asking at each
 * one: the same figures without a call, a context move and a decision per bar.
 */
public interface HoldScan {
    /**
     * Advances the strategy over rows {@code from} to {@code to - 1} exactly as {@link Strategy#decide} at each of
     * them in turn would (each with a real minute), stopping at the first row whose answer would not be HOLD: returns
     * that row, with the strategy's state as it was before deciding it (so that {@code decide} there gives that
     * answer), or {@code to} when every row's answer is HOLD. Reads row {@code k} only as {@code decide} at row
     * {@code k} would (no look-ahead); the context has been moved to row {@code to - 1}.
     */
    int skipHolds(DecisionContext ctx, int from, int to);
}
