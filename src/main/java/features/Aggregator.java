package features;

/**
 * Builds bars of a longer interval from 1m bars in one linear pass over the columns, bucketed exactly as Binance
 * buckets them ({@link Interval#bucketStart}): open = first open, high = max, low = min, close = last close;
 * volume, quote volume, trades and taker volumes summed.
 *
 * <p>A bucket holding fewer minutes than its interval (the edges of a range, or minutes missing from the store) is
 * flagged {@link Bars#INCOMPLETE}; a bucket holding any {@link Bars#FILLED} minute is flagged FILLED, so forward-filled
 * data never passes for real data, and one whose minutes are all forward-filled also {@link Bars#NO_REAL_MINUTE}.
 */
public final class Aggregator {
    private static final long MINUTE = 60_000L;
    private Aggregator() {
    }

    /**
     * @param oneMinute      1m bars, strictly increasing open times, each on a minute boundary
     * @param target         the interval to build (1m: the input itself, every minute is a whole bucket)
     * @param keepIncomplete keep INCOMPLETE buckets (flagged) instead of leaving them out
     */
    public static Bars aggregate(Bars oneMinute, Interval target, boolean keepIncomplete) {
        if (oneMinute.interval != Interval.M1) {
            throw new IllegalArgumentException("aggregate needs 1m bars, got " + oneMinute.interval);
        }
        int n = oneMinute.size();
        if (target == Interval.M1) {
            checkMinutes(oneMinute);
            return oneMinute;
        }
        Bars out = new Bars(target, n / target.minutes() + 2);
        long length = target.millis();
        long bucket = Long.MIN_VALUE;
        long bucketEnd = Long.MIN_VALUE;
        long previous = Long.MIN_VALUE;
        int at = -1;
        int count = 0;
        for (int i = 0; i < n; i++) {
            long t = oneMinute.openTime[i];
            if (t <= previous || Math.floorMod(t, MINUTE) != 0) {
                throw new IllegalArgumentException("1m bars must be on minute boundaries, strictly increasing: index "
                        + i + ", open time " + t);
            }
            previous = t;
            if (t >= bucketEnd) {
                close(out, at, count, target, keepIncomplete);
                bucket = target.bucketStart(t);
                bucketEnd = bucket + length; // also right for weeks: UTC has no DST
                at = out.add(bucket, oneMinute.open[i], oneMinute.high[i], oneMinute.low[i], oneMinute.close[i],
                        oneMinute.volume[i], oneMinute.quoteVolume[i], oneMinute.trades[i], oneMinute.takerBase[i],
                        oneMinute.takerQuote[i], oneMinute.flags[i]);
                count = 1;
                continue;
            }
            if (oneMinute.high[i] > out.high[at]) {
                out.high[at] = oneMinute.high[i];
            }
            if (oneMinute.low[i] < out.low[at]) {
                out.low[at] = oneMinute.low[i];
            }
            out.close[at] = oneMinute.close[i];
            out.volume[at] += oneMinute.volume[i];
            out.quoteVolume[at] += oneMinute.quoteVolume[i];
            out.trades[at] += oneMinute.trades[i];
            out.takerBase[at] += oneMinute.takerBase[i];
            out.takerQuote[at] += oneMinute.takerQuote[i];
            out.flags[at] = combine(out.flags[at], oneMinute.flags[i]);
            count++;
        }
        close(out, at, count, target, keepIncomplete);
        return out;
    }

