package features;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Feature rows at one interval: the bars (ts = bar open time, UTC) and one column per indicator value, NaN where
 * the indicator is still warming up (written as null). Row i depends only on bars at or before row i.
 */
public final class FeatureFrame {
    public static final List<String> BASE_COLUMNS = List.of("ts", "open", "high", "low", "close", "volume");

    private final FeatureSpec spec;
    private final Bars bars;
    private final Map<String, double[]> columns;

    public FeatureFrame(FeatureSpec spec, Bars bars, Map<String, double[]> columns) {
        this.spec = spec;
        this.bars = bars;
        this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    public FeatureSpec spec() {
        return spec;
    }

    public Bars bars() {
        return bars;
    }

    public int size() {
        return bars.size();
    }

    /** Indicator columns in schema order (ema_fast, ema_slow, rsi, cmf, macd, macd_signal, macd_hist, atr). */
    public Map<String, double[]> columns() {
        return columns;
    }

    /** Value of an indicator column at row i, or null inside its warm-up. */
    public Double value(String column, int i) {
        double v = columns.get(column)[i];
        return Double.isNaN(v) ? null : v;
    }

    /** Rows [from, to) as a new frame (arrays copied), or this frame when that is all of it. */
    public FeatureFrame slice(int from, int to) {
        if (from == 0 && to == size()) {
            return this; // frames are read-only once built: no need to copy a whole history
        }
        Bars out = new Bars(bars.interval, to - from);
        for (int i = from; i < to; i++) {
            out.add(bars.openTime[i], bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i],
                    bars.quoteVolume[i], bars.trades[i], bars.takerBase[i], bars.takerQuote[i], bars.flags[i]);
        }
        Map<String, double[]> cols = new LinkedHashMap<>();
        columns.forEach((k, v) -> cols.put(k, java.util.Arrays.copyOfRange(v, from, to)));
        return new FeatureFrame(spec, out, cols);
    }
}
