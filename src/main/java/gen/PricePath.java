package gen;

import java.time.YearMonth;
import java.util.SplittableRandom;

/**
 * The generator's price path, a function of the seed and the month only, so any set of generated months joins up:
 * a month's first open is the previous month's last close.
 *
 * <p>Month start prices: a mean-reverting walk of log prices (AR(1), factor {@value #MONTH_REVERSION}, monthly
 * noise {@value #MONTH_SIGMA}) around {@value #CENTER_CENTS} cents, started at the centre in {@link #ANCHOR} and
 * stepped month by month in either direction with each month's own seeded draw; a few hundred draws at most, no
 * minutes simulated. The stationary spread is 0.28 in log price (one sigma): about 13k..68k at three sigma.
 *
 * <p>Within a month: a random walk of minute log returns (sigma {@value #MINUTE_SIGMA}) pinned at both ends, a
 * Brownian bridge from this month's start price to the next month's; the drift it adds is a few millionths per
 * minute.
 */
final class PricePath {
    static final YearMonth ANCHOR = YearMonth.of(2017, 1);
    static final long CENTER_CENTS = 3_000_000; // 30,000.00
    static final double MONTH_REVERSION = 0.9;
    static final double MONTH_SIGMA = 0.12;
    static final double MINUTE_SIGMA = 0.0008;
    private static final long STREAM_MONTH = 1;
    private static final long STREAM_MINUTES = 2;
    private static final long STREAM_DETAIL = 3;

    private final long seed;

    PricePath(long seed) {
        this.seed = seed;
    }

    /** Open of the month's first minute, in cents. */
    long startCents(YearMonth month) {
        long target = index(month);
        long anchor = index(ANCHOR);
        double x = 0;
        int step = target >= anchor ? 1 : -1;
        for (long k = anchor + step; k != target + step; k += step) {
            x = MONTH_REVERSION * x + MONTH_SIGMA * random(k, STREAM_MONTH).nextGaussian();
        }
        return Math.round(CENTER_CENTS * Math.exp(x));
    }

    /**
     * Price in cents at each minute boundary of the month: element i is the open of minute i and the close of
     * minute i - 1; the first is {@link #startCents} of the month, the last that of the next month.
     */
    long[] minuteCents(YearMonth month, int minutes) {
        long start = startCents(month);
        long end = startCents(month.plusMonths(1));
        double[] walk = new double[minutes + 1];
        SplittableRandom rnd = random(index(month), STREAM_MINUTES);
        for (int i = 1; i <= minutes; i++) {
            walk[i] = walk[i - 1] + MINUTE_SIGMA * rnd.nextGaussian();
        }
        double from = Math.log(start);
        double miss = walk[minutes] - (Math.log(end) - from); // removed linearly: the bridge
        long[] cents = new long[minutes + 1];
        cents[0] = start;
        for (int i = 1; i < minutes; i++) {
            cents[i] = Math.max(1, Math.round(Math.exp(from + walk[i] - miss * i / minutes)));
        }
        cents[minutes] = end;
        return cents;
    }

    /** Draws for everything but the price (wicks, volumes, trades) of the month's minutes. */
    SplittableRandom details(YearMonth month) {
        return random(index(month), STREAM_DETAIL);
    }

    private SplittableRandom random(long monthIndex, long stream) {
        return new SplittableRandom(mix(mix(seed) ^ mix(monthIndex * 4 + stream)));
    }

    private static long index(YearMonth m) {
        return m.getYear() * 12L + m.getMonthValue() - 1;
    }

    /** SplitMix64's finaliser: nearby inputs give unrelated outputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
