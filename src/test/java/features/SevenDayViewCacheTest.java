package features;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.CrashPoints;
import storage.KlineColumns;
import storage.KlineParquet;
import storage.KlineStore;

/**
 * {@link ParquetDataSource#sevenDayView} keeps decoded months between calls: the views must be exactly those built
 * from the minutes read for each call ({@link ParquetDataSource#readMinutes}, as before the months were kept), each
 * month decoded once while its file stays the same, and a rewritten month read again - never served stale.
 */
class SevenDayViewCacheTest {
    private static final long MINUTE = 60_000L;

    @TempDir
    Path root;

    private KlineStore store() throws IOException {
        KlineStore store = new KlineStore(root.resolve("data"), "BTCUSDT", Clock.systemUTC(), CrashPoints.NONE);
        Files.createDirectories(store.monthFile(YearMonth.of(2024, 1)).getParent());
        return store;
    }

    /** A random walk over the month with random holes (minutes to a day and a half), seeded. */
    static KlineColumns month(YearMonth m, long seed) {
        Random r = new Random(seed);
        long from = m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        long to = m.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        KlineColumns c = new KlineColumns(45_000);
        double price = 40_000 + r.nextInt(5_000);
        for (long t = from; t < to; t += MINUTE) {
            int hole = r.nextInt(20_000);
            if (hole < 3) {
                t += (hole == 0 ? 2_000 : 1 + r.nextInt(30)) * MINUTE; // a day and a half, or a few minutes
                if (t >= to) {
                    break;
                }
            }
            double open = price;
            price *= Math.exp(r.nextGaussian() * 0.0008);
            double high = Math.max(open, price) * (1 + r.nextDouble() * 0.0004);
            double low = Math.min(open, price) * (1 - r.nextDouble() * 0.0004);
            double vol = r.nextDouble() * 30;
            c.add(t, open, high, low, price, vol, t + MINUTE - 1, vol * price, r.nextInt(900), vol / 2, vol * price / 2);
        }
        return c;
    }

    private static void assertSame(SevenDayView got, SevenDayView want) {
        assertThat(got.toText()).isEqualTo(want.toText());
        assertThat(Double.doubleToLongBits(got.change())).isEqualTo(Double.doubleToLongBits(want.change()));
        assertThat(Double.doubleToLongBits(got.high())).isEqualTo(Double.doubleToLongBits(want.high()));
        assertThat(Double.doubleToLongBits(got.low())).isEqualTo(Double.doubleToLongBits(want.low()));
        assertThat(Double.doubleToLongBits(got.volume())).isEqualTo(Double.doubleToLongBits(want.volume()));
        assertThat(Double.doubleToLongBits(got.realizedVolatility()))
                .isEqualTo(Double.doubleToLongBits(want.realizedVolatility()));
        assertThat(got.missingMinutes()).isEqualTo(want.missingMinutes());
        assertThat(got.days().size()).isEqualTo(want.days().size());
        for (int i = 0; i < want.days().size(); i++) {
            assertThat(got.days().openTime[i]).isEqualTo(want.days().openTime[i]);
            assertThat(got.days().flags[i]).isEqualTo(want.days().flags[i]);
            assertThat(got.days().close[i]).isEqualTo(want.days().close[i]);
            assertThat(got.days().volume[i]).isEqualTo(want.days().volume[i]);
        }
    }

    /** The bars of {@code all} with open time in [from, to), copied. */
    static Bars range(Bars all, long from, long to) {
        int first = all.indexAtOrAfter(from);
        int end = all.indexAtOrAfter(to);
        Bars out = new Bars(Interval.M1, end - first);
        for (int i = first; i < end; i++) {
            out.add(all.openTime[i], all.open[i], all.high[i], all.low[i], all.close[i], all.volume[i],
                    all.quoteVolume[i], all.trades[i], all.takerBase[i], all.takerQuote[i], all.flags[i]);
        }
        return out;
    }

