package backtest;

import gen.KlineGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import storage.CrashPoints;
import storage.KlineColumns;
import storage.KlineParquet;
import storage.KlineStore;

/**
 * A few generated 1m days (seeded KlineGenerator) of one month written straight as that month's file (no routes, no
 * offsets): for unit tests that run the feature engine over the store many times and must stay quick ({@link TestStores}
 * writes whole months).
 */
public final class DayStores {
    private DayStores() {
    }

    /** The minutes of [from, to), which must lie in one month. */
    public static KlineStore days(Path dataDir, long seed, Instant from, Instant to) throws IOException {
        KlineStore store = new KlineStore(dataDir, "BTCUSDT", Clock.systemUTC(), CrashPoints.NONE);
        Files.createDirectories(store.klinesDir());
        StringWriter w = new StringWriter();
        new KlineGenerator(seed).write(from, to, w, List.of());
        KlineColumns c = new KlineColumns(16_384);
        try (BufferedReader r = new BufferedReader(new StringReader(w.toString()))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(",", -1);
                c.add(Long.parseLong(f[0]), d(f[1]), d(f[2]), d(f[3]), d(f[4]), d(f[5]), Long.parseLong(f[6]),
                        d(f[7]), Long.parseLong(f[8]), d(f[9]), d(f[10]));
            }
        }
        KlineParquet.write(store.monthFile(java.time.YearMonth.from(from.atZone(java.time.ZoneOffset.UTC))), c);
        return store;
    }

    private static double d(String s) {
        return Double.parseDouble(s);
    }
}
