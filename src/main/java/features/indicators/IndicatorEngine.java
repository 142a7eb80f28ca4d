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
        int n = bars.size();
        Map<String, double[]> out = new LinkedHashMap<>();
        if (spec.has(IndicatorKind.EMA)) {
            int w = spec.warmupBars(IndicatorKind.EMA);
            out.put("ema_fast", masked(EmaCalculator.ema(bars.close, n, spec.emaFast()), w));
            out.put("ema_slow", masked(EmaCalculator.ema(bars.close, n, spec.emaSlow()), w));
        }
        if (spec.has(IndicatorKind.RSI)) {
            out.put("rsi", masked(RsiCalculator.rsi(bars.close, n, spec.rsi()), spec.warmupBars(IndicatorKind.RSI)));
        }
        if (spec.has(IndicatorKind.CMF)) {
            double[] cmf = CmfCalculator.cmf(bars.high, bars.low, bars.close, bars.volume, n, spec.cmf());
            out.put("cmf", masked(cmf, spec.warmupBars(IndicatorKind.CMF)));
        }
        if (spec.has(IndicatorKind.MACD)) {
            int w = spec.warmupBars(IndicatorKind.MACD);
            MacdCalculator.MacdColumns m =
                    MacdCalculator.macd(bars.close, n, spec.macdFast(), spec.macdSlow(), spec.macdSignal());
            out.put("macd", masked(m.macd(), w));
            out.put("macd_signal", masked(m.signal(), w));
            out.put("macd_hist", masked(m.histogram(), w));
        }
        if (spec.has(IndicatorKind.ATR)) {
            double[] atr = AtrCalculator.atr(bars.high, bars.low, bars.close, n, spec.atr());
            out.put("atr", masked(atr, spec.warmupBars(IndicatorKind.ATR)));
        }
        return out;
    }

    private static double[] masked(double[] values, int warmup) {
        Arrays.fill(values, 0, Math.min(warmup, values.length), Double.NaN);
        return values;
    }
}
