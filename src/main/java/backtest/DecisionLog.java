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
    private Decision[] decision;
    private byte[] outcome;
    private int size;

    DecisionLog(EquityCurve curve, double initialCash, int capacity) {
        this.curve = curve;
        this.initialCash = initialCash;
        int c = Math.max(16, capacity);
        row = new int[c];
        decision = new Decision[c];
        outcome = new byte[c];
    }

    void add(int bar, Decision d, Outcome o) {
        if (size == row.length) {
            row = Arrays.copyOf(row, size * 2);
            decision = Arrays.copyOf(decision, size * 2);
            outcome = Arrays.copyOf(outcome, size * 2);
        }
        row[size] = bar;
        decision[size] = d;
        outcome[size++] = (byte) o.ordinal();
    }

    public int size() {
        return size;
    }

    /** Frame row of decision k. */
    public int row(int k) {
        return row[k];
    }

    public Decision decision(int k) {
        return decision[k];
    }

    public Outcome outcome(int k) {
        return Outcome.values()[outcome[k]];
    }

    /** Decision k with the account before it. */
    public DecisionRecord get(int k) {
        int i = row[k];
        AccountSnapshot before = i == 0
                ? AccountSnapshot.mark(curve.ts[0], curve.close[0], initialCash, 0, 0, 0, initialCash)
                : AccountSnapshot.mark(curve.ts[i], curve.close[i], curve.cash[i - 1], curve.position[i - 1],
                        curve.avgEntry[i - 1], curve.realized[i - 1], curve.peak[i - 1]);
        return new DecisionRecord(curve.ts[i], decision[k], outcome(k), before);
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
