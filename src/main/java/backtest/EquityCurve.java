package backtest;

import java.util.Arrays;

/**
 * The account at every bar's close, after that bar's fill if any, one entry per frame row: open time, close, cash,
 * position, average entry (fee-inclusive, 0 when flat), realised PnL, equity = cash + position x close, running
 * peak equity (starting from the initial cash), drawdown = (peak - equity) / peak, and buy-and-hold equity (the
 * initial cash in the asset at the first bar's close, frictionless).
 *
 * <p>Only equity is written per bar by the engine; cash, position, average entry and realised PnL change only at
 * fills and are kept as change points, and every column is built in full on first access (then cached). The
 * arrays returned are shared: treat them as read-only.
 */
public final class EquityCurve {
    private final int n;
    private final long[] barTs;
    private final double[] barClose;
    private final double initialCash;
    final double[] equity;
    private int changes;
    private int[] changeRow = new int[16];
    private double[][] changeState = new double[4][16]; // cash, position, avgEntry, realized after the change
    private double[][] columns; // ts-less columns, built on first access

    EquityCurve(long[] ts, double[] close, int n, double initialCash) {
        this(ts, close, n, initialCash, new double[n]);
    }

    /** Equity written into {@code buffer} (length >= n; a metrics-only run's reused buffer: rows past n ignored). */
    EquityCurve(long[] ts, double[] close, int n, double initialCash, double[] buffer) {
        this.n = n;
        this.barTs = ts;
        this.barClose = close;
        this.initialCash = initialCash;
        this.equity = buffer;
    }

    /**
     * As {@link #EquityCurve(long[], double[], int, double, double[])} with the change points also kept in reused
     * arrays ({@code changeRow}, and {@code changeState[4]} of the same length), grown here when a run fills more
     * often; {@link #changeRows()} and {@link #changeStates()} give them back for the next run.
     */
    EquityCurve(long[] ts, double[] close, int n, double initialCash, double[] buffer, int[] changeRow,
                double[][] changeState) {
        this(ts, close, n, initialCash, buffer);
        this.changeRow = changeRow;
        this.changeState = changeState;
    }

    int[] changeRows() {
        return changeRow;
    }

    double[][] changeStates() {
        return changeState;
    }

    /** Records the account after a fill at {@code row}. */
    void change(int row, double cash, double position, double avgEntry, double realized) {
        if (changes == changeRow.length) {
            changeRow = Arrays.copyOf(changeRow, changes * 2);
            for (int c = 0; c < 4; c++) {
                changeState[c] = Arrays.copyOf(changeState[c], changes * 2);
            }
        }
        changeRow[changes] = row;
        changeState[0][changes] = cash;
        changeState[1][changes] = position;
        changeState[2][changes] = avgEntry;
        changeState[3][changes++] = realized;
    }

    public int size() {
        return n;
    }

    public long[] ts() {
        return barTs.length == n ? barTs : Arrays.copyOf(barTs, n);
    }

    public double[] close() {
        return barClose.length == n ? barClose : Arrays.copyOf(barClose, n);
    }

    long tsAt(int i) {
        return barTs[i];
    }

    double closeAt(int i) {
        return barClose[i];
    }

    public double[] equity() {
        return equity;
    }

    public double[] cash() {
        return column(0);
    }

    public double[] position() {
        return column(1);
    }

    public double[] avgEntry() {
        return column(2);
    }

    public double[] realized() {
        return column(3);
    }

    public double[] peak() {
        return column(4);
    }

    public double[] drawdown() {
        return column(5);
    }

    public double[] buyHold() {
        return column(6);
    }

    /** position x (close - avgEntry) at bar i. */
    public double unrealized(int i) {
        return position()[i] * (barClose[i] - avgEntry()[i]);
    }

    /** Bar i as a snapshot. */
    public AccountSnapshot at(int i) {
        return new AccountSnapshot(barTs[i], barClose[i], cash()[i], position()[i], avgEntry()[i], realized()[i],
                unrealized(i), equity[i], peak()[i], drawdown()[i]);
    }

    /**
     * Marks every bar into {@code stats}, stretch by stretch between the change points: the state before the first
     * change is {@code initialCash} and no position; a change at row r applies from row r on (the equity of row r is
     * after its fills). The engine's per-bar equity is {@code cash + position x close} with these same values.
     */
    void markInto(EquityStats stats, double initialCash) {
        double cash = initialCash;
        double position = 0;
        int from = 0;
        for (int k = 0; k < changes; k++) {
            stats.mark(cash, position, barClose, from, changeRow[k]);
            from = changeRow[k];
            cash = changeState[0][k];
            position = changeState[1][k];
        }
        stats.mark(cash, position, barClose, from, n);
    }

    /** Bars after which a position is held: the sum of the spans between change points with position > 0. */
    int barsHolding() {
        int held = 0;
        for (int k = 0; k < changes; k++) {
            int until = k + 1 < changes ? changeRow[k + 1] : n;
            held += changeState[1][k] > 0 ? until - changeRow[k] : 0;
        }
        return held;
    }

    private synchronized double[] column(int c) {
        if (columns == null) {
            columns = build();
        }
        return columns[c];
    }

    private double[][] build() {
        double[][] out = new double[7][n];
        double[] state = {initialCash, 0, 0, 0};
        double peak = initialCash;
        double buyHoldQty = initialCash / barClose[0];
        for (int i = 0, k = 0; i < n; i++) {
            for (; k < changes && changeRow[k] == i; k++) {
                for (int s = 0; s < 4; s++) {
                    state[s] = changeState[s][k];
                }
            }
            for (int s = 0; s < 4; s++) {
                out[s][i] = state[s];
            }
            peak = Math.max(peak, equity[i]);
            out[4][i] = peak;
            out[5][i] = AccountSnapshot.drawdown(peak, equity[i]);
            out[6][i] = buyHoldQty * barClose[i];
        }
        return out;
    }
}