    /**
     * {@code aggregate(GapFiller.apply(oneMinute, fromMs, toMs, policy).bars(), target, keepIncomplete)} without
     * copying the window's minutes: the same bars, flags and sums in the same order (forward-filled minutes are
     * aggregated as they are made). For a short window of a long series asked often (a seven-day view's days).
     */
    static Bars aggregateFilled(Bars oneMinute, long fromMs, long toMs, GapPolicy policy, Interval target,
                                boolean keepIncomplete) {
        if (oneMinute.interval != Interval.M1) {
            throw new IllegalArgumentException("gap policies apply to 1m bars, got " + oneMinute.interval);
        }
        if (target == Interval.M1) {
            return aggregate(GapFiller.apply(oneMinute, fromMs, toMs, policy).bars(), target, keepIncomplete);
        }
        int first = oneMinute.indexAtOrAfter(fromMs);
        int end = oneMinute.indexAtOrAfter(toMs);
        boolean fill = policy == GapPolicy.FFILL;
        Bucket b = new Bucket(new Bars(target, (int) ((toMs - fromMs) / target.millis()) + 2), target, keepIncomplete);
        long previous = Long.MIN_VALUE;
        for (int i = first; i < end; i++) {
            long t = oneMinute.openTime[i];
            if (t <= previous || Math.floorMod(t, MINUTE) != 0) {
                throw new IllegalArgumentException("1m bars must be on minute boundaries, strictly increasing: index "
                        + (i - first) + ", open time " + t);
            }
            if (fill && i > first && t > previous + MINUTE) {
                double price = oneMinute.close[i - 1];
                for (long f = previous + MINUTE; f < t; f += MINUTE) {
                    b.add(f, price, price, price, price, 0, 0, 0, 0, 0, (byte) (Bars.FILLED | Bars.NO_REAL_MINUTE));
                }
            }
            b.add(t, oneMinute.open[i], oneMinute.high[i], oneMinute.low[i], oneMinute.close[i], oneMinute.volume[i],
                    oneMinute.quoteVolume[i], oneMinute.trades[i], oneMinute.takerBase[i], oneMinute.takerQuote[i],
                    oneMinute.flags[i]);
            previous = t;
        }
        close(b.out, b.at, b.count, target, keepIncomplete);
        return b.out;
    }

    /** The bucket being built by {@link #aggregateFilled}: the steps of {@link #aggregate}'s loop, one minute a call. */
    private static final class Bucket {
        final Bars out;
        final Interval target;
        final boolean keepIncomplete;
        long bucketEnd = Long.MIN_VALUE;
        int at = -1;
        int count;

        Bucket(Bars out, Interval target, boolean keepIncomplete) {
            this.out = out;
            this.target = target;
            this.keepIncomplete = keepIncomplete;
        }

        void add(long t, double o, double h, double l, double c, double vol, double quoteVol, long trades,
                 double takerBase, double takerQuote, byte flags) {
            if (t >= bucketEnd) {
                close(out, at, count, target, keepIncomplete);
                long bucket = target.bucketStart(t);
                bucketEnd = bucket + target.millis();
                at = out.add(bucket, o, h, l, c, vol, quoteVol, trades, takerBase, takerQuote, flags);
                count = 1;
                return;
            }
            if (h > out.high[at]) {
                out.high[at] = h;
            }
            if (l < out.low[at]) {
                out.low[at] = l;
            }
            out.close[at] = c;
            out.volume[at] += vol;
            out.quoteVolume[at] += quoteVol;
            out.trades[at] += trades;
            out.takerBase[at] += takerBase;
            out.takerQuote[at] += takerQuote;
            out.flags[at] = combine(out.flags[at], flags);
            count++;
        }
    }

    /** FILLED and INCOMPLETE: any minute has them; NO_REAL_MINUTE: every minute has it. */
    static byte combine(byte bucket, byte minute) {
        return (byte) (((bucket | minute) & ~Bars.NO_REAL_MINUTE) | (bucket & minute & Bars.NO_REAL_MINUTE));
    }

    /** Flags the bucket just finished when it is short of minutes, and takes it back out unless kept. */
    private static void close(Bars out, int at, int count, Interval target, boolean keepIncomplete) {
        if (at < 0) {
            return;
        }
        if (count < target.minutes()) {
            out.flags[at] |= Bars.INCOMPLETE;
        }
        if (out.incomplete(at) && !keepIncomplete) {
            out.removeLast();
        }
    }

    private static void checkMinutes(Bars oneMinute) {
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < oneMinute.size(); i++) {
            long t = oneMinute.openTime[i];
            if (t <= previous || Math.floorMod(t, MINUTE) != 0) {
                throw new IllegalArgumentException("1m bars must be on minute boundaries, strictly increasing: index "
                        + i + ", open time " + t);
            }
            previous = t;
        }
    }
}
