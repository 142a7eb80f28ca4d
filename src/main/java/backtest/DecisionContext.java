package backtest;

import features.FeatureFrame;
import features.FeatureSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a strategy may see at a decision bar: frame rows 0..{@link #index()} (any read of a later row throws
 * {@link LookAheadException}) and the account marked at that bar's close, before the decision.
 *
 * <p>One context serves a whole run; the engine moves it from decision bar to decision bar. Read it inside
 * {@link Strategy#decide} (the engine does not move it while a decision is pending).
 */
public final class DecisionContext {
    private final FeatureFrame frame;
    private final Account account;
    private final Map<String, Series> series = new HashMap<>();
    private final List<String> columns;
    private int index = -1;
    private double previousPeak;

    DecisionContext(FeatureFrame frame, Account account) {
        this.frame = frame;
        this.account = account;
        var b = frame.bars();
        for (String f : new String[] {"open", "high", "low", "close", "volume"}) {
            double[] col = switch (f) {
                case "open" -> b.open;
                case "high" -> b.high;
                case "low" -> b.low;
                case "close" -> b.close;
                default -> b.volume;
            };
            series.put(f, new Series(f, col, this));
        }
        frame.columns().forEach((name, col) -> series.put(name, new Series(name, col, this)));
        columns = List.copyOf(frame.columns().keySet());
    }

    void moveTo(int index, double previousPeak) {
        this.index = index;
        this.previousPeak = previousPeak;
    }

    /** Row of the decision bar in the frame. */
    public int index() {
        return index;
    }

    /** Open time (epoch ms, UTC) of the decision bar; the decision is made at its close. */
    public long time() {
        return frame.bars().openTime[index];
    }

    /** Open time of row {@code i} <= index. */
    public long time(int i) {
        if (i > index || i < 0) {
            throw new LookAheadException("ts", i, index);
        }
        return frame.bars().openTime[i];
    }

    public FeatureSpec spec() {
        return frame.spec();
    }

    /** A bar field (open, high, low, close, volume) or an indicator column of the frame; unknown names throw. */
    public Series series(String column) {
        Series s = series.get(column);
        if (s == null) {
            throw new IllegalArgumentException("no column '" + column + "' in the frame (have " + series.keySet() + ")");
        }
        return s;
    }

    /** The indicator columns of the frame, in its order (bar fields apart); each readable with {@link #series}. */
    public List<String> columns() {
        return columns;
    }

    public boolean has(String column) {
        return series.containsKey(column);
    }

    /** {@code series(column).get(i)}. */
    public double value(String column, int i) {
        return series(column).get(i);
    }

    /** The last {@code n} rows up to and including the decision bar, as a copied frame (the LLM's window). */
    public FeatureFrame window(int n) {
        return frame.slice(Math.max(0, index + 1 - n), index + 1);
    }

    /** The account marked at the decision bar's close, before this decision. */
    public AccountSnapshot account() {
        return AccountSnapshot.mark(time(), frame.bars().close[index], account.cash, account.position(),
                account.avgEntry(), account.realized, previousPeak);
    }
}
