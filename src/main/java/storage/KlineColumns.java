package storage;

import java.util.Arrays;

/**
 * Column-oriented block of 1m klines: one primitive array per column, rows 0..size-1.
 * Times are epoch milliseconds (UTC). Grows like an ArrayList; not thread-safe.
 */
public final class KlineColumns {
    public long[] openTime;
    public double[] open;
    public double[] high;
    public double[] low;
    public double[] close;
    public double[] volume;
    public long[] closeTime;
    public double[] quoteVolume;
    public long[] trades;
    public double[] takerBase;
    public double[] takerQuote;
    private int size;

    public KlineColumns(int capacity) {
        int c = Math.max(capacity, 16);
        openTime = new long[c];
        open = new double[c];
        high = new double[c];
        low = new double[c];
        close = new double[c];
        volume = new double[c];
        closeTime = new long[c];
        quoteVolume = new double[c];
        trades = new long[c];
        takerBase = new double[c];
        takerQuote = new double[c];
    }

    public int size() {
        return size;
    }

    /** Appends a row and returns its index. */
    public int add(long openTimeMs, double o, double h, double l, double c, double vol, long closeTimeMs,
                   double quoteVol, long tradeCount, double takerBaseVol, double takerQuoteVol) {
        if (size == openTime.length) {
            grow(size * 2);
        }
        int i = size++;
        openTime[i] = openTimeMs;
        open[i] = o;
        high[i] = h;
        low[i] = l;
        close[i] = c;
        volume[i] = vol;
        closeTime[i] = closeTimeMs;
        quoteVolume[i] = quoteVol;
        trades[i] = tradeCount;
        takerBase[i] = takerBaseVol;
        takerQuote[i] = takerQuoteVol;
        return i;
    }

    /** Appends {@code rows} rows to be filled in place by the caller; returns the index of the first. */
    public int reserve(int rows) {
        if (size + rows > openTime.length) {
            grow(Math.max(size + rows, size * 2));
        }
        int first = size;
        size += rows;
        return first;
    }

    /** Copies row {@code i} of {@code src} to the end of this block. */
    public void addRow(KlineColumns src, int i) {
        add(src.openTime[i], src.open[i], src.high[i], src.low[i], src.close[i], src.volume[i], src.closeTime[i],
                src.quoteVolume[i], src.trades[i], src.takerBase[i], src.takerQuote[i]);
    }

    /** True when row i here and row j of other carry exactly the same values (bitwise for doubles). */
    public boolean sameRow(int i, KlineColumns other, int j) {
        return openTime[i] == other.openTime[j]
                && closeTime[i] == other.closeTime[j]
                && trades[i] == other.trades[j]
                && same(open[i], other.open[j]) && same(high[i], other.high[j]) && same(low[i], other.low[j])
                && same(close[i], other.close[j]) && same(volume[i], other.volume[j])
                && same(quoteVolume[i], other.quoteVolume[j])
                && same(takerBase[i], other.takerBase[j]) && same(takerQuote[i], other.takerQuote[j]);
    }

    private static boolean same(double a, double b) {
        return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
    }

    public boolean isSortedStrict() {
        for (int i = 1; i < size; i++) {
            if (openTime[i] <= openTime[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /** Returns a copy of this block ordered by open_time (stable: equal times keep their input order). */
    public KlineColumns sortedByOpenTime() {
        boolean sorted = true;
        for (int i = 1; i < size && sorted; i++) {
            sorted = openTime[i] >= openTime[i - 1];
        }
        if (sorted) {
            return this;
        }
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(openTime[a], openTime[b]));
        KlineColumns out = new KlineColumns(size);
        for (Integer i : order) {
            out.addRow(this, i);
        }
        return out;
    }

    private void grow(int capacity) {
        openTime = Arrays.copyOf(openTime, capacity);
        open = Arrays.copyOf(open, capacity);
        high = Arrays.copyOf(high, capacity);
        low = Arrays.copyOf(low, capacity);
        close = Arrays.copyOf(close, capacity);
        volume = Arrays.copyOf(volume, capacity);
        closeTime = Arrays.copyOf(closeTime, capacity);
        quoteVolume = Arrays.copyOf(quoteVolume, capacity);
        trades = Arrays.copyOf(trades, capacity);
        takerBase = Arrays.copyOf(takerBase, capacity);
        takerQuote = Arrays.copyOf(takerQuote, capacity);
    }
}
