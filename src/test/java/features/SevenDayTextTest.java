package features;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.CrashPoints;
import storage.KlineColumns;
import storage.KlineParquet;
import storage.KlineStore;

/**
 * {@link ParquetDataSource#sevenDayText} (block aggregates, {@link SevenDayIndex}) gives exactly the characters of the
 * view the builder makes from the minutes read for that call - the text is part of LLM prompts, whose hash is the
 * decision cache's key - whether the estimate decides the text or a value near a rounding boundary sends it to the
 * builder's loop; and a rewritten month is never served stale.
 */
class SevenDayTextTest {
    private static final long MINUTE = 60_000L;

    @TempDir
    Path root;

    private KlineStore store() throws IOException {
        KlineStore store = new KlineStore(root.resolve("data"), "BTCUSDT", Clock.systemUTC(), CrashPoints.NONE);
        Files.createDirectories(store.monthFile(YearMonth.of(2024, 1)).getParent());
        return store;
    }

    /** The text as before: the builder over the minutes read from the files for this asOf alone. */
    private static String reference(ParquetDataSource plain, SevenDayViewBuilder builder, Instant asOf)
            throws IOException {
        Bars minutes = plain.readMinutes(SevenDayViewBuilder.readFrom(asOf), SevenDayViewBuilder.readTo(asOf));
        return builder.build("BTCUSDT", asOf, minutes).toText();
    }

    @Test
    void the_text_is_the_builders_for_every_view_and_mostly_comes_from_the_estimate() throws Exception {
        KlineStore store = store();
        for (int k = 0; k < 3; k++) {
            YearMonth m = YearMonth.of(2024, 1 + k);
            KlineParquet.write(store.monthFile(m), SevenDayViewCacheTest.month(m, 21 + k));
        }
        for (GapPolicy policy : GapPolicy.values()) {
            for (boolean keep : new boolean[] {false, true}) {
                ParquetDataSource source = new ParquetDataSource(store, policy, keep);
                ParquetDataSource plain = new ParquetDataSource(store, policy, keep);
                SevenDayViewBuilder builder = new SevenDayViewBuilder(policy, keep);
                long estimated = 0;
                long exact = 0;
                int views = 0;
                SevenDayIndex last = null;
                Bars all = plain.readMinutes(Instant.parse("2023-12-01T00:00:00Z").toEpochMilli(),
                        Instant.parse("2024-05-01T00:00:00Z").toEpochMilli());
                // every 241 minutes and a bit (odd times too), from before the store begins to after it ends
                for (long t = Instant.parse("2023-12-30T00:00:00Z").toEpochMilli();
                     t < Instant.parse("2024-04-09T00:00:00Z").toEpochMilli(); t += 241 * MINUTE + 4_321) {
                    Instant asOf = Instant.ofEpochMilli(t);
                    // the minutes readMinutes returns for this call (read from the files every 50th view)
                    String want = views % 50 == 0 ? reference(plain, builder, asOf)
                            : builder.build("BTCUSDT", asOf, SevenDayViewCacheTest.range(all,
                                    SevenDayViewBuilder.readFrom(asOf), SevenDayViewBuilder.readTo(asOf))).toText();
                    assertThat(source.sevenDayText(asOf)).as("as of %s", asOf).isEqualTo(want);
                    SevenDayIndex index = source.index();
                    if (index != last && last != null) {
                        estimated += last.estimated;
                        exact += last.exact;
                    }
                    last = index;
                    views++;
                }
                estimated += last.estimated;
                exact += last.exact;
                assertThat(views).isGreaterThan(500);
                assertThat(estimated).as("views whose text the estimate decided").isGreaterThan(views * 9L / 10);
                assertThat(estimated + exact).isLessThanOrEqualTo(views);
            }
        }
    }

