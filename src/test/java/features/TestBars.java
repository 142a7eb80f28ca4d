package features;

/** Bars for tests: the real Binance CSVs parsed as they are, and small synthetic 1m series. */
final class TestBars {
    static final long MINUTE = 60_000L;

    private TestBars() {
    }

    /** A Binance kline CSV (no header, ms times) as bars of {@code interval}. */
    static Bars fromCsv(String csv, Interval interval) {
        Bars bars = new Bars(interval, 1500);
        csv.lines().filter(l -> !l.isBlank()).forEach(line -> {
            String[] f = line.split(",");
            bars.add(Long.parseLong(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                    Double.parseDouble(f[7]), Long.parseLong(f[8]), Double.parseDouble(f[9]),
                    Double.parseDouble(f[10]), (byte) 0);
        });
        return bars;
    }

    /**
     * {@code count} consecutive minutes from {@code startMs}; minute i: open 100+i, high open+2, low open-1,
     * close open+0.5, volume 1, quote volume 100, 2 trades, taker base 0.5, taker quote 50.
     */
    static Bars minutes(long startMs, int count) {
        Bars bars = new Bars(Interval.M1, count);
        for (int i = 0; i < count; i++) {
            addMinute(bars, startMs + i * MINUTE, 100 + i);
        }
        return bars;
    }

    static void addMinute(Bars bars, long t, double open) {
        bars.add(t, open, open + 2, open - 1, open + 0.5, 1, 100, 2, 0.5, 50, (byte) 0);
    }

    /** The same series without the minutes [fromMs, toMs). */
    static Bars without(Bars bars, long fromMs, long toMs) {
        Bars out = new Bars(bars.interval, bars.size());
        for (int i = 0; i < bars.size(); i++) {
            long t = bars.openTime[i];
            if (t < fromMs || t >= toMs) {
                out.add(t, bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i],
                        bars.quoteVolume[i], bars.trades[i], bars.takerBase[i], bars.takerQuote[i], bars.flags[i]);
            }
        }
        return out;
    }

    static long ms(String instant) {
        return java.time.Instant.parse(instant).toEpochMilli();
    }
}
