package backtest;

import features.Bars;
import features.FeatureFrame;
import features.FeatureSpec;
import features.GapPolicy;
import features.Interval;
import features.indicators.IndicatorEngine;
import features.indicators.IndicatorSpec;
import gen.KlineGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Frames for backtest tests: hand-written closes, or generated Binance months straight into memory. */
public final class TestFrames {
    static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    private TestFrames() {
    }

    /** Bars with O=H=L=C=close, volume 1, from 2024-01-01 00:00 UTC, plus the given indicator columns. */
    public static FeatureFrame of(Interval interval, double[] closes, Map<String, double[]> columns) {
        Bars b = new Bars(interval, closes.length);
        for (int i = 0; i < closes.length; i++) {
            double c = closes[i];
            b.add(T0 + i * interval.millis(), c, c, c, c, 1, c, 1, 0.5, c / 2, (byte) 0);
        }
        return new FeatureFrame(new FeatureSpec(interval, IndicatorSpec.parse("ema"), GapPolicy.FFILL), b,
                new LinkedHashMap<>(columns));
    }

    /** Bars from {open, high, low, close} rows, one per interval from 2024-01-01 00:00 UTC. */
    static FeatureFrame ohlc(Interval interval, double[]... rows) {
        return new FeatureFrame(new FeatureSpec(interval, IndicatorSpec.parse("ema"), GapPolicy.FFILL),
                ohlcBars(interval, rows), new LinkedHashMap<>());
    }

    /** The bars of {@link #ohlc}. */
    static Bars ohlcBars(Interval interval, double[]... rows) {
        Bars b = new Bars(interval, rows.length);
        for (int i = 0; i < rows.length; i++) {
            double[] r = rows[i];
            b.add(T0 + i * interval.millis(), r[0], r[1], r[2], r[3], 1, r[3], 1, 0.5, r[3] / 2, (byte) 0);
        }
        return b;
    }

    public static FeatureFrame of(double... closes) {
        return of(Interval.M1, closes, Map.of());
    }

    /** Generated 1m months (seeded KlineGenerator) with the indicators computed over them. */
    static FeatureFrame generated(long seed, YearMonth from, int months, IndicatorSpec indicators) throws IOException {
        Bars bars = new Bars(Interval.M1, months * 44_640);
        KlineGenerator g = new KlineGenerator(seed);
        for (int m = 0; m < months; m++) {
            YearMonth month = from.plusMonths(m);
            StringWriter w = new StringWriter();
            g.write(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                    month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(), w, List.of());
            try (BufferedReader r = new BufferedReader(new StringReader(w.toString()))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    String[] f = line.split(",", -1);
                    bars.add(Long.parseLong(f[0]), d(f[1]), d(f[2]), d(f[3]), d(f[4]), d(f[5]), d(f[7]),
                            Long.parseLong(f[8]), d(f[9]), d(f[10]), (byte) 0);
                }
            }
        }
        return new FeatureFrame(new FeatureSpec(Interval.M1, indicators, GapPolicy.FFILL), bars,
                IndicatorEngine.compute(bars, indicators));
    }

    private static double d(String s) {
        return Double.parseDouble(s);
    }
}
