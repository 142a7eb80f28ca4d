package backtest;

/**
 * Read-only view of one frame column (a bar field or an indicator) through a {@link DecisionContext}: rows after
 * the context's current decision bar throw {@link LookAheadException}. NaN inside an indicator's warm-up.
 */
public final class Series {
    private final String name;
    private final double[] values;
    private final DecisionContext ctx;

    Series(String name, double[] values, DecisionContext ctx) {
        this.name = name;
        this.values = values;
        this.ctx = ctx;
    }

    public String name() {
        return name;
    }

    /** Value at row {@code i}, 0 <= i <= the decision bar. */
    public double get(int i) {
        int index = ctx.index();
        if (i > index || i < 0) {
            throw new LookAheadException(name, i, index);
        }
        return values[i];
    }

    /** Value at the decision bar. */
    public double current() {
        return values[ctx.index()];
    }
}
