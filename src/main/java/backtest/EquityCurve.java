package backtest;

/**
 * The account at every bar's close, after that bar's fill if any, as columns (one entry per frame row): open time,
 * close, cash, position, average entry (fee-inclusive, 0 when flat), realised PnL, equity = cash + position x close,
 * running peak equity (starting from the initial cash), drawdown = (peak - equity) / peak, and the buy-and-hold
 * equity (the initial cash in the asset at the first bar's close, frictionless). The arrays are shared, not copied:
 * treat them as read-only.
 */
public final class EquityCurve {
    final long[] ts;
    final double[] close;
    final double[] cash;
    final double[] position;
    final double[] avgEntry;
    final double[] realized;
    final double[] equity;
    final double[] peak;
    final double[] drawdown;
    final double[] buyHold;

    EquityCurve(int n) {
        ts = new long[n];
        close = new double[n];
        cash = new double[n];
        position = new double[n];
        avgEntry = new double[n];
        realized = new double[n];
        equity = new double[n];
        peak = new double[n];
        drawdown = new double[n];
        buyHold = new double[n];
    }

    public int size() {
        return ts.length;
    }

    public long[] ts() {
        return ts;
    }

    public double[] close() {
        return close;
    }

    public double[] cash() {
        return cash;
    }

    public double[] position() {
        return position;
    }

    public double[] avgEntry() {
        return avgEntry;
    }

    public double[] realized() {
        return realized;
    }

    public double[] equity() {
        return equity;
    }

    public double[] peak() {
        return peak;
    }

    public double[] drawdown() {
        return drawdown;
    }

    public double[] buyHold() {
        return buyHold;
    }

    /** position x (close - avgEntry) at bar i. */
    public double unrealized(int i) {
        return position[i] * (close[i] - avgEntry[i]);
    }

    /** Bar i as a snapshot. */
    public AccountSnapshot at(int i) {
        return new AccountSnapshot(ts[i], close[i], cash[i], position[i], avgEntry[i], realized[i], unrealized(i),
                equity[i], peak[i], drawdown[i]);
    }
}
