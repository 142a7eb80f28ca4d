package features.indicators;

import features.Bars;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.MACDIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.averages.EMAIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.volume.ChaikinMoneyFlowIndicator;
import org.ta4j.core.num.DoubleNumFactory;
import org.ta4j.core.num.Num;

/**
 * The same columns as {@link IndicatorEngine}, computed by ta4j 0.21.0's own indicator classes over a
 * {@code DoubleNum} bar series: the independent reference for tests and the spot check. Values are ta4j's as they come,
 * warm-up included (NaN where ta4j says NaN, CMF's partial first windows as numbers). Slow and memory-hungry (an
 * object per bar and per cached value): fine for a sample, not for the whole history.
 */
public final class Ta4jIndicators {
    private Ta4jIndicators() {
    }

    public static Map<String, double[]> compute(Bars bars, IndicatorSpec spec) {
        BarSeries series = series(bars);
        ClosePriceIndicator close = new ClosePriceIndicator(series);
        Map<String, double[]> out = new LinkedHashMap<>();
        if (spec.has(IndicatorKind.EMA)) {
            out.put("ema_fast", values(new EMAIndicator(close, spec.emaFast()), bars.size()));
            out.put("ema_slow", values(new EMAIndicator(close, spec.emaSlow()), bars.size()));
        }
        if (spec.has(IndicatorKind.RSI)) {
            out.put("rsi", values(new RSIIndicator(close, spec.rsi()), bars.size()));
        }
        if (spec.has(IndicatorKind.CMF)) {
            out.put("cmf", values(new ChaikinMoneyFlowIndicator(series, spec.cmf()), bars.size()));
        }
        if (spec.has(IndicatorKind.MACD)) {
            MACDIndicator macd = new MACDIndicator(close, spec.macdFast(), spec.macdSlow());
            out.put("macd", values(macd, bars.size()));
            out.put("macd_signal", values(macd.getSignalLine(spec.macdSignal()), bars.size()));
            out.put("macd_hist", values(macd.getHistogram(spec.macdSignal()), bars.size()));
        }
        if (spec.has(IndicatorKind.ATR)) {
            out.put("atr", values(new ATRIndicator(series, spec.atr()), bars.size()));
        }
        return out;
    }

    /** A ta4j series of the bars (begin = open time, end = open time + interval), double arithmetic. */
    public static BarSeries series(Bars bars) {
        BarSeries series = new BaseBarSeriesBuilder().withNumFactory(DoubleNumFactory.getInstance()).build();
        Duration period = bars.interval.duration();
        for (int i = 0; i < bars.size(); i++) {
            Instant begin = Instant.ofEpochMilli(bars.openTime[i]);
            series.barBuilder().timePeriod(period).beginTime(begin).endTime(begin.plus(period))
                    .openPrice(bars.open[i]).highPrice(bars.high[i]).lowPrice(bars.low[i]).closePrice(bars.close[i])
                    .volume(bars.volume[i]).amount(bars.quoteVolume[i]).trades(bars.trades[i]).add();
        }
        return series;
    }

    /** Values in index order (ta4j's recursive caches fill forward); ta4j's NaN becomes Double.NaN. */
    private static double[] values(Indicator<Num> indicator, int size) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            Num n = indicator.getValue(i);
            v[i] = n == null || n.isNaN() ? Double.NaN : n.doubleValue();
        }
        return v;
    }
}
