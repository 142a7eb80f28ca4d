package features;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Aggregator#aggregateFilled} (what a seven-day view's days are built with) gives exactly the bars of
 * {@link GapFiller#apply} then {@link Aggregator#aggregate}, the copy it saves: every column bit for bit, flags and
 * dropped incomplete buckets, for every gap policy, on series with holes and flagged minutes, over windows cut anywhere.
 */
class AggregateFilledTest {
    private static final long MINUTE = 60_000L;

    private static Bars series(long seed) {
        Random r = new Random(seed);
        long t = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        Bars b = new Bars(Interval.M1, 30_000);
        double price = 100;
        for (int i = 0; i < 30_000; i++) {
            int hole = r.nextInt(2_000);
            t += (hole == 0 ? 1 + r.nextInt(3_000) : hole < 8 ? 1 + r.nextInt(20) : 1) * MINUTE;
            double open = price;
            price *= Math.exp(r.nextGaussian() * 0.001);
            double vol = r.nextDouble() * 10;
            byte flags = (byte) (r.nextInt(500) == 0 ? Bars.FILLED : 0);
            b.add(t, open, Math.max(open, price) + r.nextDouble(), Math.min(open, price) - r.nextDouble(), price, vol,
                    vol * price, r.nextInt(100), vol / 3, vol * price / 3, flags);
        }
        return b;
    }

    @Test
    void the_same_bars_as_filling_a_copy_then_aggregating() {
        Random r = new Random(7);
        int compared = 0;
        int filled = 0;
        for (long seed = 1; seed <= 3; seed++) {
            Bars m = series(seed);
            long lo = m.openTime[0] - 600 * MINUTE;
            long span = m.openTime[m.size() - 1] - lo + 600 * MINUTE;
            for (int k = 0; k < 60; k++) {
                long from = lo + Math.floorDiv((long) (r.nextDouble() * span), MINUTE) * MINUTE;
                long to = from + (1 + r.nextInt(15_000)) * MINUTE;
                if (k % 10 == 0) {
                    from = Interval.D1.bucketStart(from); // days, as the seven-day view asks
                    to = from + 7 * Interval.D1.millis();
                }
                for (GapPolicy policy : GapPolicy.values()) {
                    for (Interval target : new Interval[] {Interval.D1, Interval.H1, Interval.M15, Interval.M1}) {
                        for (boolean keep : new boolean[] {false, true}) {
                            Bars want = Aggregator.aggregate(GapFiller.apply(m, from, to, policy).bars(), target, keep);
                            Bars got = Aggregator.aggregateFilled(m, from, to, policy, target, keep);
                            assertSameBars(got, want);
                            compared++;
                            for (int i = 0; i < want.size(); i++) {
                                filled += want.filled(i) ? 1 : 0;
                            }
                        }
                    }
                }
            }
        }
        assertThat(compared).isGreaterThan(4_000);
        assertThat(filled).as("buckets holding forward-filled minutes").isGreaterThan(1_000);
    }

    static void assertSameBars(Bars got, Bars want) {
        assertThat(got.interval).isEqualTo(want.interval);
        assertThat(got.size()).isEqualTo(want.size());
        for (int i = 0; i < want.size(); i++) {
            assertThat(got.openTime[i]).isEqualTo(want.openTime[i]);
            assertThat(got.flags[i]).isEqualTo(want.flags[i]);
            assertThat(got.trades[i]).isEqualTo(want.trades[i]);
            double[][] g = {got.open, got.high, got.low, got.close, got.volume, got.quoteVolume, got.takerBase,
                    got.takerQuote};
            double[][] w = {want.open, want.high, want.low, want.close, want.volume, want.quoteVolume,
                    want.takerBase, want.takerQuote};
            for (int c = 0; c < g.length; c++) {
                assertThat(Double.doubleToRawLongBits(g[c][i])).as("bar %d column %d", i, c)
                        .isEqualTo(Double.doubleToRawLongBits(w[c][i]));
            }
        }
    }
}
