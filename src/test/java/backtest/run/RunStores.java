package backtest.run;

import gen.KlineGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import storage.CrashPoints;
import storage.KlineColumns;
import storage.KlineStore;
import storage.MergeRequest;

/**
 * Generated 1m months (seeded {@link KlineGenerator}) merged into a real store as an ingest leaves it: month files and
 * offsets.json with each month's hash and input file (named {@code SYMBOL-1m-YYYY-MM.csv}), without Camel. For the
 * run and service tests, whose run ids and lineage come from offsets.json.
 */
public final class RunStores {
    private RunStores() {
    }

    public static KlineStore open(Path dataDir, String symbol) {
        return new KlineStore(dataDir, symbol, Clock.systemUTC(), CrashPoints.NONE);
    }

    /** Merges {@code months} (minus {@code gaps}) into the store of {@code symbol} under {@code dataDir}. */
    public static KlineStore merged(Path dataDir, String symbol, long seed, List<KlineGenerator.Gap> gaps,
                                    YearMonth... months) throws IOException {
        KlineStore store = open(dataDir, symbol);
        KlineGenerator g = new KlineGenerator(seed);
        for (YearMonth m : months) {
            long from = m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            long to = m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            StringWriter w = new StringWriter();
            g.write(java.time.Instant.ofEpochMilli(from), java.time.Instant.ofEpochMilli(to), w, gaps);
            KlineColumns c = new KlineColumns(45_000);
            try (BufferedReader r = new BufferedReader(new StringReader(w.toString()))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    String[] f = line.split(",", -1);
                    c.add(Long.parseLong(f[0]), d(f[1]), d(f[2]), d(f[3]), d(f[4]), d(f[5]), Long.parseLong(f[6]),
                            d(f[7]), Long.parseLong(f[8]), d(f[9]), d(f[10]));
                }
            }
            String name = symbol + "-1m-" + m + ".csv";
            store.merge(new MergeRequest(name, "sha-" + name, "csv", m, from, to, c, false));
        }
        return store;
    }

    private static double d(String s) {
        return Double.parseDouble(s);
    }
}
