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
        if (from < 0 || from > bars.size()) {
            throw new IndexOutOfBoundsException("from " + from + " outside 0.." + bars.size());
        }
        return new Streamed(spec).next(bars, from, bars.size());
    }

    /**
     * The indicators of one series handed over in consecutive chunks of bars: each calculator's state (the EMA, RSI,
     * MACD and ATR recursions, CMF's window) is carried from one chunk to the next, so the columns of the chunks, put
     * end to end, are bit for bit the columns {@link #compute(Bars, IndicatorSpec)} gives the whole series at once -
     * with the heap holding one chunk, not the history. {@link #compute} is this over one chunk.
     */
    public static final class Streamed {
        private final IndicatorSpec spec;
        private final EmaCalculator.Smoother emaFast;
        private final EmaCalculator.Smoother emaSlow;
        private final RsiCalculator.State rsi;
        private final CmfCalculator.State cmf;
        private final MacdCalculator.State macd;
        private final AtrCalculator.State atr;
        /** Bars seen so far: the index of the next chunk's first bar in the series. */
        private long seen;

        public Streamed(IndicatorSpec spec) {
            this.spec = spec;
            boolean ema = spec.has(IndicatorKind.EMA);
            emaFast = ema ? EmaCalculator.Smoother.ema(spec.emaFast()) : null;
            emaSlow = ema ? EmaCalculator.Smoother.ema(spec.emaSlow()) : null;
            rsi = spec.has(IndicatorKind.RSI) ? new RsiCalculator.State(spec.rsi()) : null;
            cmf = spec.has(IndicatorKind.CMF) ? new CmfCalculator.State(spec.cmf()) : null;
            macd = spec.has(IndicatorKind.MACD)
                    ? new MacdCalculator.State(spec.macdFast(), spec.macdSlow(), spec.macdSignal()) : null;
            atr = spec.has(IndicatorKind.ATR) ? new AtrCalculator.State(spec.atr()) : null;
        }

        /** The columns of the next chunk, the bars [from, to) of {@code bars}: one value per bar, in column order. */
        public Map<String, double[]> next(Bars bars, int from, int to) {
            if (from < 0 || to < from || to > bars.size()) {
                throw new IndexOutOfBoundsException("bars [" + from + ", " + to + ") outside 0.." + bars.size());
            }
            int n = to - from;
            long first = seen;
            seen += n;
            double[] close = bars.close;
            Map<String, double[]> out = new LinkedHashMap<>();
            if (emaFast != null) {
                int w = spec.warmupBars(IndicatorKind.EMA);
                double[] fast = new double[n];
                double[] slow = new double[n];
                emaFast.run(close, from, n, fast);
                emaSlow.run(close, from, n, slow);
                out.put("ema_fast", masked(fast, first, w));
                out.put("ema_slow", masked(slow, first, w));
            }
            if (rsi != null) {
                double[] v = new double[n];
                rsi.run(close, from, n, v);
                out.put("rsi", masked(v, first, spec.warmupBars(IndicatorKind.RSI)));
            }
            if (cmf != null) {
                double[] v = new double[n];
                cmf.run(bars.high, bars.low, close, bars.volume, from, n, v);
                out.put("cmf", masked(v, first, spec.warmupBars(IndicatorKind.CMF)));
            }
            if (macd != null) {
                int w = spec.warmupBars(IndicatorKind.MACD);
                double[] line = new double[n];
                double[] signal = new double[n];
                double[] hist = new double[n];
                macd.run(close, from, n, line, signal, hist);
                out.put("macd", masked(line, first, w));
                out.put("macd_signal", masked(signal, first, w));
                out.put("macd_hist", masked(hist, first, w));
            }
            if (atr != null) {
                double[] v = new double[n];
                atr.run(bars.high, bars.low, close, from, n, v);
                out.put("atr", masked(v, first, spec.warmupBars(IndicatorKind.ATR)));
            }
            return out;
        }
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

    /** NaN for the values whose series index ({@code first} + i) is inside the warm-up. */
    private static double[] masked(double[] values, long first, int warmup) {
        if (first < warmup) {
            Arrays.fill(values, 0, (int) Math.min(warmup - first, values.length), Double.NaN);
        }
        return values;
    }
}