    /**
     * Volumes of 0.125 with a minute missing here and there make a window's volume k/8 exactly, a tie at the third
     * decimal for odd k; constant prices (the last 11 days) make every return 0. The estimate cannot tell which way
     * those print, so the builder's loop decides them.
     */
    @Test
    void values_on_a_rounding_boundary_go_to_the_builders_loop() throws Exception {
        KlineStore store = store();
        YearMonth m = YearMonth.of(2024, 1);
        long from = m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        long flatFrom = from + 20 * 1440 * MINUTE;
        KlineColumns c = new KlineColumns(45_000);
        for (long t = from; t < from + 31 * 1440 * MINUTE; t += MINUTE) {
            if (t / MINUTE % 997 == 0) {
                continue;
            }
            boolean flat = t >= flatFrom;
            double p = flat ? 42_000 : 42_000 + (t / MINUTE % 17) * 3.5;
            c.add(t, p, p + 1, p - 1, flat ? p : p + 0.5, 0.125, t + MINUTE - 1, 0.125 * p, 3, 0.0625, 0.0625 * p);
        }
        KlineParquet.write(store.monthFile(m), c);
        ParquetDataSource source = new ParquetDataSource(store, GapPolicy.FFILL, false);
        ParquetDataSource plain = new ParquetDataSource(store, GapPolicy.FFILL, false);
        SevenDayViewBuilder builder = new SevenDayViewBuilder(GapPolicy.FFILL, false);
        int ties = 0;
        int flatViews = 0;
        Bars all = plain.readMinutes(from, from + 31 * 1440 * MINUTE);
        for (long t = from + 8 * 1440 * MINUTE + 7 * MINUTE; t < from + 31 * 1440 * MINUTE; t += 131 * MINUTE) {
            Instant asOf = Instant.ofEpochMilli(t);
            String text = source.sevenDayText(asOf);
            SevenDayView want = builder.build("BTCUSDT", asOf, SevenDayViewCacheTest.range(all,
                    SevenDayViewBuilder.readFrom(asOf), SevenDayViewBuilder.readTo(asOf)));
            assertThat(text).isEqualTo(want.toText());
            boolean flat = SevenDayViewBuilder.readTo(asOf) - SevenDayView.MINUTES * MINUTE >= flatFrom;
            if (flat) {
                assertThat(text).contains("realised vol 0.00%/day");
                flatViews++;
            } else if (want.volume() * 8 % 2 == 1) {
                ties++; // k/8 with k odd: x.125, x.375, ... exactly
            }
        }
        SevenDayIndex index = source.index();
        assertThat(flatViews).isGreaterThan(10);
        assertThat(ties).isGreaterThan(10);
        assertThat(index.exact).as("views sent to the builder's loop").isGreaterThanOrEqualTo(flatViews + ties);
        assertThat(index.estimated).as("views the estimate decided").isPositive();
    }

    @Test
    void a_rewritten_month_gives_the_new_text_never_the_kept_one() throws Exception {
        KlineStore store = store();
        YearMonth jan = YearMonth.of(2024, 1);
        KlineParquet.write(store.monthFile(jan), SevenDayViewCacheTest.month(jan, 5));
        ParquetDataSource source = new ParquetDataSource(store, GapPolicy.FFILL, false);
        Instant asOf = Instant.parse("2024-01-20T10:00:00Z");
        String before = source.sevenDayText(asOf);
        Path tmp = store.monthFile(jan).resolveSibling("2024-01.parquet.tmp");
        KlineParquet.write(tmp, SevenDayViewCacheTest.month(jan, 6));
        Files.move(tmp, store.monthFile(jan), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        String after = source.sevenDayText(asOf);
        assertThat(after).isNotEqualTo(before)
                .isEqualTo(reference(new ParquetDataSource(store, GapPolicy.FFILL, false),
                        new SevenDayViewBuilder(GapPolicy.FFILL, false), asOf));
    }

    @Test
    void a_series_with_filled_minutes_is_never_estimated() {
        Bars minutes = new Bars(Interval.M1, 20_000);
        long t0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 20_000; i++) {
            double p = 100 + i % 7;
            minutes.add(t0 + i * MINUTE, p, p + 1, p - 1, p + 0.25, 1.5 + i % 3, 0, 1, 0, 0,
                    i % 500 == 7 ? Bars.FILLED : 0);
        }
        SevenDayViewBuilder builder = new SevenDayViewBuilder(GapPolicy.FFILL, false);
        double[] returns = SevenDayViewBuilder.logReturns(minutes);
        SevenDayIndex index = new SevenDayIndex(minutes, returns);
        Instant asOf = Instant.ofEpochMilli(t0 + 12_000 * MINUTE);
        Bars days = builder.days(asOf, minutes);
        assertThat(index.text(builder, "BTCUSDT", asOf, days))
                .isEqualTo(builder.build("BTCUSDT", asOf, minutes, days, returns).toText());
        assertThat(index.exact).isEqualTo(1);
        assertThat(index.estimated).isZero();
    }
}
