package sparkjob;

import java.io.IOException;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;

/** {@link Stores} for the benchmark (another package). */
public final class BenchStores {
    private BenchStores() {
    }

    public static void write(Path dataDir, String symbol, long seed, YearMonth... months) throws IOException {
        Stores.write(dataDir, symbol, seed, List.of(), months);
    }
}
