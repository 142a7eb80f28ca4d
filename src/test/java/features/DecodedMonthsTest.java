package features;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.CrashPoints;
import storage.KlineParquet;
import storage.KlineStore;

/**
 * Sources of one process share decoded month files ({@link DecodedMonths}): a second source over the same months
 * decodes nothing and gives the same bars; a month replaced by rename, or deleted and written again, is decoded
 * again and its new rows served, never the kept ones; a deleted month is missing, not served from memory.
 */
class DecodedMonthsTest {
    private static final Instant FROM = Instant.parse("2024-01-03T00:00:00Z");
    private static final Instant TO = Instant.parse("2024-02-20T00:00:00Z");

    @TempDir
    Path root;

    @Test
    void a_second_source_decodes_nothing_and_a_changed_month_is_decoded_again() throws Exception {
        KlineStore store = new KlineStore(root.resolve("data"), "BTCUSDT", Clock.systemUTC(), CrashPoints.NONE);
        YearMonth jan = YearMonth.of(2024, 1);
        YearMonth feb = YearMonth.of(2024, 2);
        Files.createDirectories(store.monthFile(jan).getParent());
        KlineParquet.write(store.monthFile(jan), SevenDayViewCacheTest.month(jan, 1));
        KlineParquet.write(store.monthFile(feb), SevenDayViewCacheTest.month(feb, 2));
        DecodedMonths.clear();

        Bars first = fresh(store).fetchWithGaps(Interval.M15, FROM, TO).bars();
        assertThat(DecodedMonths.size()).isEqualTo(2);
        long hits = DecodedMonths.hits();
        Bars second = fresh(store).fetchWithGaps(Interval.M15, FROM, TO).bars();
        assertThat(DecodedMonths.hits() - hits).as("months served decoded").isEqualTo(2);
        assertSameBars(second, first);
        assertSameBars(second, unshared(store).fetchWithGaps(Interval.M15, FROM, TO).bars());
        // an LLM run's source (seven-day views, first windows) takes them too
        hits = DecodedMonths.hits();
        fresh(store).keepingMonths().sevenDayText(Instant.parse("2024-02-03T10:00:00Z"));
        assertThat(DecodedMonths.hits() - hits).isEqualTo(2);

        // replaced by rename: other rows, same path
        Path tmp = store.monthFile(jan).resolveSibling("2024-01.parquet.tmp");
        KlineParquet.write(tmp, SevenDayViewCacheTest.month(jan, 99));
        Files.move(tmp, store.monthFile(jan), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Bars renamed = fresh(store).fetchWithGaps(Interval.M15, FROM, TO).bars();
        assertSameBars(renamed, unshared(store).fetchWithGaps(Interval.M15, FROM, TO).bars());
        assertThat(renamed.close[0]).isNotEqualTo(first.close[0]);

        // deleted and written again in place (the inode may be reused)
        Files.delete(store.monthFile(feb));
        KlineParquet.write(store.monthFile(feb), SevenDayViewCacheTest.month(feb, 7));
        assertSameBars(fresh(store).fetchWithGaps(Interval.M15, FROM, TO).bars(),
                unshared(store).fetchWithGaps(Interval.M15, FROM, TO).bars());

        // deleted: missing minutes, nothing from memory
        Files.delete(store.monthFile(feb));
        Bars janOnly = fresh(store).fetchWithGaps(Interval.M15, FROM, TO).bars();
        assertSameBars(janOnly, unshared(store).fetchWithGaps(Interval.M15, FROM, TO).bars());
        assertThat(janOnly.openTime[janOnly.size() - 1]).isLessThan(Instant.parse("2024-02-01T00:00:00Z").toEpochMilli());
    }

    private static ParquetDataSource fresh(KlineStore store) {
        return new ParquetDataSource(store, GapPolicy.FFILL, false);
    }

    /** A source that decodes every month itself (another reader: nothing shared). */
    private static ParquetDataSource unshared(KlineStore store) {
        return new ParquetDataSource(store, GapPolicy.FFILL, false, KlineParquet::read);
    }

    private static void assertSameBars(Bars got, Bars want) {
        assertThat(got.size()).isEqualTo(want.size());
        for (int i = 0; i < want.size(); i++) {
            assertThat(got.openTime[i]).isEqualTo(want.openTime[i]);
            assertThat(Double.doubleToLongBits(got.close[i])).as("close %d", i)
                    .isEqualTo(Double.doubleToLongBits(want.close[i]));
            assertThat(Double.doubleToLongBits(got.volume[i])).isEqualTo(Double.doubleToLongBits(want.volume[i]));
            assertThat(got.flags[i]).isEqualTo(want.flags[i]);
        }
    }
}
