package features.indicators;

import features.Bars;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Computes the enabled indicators of an {@link IndicatorSpec} over {@link Bars} with plain double loops that repeat
 * ta4j 0.21.0's recurrences and seeding operation for operation (see the calculators), so the values agree with
 * {@link Ta4jIndicators} bit for bit after the warm-up (the one exception, CMF over one-price bars, is documented in
 * {@link CmfCalculator}). Each value depends only on bars at or before its own index: no look-ahead.
 *
 * <p>Every index inside an indicator's warm-up ({@code i < spec.warmupBars(kind)}) is {@code Double.NaN}; callers turn
 * NaN into null. To compute a range warm from its first row, start {@link IndicatorSpec#warmupBars()} bars earlier.
 */
public final class IndicatorEngine {
    private IndicatorEngine() {
    }

    /** Column name -> values (one per bar), in {@link IndicatorSpec#columns()} order. */
    public static Map<String, double[]> compute(Bars bars, IndicatorSpec spec) {
        return compute(bars, 0, spec);
    }

    /**
     * As {@link #compute(Bars, IndicatorSpec)} over the bars [from, size) only, as if the series started at
     * {@code from} (same values, bit for bit, as computing over a copy of that range): one value per bar of the range.
     * Lets many specs share one load of bars, each starting where its own warm-up needs (the parameter sweep).
     */
    public static Map<String, double[]> compute(Bars bars, int from, IndicatorSpec spec) {
        int n = bars.size() - from;
        if (from < 0 || n < 0) {
            throw new IndexOutOfBoundsException("from " + from + " outside 0.." + bars.size());
        }
        boolean hl = spec.has(IndicatorKind.CMF) || spec.has(IndicatorKind.ATR);
        double[] close = range(bars.close, from, n);
        double[] high = hl ? range(bars.high, from, n) : null;
        double[] low = hl ? range(bars.low, from, n) : null;
        Map<String, double[]> out = new LinkedHashMap<>();
        if (spec.has(IndicatorKind.EMA)) {
            int w = spec.warmupBars(IndicatorKind.EMA);
            out.put("ema_fast", masked(EmaCalculator.ema(close, n, spec.emaFast()), w));
            out.put("ema_slow", masked(EmaCalculator.ema(close, n, spec.emaSlow()), w));
        }
        if (spec.has(IndicatorKind.RSI)) {
            out.put("rsi", masked(RsiCalculator.rsi(close, n, spec.rsi()), spec.warmupBars(IndicatorKind.RSI)));
        }
        if (spec.has(IndicatorKind.CMF)) {
            double[] cmf = CmfCalculator.cmf(high, low, close, range(bars.volume, from, n), n, spec.cmf());
            out.put("cmf", masked(cmf, spec.warmupBars(IndicatorKind.CMF)));
        }
        if (spec.has(IndicatorKind.MACD)) {
            int w = spec.warmupBars(IndicatorKind.MACD);
            MacdCalculator.MacdColumns m = MacdCalculator.macd(close, n, spec.macdFast(), spec.macdSlow(), spec.macdSignal());
            out.put("macd", masked(m.macd(), w));
            out.put("macd_signal", masked(m.signal(), w));
            out.put("macd_hist", masked(m.histogram(), w));
        }
        if (spec.has(IndicatorKind.ATR)) {
            double[] atr = AtrCalculator.atr(high, low, close, n, spec.atr());
            out.put("atr", masked(atr, spec.warmupBars(IndicatorKind.ATR)));
        }
        return out;
    }

    /**
     * The EMA({@code period}) of the closes of bars [from, size), as if the series started at {@code from}, before
     * any warm-up mask: NaN for the first {@code period} values, then exactly the values {@link #compute} gives a
     * spec with that period as ema_fast or ema_slow (which then sets the first {@code warmupBars(EMA)} to NaN).
     * One value per bar of the range.
     */
    public static double[] emaUnmasked(Bars bars, int from, int period) {
        if (from < 0 || from > bars.size()) {
            throw new IndexOutOfBoundsException("from " + from + " outside 0.." + bars.size());
        }
        return EmaCalculator.ema(bars.close, from, bars.size() - from, period);
    }

    /**
     * The first bar index {@code i < limit} from which {@link #emaUnmasked emaUnmasked(bars, from, period)} equals
     * {@code earlier} - {@code emaUnmasked(bars, earlierFrom, period)} with {@code earlierFrom <= from} - bit for
     * bit at every bar (the two recursions meet and then stay equal); -1 when they do not meet before {@code limit}.
     * Lets computations that start at different bars share one column from that index on (the parameter sweep).
     */
    public static int emaMergeIndex(Bars bars, int from, int period, double[] earlier, int earlierFrom, int limit) {
        if (earlierFrom > from || from > bars.size()) {
            throw new IndexOutOfBoundsException("need 0 <= earlierFrom <= from <= size, got " + earlierFrom + ", "
                    + from + ", " + bars.size());
        }
        return EmaCalculator.mergeIndex(bars.close, from, period, earlier, earlierFrom,
                Math.min(limit, bars.size()));
    }

    /** The calculators read indices 0..n-1: a range that does not start at 0 is copied (they never write inputs). */
    private static double[] range(double[] values, int from, int n) {
        return from == 0 ? values : Arrays.copyOfRange(values, from, from + n);
    }

    private static double[] masked(double[] values, int warmup) {
        Arrays.fill(values, 0, Math.min(warmup, values.length), Double.NaN);
        return values;
    }
}
