package features.indicators;

import features.Bars;
import features.Interval;
import gen.KlineGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import support.Fixtures;

/** Bars for the indicator tests: tiny hand-made series, the real Binance day, generated minutes, slices. */
final class TestBars {
    private static final long MINUTE = 60_000L;
    private static final long START = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    private TestBars() {
    }

    /** 1m bars with the given high, low, close and volume (open = close). */
    static Bars hlcv(double[] high, double[] low, double[] close, double[] volume) {
        Bars b = new Bars(Interval.M1, close.length);
        for (int i = 0; i < close.length; i++) {
            b.add(START + i * MINUTE, close[i], high[i], low[i], close[i], volume[i], volume[i] * close[i], 1, 0, 0,
                    (byte) 0);
        }
        return b;
    }

    /** 1m bars from closes alone: open = close, high = close + 1, low = close - 1, volume 1. */
    static Bars closes(double... close) {
        double[] high = new double[close.length];
        double[] low = new double[close.length];
        double[] volume = new double[close.length];
        for (int i = 0; i < close.length; i++) {
            high[i] = close[i] + 1;
            low[i] = close[i] - 1;
            volume[i] = 1;
        }
        return hlcv(high, low, close, volume);
    }

    /** The real Binance day 2023-01-21, 1,440 one-minute bars. */
    static Bars realDay() {
        return fromCsv(new StringReader(Fixtures.realCsv("1m")), 1440);
    }

    /** Generated 1m bars for [from, to) from {@code gen.KlineGenerator(seed)}, written to a CSV under dir. */
    static Bars generatedMinutes(long seed, Instant from, Instant to, Path dir) {
        try {
            Path csv = dir.resolve("gen-" + seed + ".csv");
            new KlineGenerator(seed).write(from, to, csv, List.of());
            try (Reader r = Files.newBufferedReader(csv, StandardCharsets.US_ASCII)) {
                return fromCsv(r, (int) ((to.toEpochMilli() - from.toEpochMilli()) / MINUTE));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Binance 1m CSV rows (ms or µs times) as bars. */
    static Bars fromCsv(Reader csv, int capacity) {
        Bars b = new Bars(Interval.M1, capacity);
        try (BufferedReader r = new BufferedReader(csv)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(",", -1);
                long t = Long.parseLong(f[0]);
                b.add(t > 10_000_000_000_000L ? t / 1000 : t, d(f[1]), d(f[2]), d(f[3]), d(f[4]), d(f[5]), d(f[7]),
                        Long.parseLong(f[8]), d(f[9]), d(f[10]), (byte) 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b;
    }

    /** A copy of bars [from, to). */
    static Bars slice(Bars src, int from, int to) {
        Bars b = new Bars(src.interval, to - from);
        for (int i = from; i < to; i++) {
            b.add(src.openTime[i], src.open[i], src.high[i], src.low[i], src.close[i], src.volume[i],
                    src.quoteVolume[i], src.trades[i], src.takerBase[i], src.takerQuote[i], src.flags[i]);
        }
        return b;
    }

    private static double d(String s) {
        return Double.parseDouble(s);
    }
}
