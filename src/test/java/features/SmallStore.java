package features;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import storage.CrashPoints;
import storage.KlineColumns;
import storage.KlineStore;
import storage.MergeRequest;

/**
 * A few days of 1m bars merged into a real {@link KlineStore} (month files and offsets.json, as an ingest leaves them),
 * without Camel: a seeded random walk with consistent OHLC, minus the holes asked for. For unit tests that need the
 * store's offsets (standing feature files, recovery) and must stay quick.
 */
final class SmallStore {
    static final long MINUTE = 60_000L;

    private SmallStore() {
    }

    static KlineStore open(java.nio.file.Path dataDir, String symbol) {
        return new KlineStore(dataDir, symbol, Clock.systemUTC(), CrashPoints.NONE);
    }

    /** The rows of [from, to) minus the minutes of {@code holes} ({from, to} pairs of instants). */
    static KlineColumns rows(long seed, Instant from, Instant to, List<Instant[]> holes) {
        SplittableRandom random = new SplittableRandom(seed);
        KlineColumns rows = new KlineColumns(1024);
        double price = 40_000 + seed;
        for (long t = from.toEpochMilli(); t < to.toEpochMilli(); t += MINUTE) {
            double open = price;
            price = price * (1 + 0.001 * (random.nextDouble() * 2 - 1));
            double high = Math.max(open, price) * (1 + 0.0004 * random.nextDouble());
            double low = Math.min(open, price) * (1 - 0.0004 * random.nextDouble());
            double volume = 1 + random.nextDouble() * 20;
            long trades = 10 + random.nextInt(90);
            final long at = t;
            if (holes.stream().anyMatch(h -> at >= h[0].toEpochMilli() && at < h[1].toEpochMilli())) {
                continue;
            }
            rows.add(t, open, high, low, price, volume, t + MINUTE - 1, volume * price, trades, volume / 2,
                    volume * price / 2);
        }
        return rows;
    }

    /** Merges the minutes of [from, to) (minus holes) month by month, as separate ingests named after the month. */
    static void merge(KlineStore store, long seed, Instant from, Instant to, List<Instant[]> holes) throws IOException {
        KlineColumns all = rows(seed, from, to, holes);
        YearMonth first = month(from.toEpochMilli());
        YearMonth last = month(to.toEpochMilli() - 1);
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            long ms = m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            long me = m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            KlineColumns part = new KlineColumns(1024);
            for (int i = 0; i < all.size(); i++) {
                if (all.openTime[i] >= ms && all.openTime[i] < me) {
                    part.addRow(all, i);
                }
            }
            if (part.size() > 0) {
                String name = store.symbol() + "-1m-" + m + "-" + seed + ".csv";
                store.merge(new MergeRequest(name, "sha-" + name, "csv", m, ms, me, part, false));
            }
        }
    }

    static YearMonth month(long ms) {
        return YearMonth.from(Instant.ofEpochMilli(ms).atZone(ZoneOffset.UTC));
    }

    static Instant at(String iso) {
        return Instant.parse(iso);
    }
}
