package features;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import storage.KlineColumns;
import storage.KlineParquet;
import storage.KlineStore;

/**
 * A store of 1m month files written straight with {@link KlineParquet} (no CSV, no ingest: fast for long histories):
 * a seeded random walk with consistent OHLC, every 97th minute one-price (high == low), minus the holes asked for.
 */
final class WalkStore {
    static final long MINUTE = 60_000L;

    private WalkStore() {
    }

    /** A run of minutes left out: [from, to). */
    record Hole(Instant from, Instant to) {
    }

    /**
     * Writes the minutes of [from, to) minus {@code holes} into {@code store}'s month files, leaving out the files of
     * {@code absentMonths} entirely. Returns the number of rows written.
     */
    static long write(KlineStore store, long seed, Instant from, Instant to, List<Hole> holes,
                      List<YearMonth> absentMonths) throws IOException {
        Files.createDirectories(store.klinesDir());
        SplittableRandom random = new SplittableRandom(seed);
        double price = 40_000;
        long rows = 0;
        YearMonth month = null;
        KlineColumns block = null;
        for (long t = from.toEpochMilli(); t < to.toEpochMilli(); t += MINUTE) {
            YearMonth m = YearMonth.from(Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC));
            if (!m.equals(month)) {
                rows += flush(store, month, block, absentMonths);
                month = m;
                block = new KlineColumns(44_640);
            }
            double open = price;
            price = price * (1 + 0.0008 * (random.nextDouble() * 2 - 1));
            double close = price;
            boolean flat = (t / MINUTE) % 97 == 0;
            if (flat) {
                close = open;
                price = open;
            }
            double high = flat ? open : Math.max(open, close) * (1 + 0.0003 * random.nextDouble());
            double low = flat ? open : Math.min(open, close) * (1 - 0.0003 * random.nextDouble());
            double volume = flat ? 0.5 : 1 + random.nextDouble() * 20;
            final long at = t;
            if (holes.stream().anyMatch(h -> at >= h.from().toEpochMilli() && at < h.to().toEpochMilli())) {
                continue;
            }
            block.add(t, open, high, low, close, volume, t + MINUTE - 1, volume * close, 10 + random.nextInt(90),
                    volume / 2, volume * close / 2);
        }
        rows += flush(store, month, block, absentMonths);
        return rows;
    }

    private static long flush(KlineStore store, YearMonth month, KlineColumns block, List<YearMonth> absent)
            throws IOException {
        if (month == null || block.size() == 0 || absent.contains(month)) {
            return 0;
        }
        KlineParquet.write(store.monthFile(month), block);
        return block.size();
    }
}
