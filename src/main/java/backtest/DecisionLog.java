package backtest;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * Every decision of a run, in bar order, stored as columns (bar row, decision, outcome) so that a decision at
 * every one of millions of bars stays cheap. The account before a decision is not stored but rebuilt from the
 * equity curve: the state after the previous bar, marked at the decision bar's close - exactly what the strategy
 * was shown.
 */
public final class DecisionLog {
    private final EquityCurve curve;
    private final double initialCash;
    private int[] row;
    private int[] decision; // index into distinct: strategies answer a few constant decisions over and over
    private final java.util.ArrayList<Decision> distinct = new java.util.ArrayList<>();
    private Decision lastDecision;
    private int lastIndex = -1;
    private byte[] outcome;
    private int size;

    /** @param capacity the expected decisions; negative: a log that only counts (stores nothing) */
    DecisionLog(EquityCurve curve, double initialCash, int capacity) {
        this.curve = curve;
        this.initialCash = initialCash;
        if (capacity < 0) { // counting only: a metrics-only run
            return;
        }
        int c = Math.max(16, capacity);
        row = new int[c];
        decision = new int[c];
        outcome = new byte[c];
    }

    /** Logs decision {@code d} at frame row {@code bar}; returns its index (see {@link #settle}). */
    int add(int bar, Decision d, Outcome o) {
        if (row == null) {
            return size++;
        }
        if (size == row.length) {
            row = Arrays.copyOf(row, size * 2);
            decision = Arrays.copyOf(decision, size * 2);
            outcome = Arrays.copyOf(outcome, size * 2);
        }
        if (d != lastDecision) {
            lastDecision = d;
            lastIndex = indexOf(d);
        }
        row[size] = bar;
        decision[size] = lastIndex;
        outcome[size] = (byte) o.ordinal();
        return size++;
    }

    /** Sets the outcome of decision {@code k} once known: a next-open order logged at its decision bar, filled later. */
    void settle(int k, Outcome o) {
        if (outcome != null) {
            outcome[k] = (byte) o.ordinal();
        }
    }

    private int indexOf(Decision d) {
        for (int j = distinct.size() - 1; j >= 0 && j >= distinct.size() - 8; j--) {
            if (distinct.get(j) == d) {
                return j; // the recent few: a strategy alternating between its constants
            }
        }
        distinct.add(d);
        return distinct.size() - 1;
    }

    public int size() {
        return size;
    }

    /** Open time of decision k's bar. */
    public long ts(int k) {
        return curve.tsAt(row[k]);
    }

    /** Frame row of decision k. */
    public int row(int k) {
        return row[k];
    }

    public Decision decision(int k) {
        return distinct.get(decision[k]);
    }

    public Outcome outcome(int k) {
        return Outcome.values()[outcome[k]];
    }

    /** Decision k with the account before it. */
    public DecisionRecord get(int k) {
        int i = row[k];
        AccountSnapshot before = i == 0
                ? AccountSnapshot.mark(curve.tsAt(0), curve.closeAt(0), initialCash, 0, 0, 0, initialCash)
                : AccountSnapshot.mark(curve.tsAt(i), curve.closeAt(i), curve.cash()[i - 1], curve.position()[i - 1],
                        curve.avgEntry()[i - 1], curve.realized()[i - 1], curve.peak()[i - 1]);
        return new DecisionRecord(curve.tsAt(i), decision(k), outcome(k), before);
    }

    /** The decisions as records (built on access). */
    public List<DecisionRecord> records() {
        return new AbstractList<>() {
            @Override
            public DecisionRecord get(int k) {
                return DecisionLog.this.get(k);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
