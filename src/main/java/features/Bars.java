package features;

import java.util.Arrays;

/**
 * Column-oriented OHLCV bars of one interval, sorted by open time (epoch ms, UTC), with per-bar flags:
 * {@link #FILLED} (the bar is, or contains, a forward-filled minute), {@link #NO_REAL_MINUTE} (every minute of the
 * bar is forward-filled: the exchange did not trade in it, so nothing can be filled on it) and {@link #INCOMPLETE}
 * (a bucket at the edge of the range, or with minutes missing, that does not cover its whole interval).
 */
public final class Bars {
    public static final byte FILLED = 1;
    public static final byte INCOMPLETE = 2;
    /** Set together with {@link #FILLED} when no minute of the bar is real (a bucket: all of its minutes filled). */
    public static final byte NO_REAL_MINUTE = 4;

    public final Interval interval;
    public long[] openTime;
    public double[] open;
    public double[] high;
    public double[] low;
    public double[] close;
    public double[] volume;
    public double[] quoteVolume;
    public long[] trades;
    public double[] takerBase;
    public double[] takerQuote;
    public byte[] flags;
    private int size;

    public Bars(Interval interval, int capacity) {
        this.interval = interval;
        int c = Math.max(capacity, 16);
        openTime = new long[c];
        open = new double[c];
        high = new double[c];
        low = new double[c];
        close = new double[c];
        volume = new double[c];
        quoteVolume = new double[c];
        trades = new long[c];
        takerBase = new double[c];
        takerQuote = new double[c];
        flags = new byte[c];
    }

    public int size() {
        return size;
    }

    public int add(long t, double o, double h, double l, double c, double vol, double quoteVol, long tradeCount,
                   double takerBaseVol, double takerQuoteVol, byte flag) {
        if (size == openTime.length) {
            grow(size * 2);
        }
        int i = size++;
        openTime[i] = t;
        open[i] = o;
        high[i] = h;
        low[i] = l;
        close[i] = c;
        volume[i] = vol;
        quoteVolume[i] = quoteVol;
        trades[i] = tradeCount;
        takerBase[i] = takerBaseVol;
        takerQuote[i] = takerQuoteVol;
        flags[i] = flag;
        return i;
    }

    /** Drops the last bar (the aggregator takes back a bucket it will not keep). */
    void removeLast() {
        if (size == 0) {
            throw new IllegalStateException("no bar to remove");
        }
        size--;
    }

    public boolean filled(int i) {
        return (flags[i] & FILLED) != 0;
    }

    /** Whether no minute of bar i is real (all forward-filled). */
    public boolean noRealMinute(int i) {
        return (flags[i] & NO_REAL_MINUTE) != 0;
    }

    public boolean incomplete(int i) {
        return (flags[i] & INCOMPLETE) != 0;
    }

    /** Index of the first bar with open time >= t (size() when none). */
    public int indexAtOrAfter(long t) {
        int i = Arrays.binarySearch(openTime, 0, size, t);
        return i >= 0 ? i : -i - 1;
    }

    private void grow(int capacity) {
        openTime = Arrays.copyOf(openTime, capacity);
        open = Arrays.copyOf(open, capacity);
        high = Arrays.copyOf(high, capacity);
        low = Arrays.copyOf(low, capacity);
        close = Arrays.copyOf(close, capacity);
        volume = Arrays.copyOf(volume, capacity);
        quoteVolume = Arrays.copyOf(quoteVolume, capacity);
        trades = Arrays.copyOf(trades, capacity);
        takerBase = Arrays.copyOf(takerBase, capacity);
        takerQuote = Arrays.copyOf(takerQuote, capacity);
        flags = Arrays.copyOf(flags, capacity);
    }
}
