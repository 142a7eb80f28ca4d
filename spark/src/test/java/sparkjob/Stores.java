package sparkjob;

import gen.KlineGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import storage.CrashPoints;
import storage.KlineColumns;
import storage.KlineParquet;
import storage.KlineStore;

/** Generated month files in the store layout, written with the main project's own Parquet writer. */
final class Stores {
    private Stores() {
    }

    static KlineStore write(Path dataDir, String symbol, long seed, List<KlineGenerator.Gap> gaps, YearMonth... months)
            throws IOException {
        KlineStore store = new KlineStore(dataDir, symbol, Clock.systemUTC(), CrashPoints.NONE);
        Files.createDirectories(store.klinesDir());
        KlineGenerator g = new KlineGenerator(seed);
        for (YearMonth m : months) {
            StringWriter w = new StringWriter();
            g.write(m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                    m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(), w, gaps);
            KlineColumns c = new KlineColumns(45_000);
            try (BufferedReader r = new BufferedReader(new StringReader(w.toString()))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    String[] f = line.split(",", -1);
                    c.add(Long.parseLong(f[0]), d(f[1]), d(f[2]), d(f[3]), d(f[4]), d(f[5]), Long.parseLong(f[6]),
                            d(f[7]), Long.parseLong(f[8]), d(f[9]), d(f[10]));
                }
            }
            KlineParquet.write(store.monthFile(m), c);
        }
        return store;
    }

    private static double d(String s) {
        return Double.parseDouble(s);
    }
}