    @Test
    void kept_months_give_exactly_the_views_of_reading_the_minutes_for_each_call() throws Exception {
        KlineStore store = store();
        for (int k = 0; k < 3; k++) {
            YearMonth m = YearMonth.of(2024, 1 + k);
            KlineParquet.write(store.monthFile(m), month(m, 11 + k));
        }
        for (GapPolicy policy : GapPolicy.values()) {
            for (boolean keep : new boolean[] {false, true}) {
                List<Path> reads = new ArrayList<>();
                ParquetDataSource kept = new ParquetDataSource(store, policy, keep, f -> {
                    reads.add(f);
                    return KlineParquet.read(f);
                });
                ParquetDataSource plain = new ParquetDataSource(store, policy, keep);
                SevenDayViewBuilder builder = new SevenDayViewBuilder(policy, keep);
                Bars all = plain.readMinutes(Instant.parse("2023-12-01T00:00:00Z").toEpochMilli(),
                        Instant.parse("2024-05-01T00:00:00Z").toEpochMilli());
                int views = 0;
                // every 137 minutes and a bit (odd times too), from before the store begins to after it ends
                for (long t = Instant.parse("2023-12-30T00:00:00Z").toEpochMilli();
                     t < Instant.parse("2024-04-09T00:00:00Z").toEpochMilli(); t += 137 * MINUTE + 1_234) {
                    Instant asOf = Instant.ofEpochMilli(t);
                    long from = SevenDayViewBuilder.readFrom(asOf);
                    long to = SevenDayViewBuilder.readTo(asOf);
                    // the minutes readMinutes returns for this call (read from the files every 100th view)
                    Bars minutes = views % 100 == 0 ? plain.readMinutes(from, to) : range(all, from, to);
                    assertSame(kept.sevenDayView(asOf), builder.build("BTCUSDT", asOf, minutes));
                    views++;
                }
                assertThat(views).isGreaterThan(1_000);
                assertThat(reads).as("each month decoded once for %d views", views).hasSize(3).doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void a_rewritten_month_is_read_again_never_served_stale() throws Exception {
        KlineStore store = store();
        YearMonth jan = YearMonth.of(2024, 1);
        YearMonth feb = YearMonth.of(2024, 2);
        KlineParquet.write(store.monthFile(jan), month(jan, 1));
        KlineParquet.write(store.monthFile(feb), month(feb, 2));
        List<Path> reads = new ArrayList<>();
        ParquetDataSource source = new ParquetDataSource(store, GapPolicy.FFILL, false, f -> {
            reads.add(f);
            return KlineParquet.read(f);
        });
        Instant asOf = Instant.parse("2024-02-03T10:00:00Z"); // window over both months
        String before = source.sevenDayView(asOf).toText();
        source.sevenDayView(asOf.plusSeconds(3600));
        assertThat(reads).hasSize(2);

        // the store replaces a month by writing aside and renaming: other rows, same path
        Path tmp = store.monthFile(jan).resolveSibling("2024-01.parquet.tmp");
        KlineParquet.write(tmp, month(jan, 99));
        Files.move(tmp, store.monthFile(jan), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        SevenDayView after = source.sevenDayView(asOf);
        assertThat(after.toText()).isNotEqualTo(before);
        assertSame(after, new ParquetDataSource(store, GapPolicy.FFILL, false).sevenDayView(asOf));
        assertThat(reads).hasSize(3).endsWith(store.monthFile(jan));

        // rewritten in place (deleted and written again: the inode may be reused), and a month deleted
        Files.delete(store.monthFile(feb));
        KlineParquet.write(store.monthFile(feb), month(feb, 7));
        assertSame(source.sevenDayView(asOf), new ParquetDataSource(store, GapPolicy.FFILL, false).sevenDayView(asOf));
        assertThat(reads).hasSize(4).endsWith(store.monthFile(feb));
        Files.delete(store.monthFile(feb));
        SevenDayView janOnly = source.sevenDayView(asOf);
        assertSame(janOnly, new ParquetDataSource(store, GapPolicy.FFILL, false).sevenDayView(asOf));
        assertThat(janOnly.toText()).contains("2024-02-02 no complete data");
        assertThat(reads).hasSize(4);
    }

    @Test
    void a_source_keeping_months_gives_the_same_bars_reading_each_month_once() throws Exception {
        KlineStore store = store();
        for (int k = 0; k < 2; k++) {
            YearMonth m = YearMonth.of(2024, 1 + k);
            KlineParquet.write(store.monthFile(m), month(m, 50 + k));
        }
        List<Path> reads = new ArrayList<>();
        ParquetDataSource keeping = new ParquetDataSource(store, GapPolicy.FFILL, false, f -> {
            reads.add(f);
            return KlineParquet.read(f);
        }).keepingMonths();
        ParquetDataSource plain = new ParquetDataSource(store, GapPolicy.FFILL, false);
        FeatureSpec spec = FeatureSpec.parse("15m:ema,rsi", GapPolicy.FFILL);
        for (long t = Instant.parse("2024-01-02T00:00:00Z").toEpochMilli();
             t < Instant.parse("2024-03-03T00:00:00Z").toEpochMilli(); t += 7 * 3_600_000L) {
            Instant asOf = Instant.ofEpochMilli(t);
            FeatureFrame got = keeping.latestWindow(spec, asOf, 96);
            FeatureFrame want = plain.latestWindow(spec, asOf, 96);
            assertThat(got.size()).isEqualTo(want.size());
            for (int i = 0; i < want.size(); i++) {
                assertThat(got.bars().openTime[i]).isEqualTo(want.bars().openTime[i]);
                assertThat(got.bars().close[i]).isEqualTo(want.bars().close[i]);
                assertThat(got.bars().flags[i]).isEqualTo(want.bars().flags[i]);
                for (String c : want.columns().keySet()) {
                    assertThat(Double.doubleToLongBits(got.columns().get(c)[i]))
                            .isEqualTo(Double.doubleToLongBits(want.columns().get(c)[i]));
                }
            }
            assertSame(keeping.sevenDayView(asOf), plain.sevenDayView(asOf));
        }
        assertThat(reads).containsExactly(store.monthFile(YearMonth.of(2024, 1)), store.monthFile(YearMonth.of(2024, 2)));
    }

    @Test
    void at_most_a_few_months_are_kept() throws Exception {
        KlineStore store = store();
        List<Path> reads = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            YearMonth m = YearMonth.of(2024, 1 + k);
            KlineParquet.write(store.monthFile(m), month(m, 30 + k));
        }
        ParquetDataSource source = new ParquetDataSource(store, GapPolicy.DROP, false, f -> {
            reads.add(f);
            return KlineParquet.read(f);
        });
        for (int k = 0; k < 6; k++) {
            source.sevenDayView(Instant.parse("2024-0" + (1 + k) + "-20T00:00:00Z"));
        }
        assertThat(reads).hasSize(6).doesNotHaveDuplicates();
        source.sevenDayView(Instant.parse("2024-01-20T00:00:00Z")); // long evicted: read again
        assertThat(reads).hasSize(7);
        assertThat(ParquetDataSource.MONTHS_KEPT).isLessThanOrEqualTo(3);
    }
}
