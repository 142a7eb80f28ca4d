package sparkjob;

import features.BarsWithGaps;
import features.DataSource;
import features.GapPolicy;
import features.Interval;
import features.ParquetDataSource;
import features.SevenDayView;
import java.io.Closeable;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import storage.CrashPoints;
import storage.KlineStore;

/**
 * The kline store as the Spark application sees it: the data folder of the main project ({@code app.data.dir}), one
 * folder per symbol, {@code spot/<SYMBOL>/klines_1m/YYYY-MM.parquet}. A plain path (no scheme) is read with the main
 * project's own reader straight from the disk; a URI ({@code s3a://bucket/data}, {@code hdfs://...}, {@code file:///...})
 * through the Hadoop {@link FileSystem}: the month files a request overlaps are copied once into a task-local folder of
 * the same layout and read from there by the same reader. Serializable: it travels to the executors inside a task.
 */
final class StoreAccess implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String store;
    private final Map<String, String> hadoop;

    /**
     * @param store  the data folder: a plain path, or any Hadoop filesystem URI
     * @param hadoop the Hadoop settings the driver runs with (credentials and endpoints of {@code fs.s3a.*} ...); kept
     *               for a URI only
     */
    StoreAccess(String store, Map<String, String> hadoop) {
        this.store = isLocal(store) ? Path.of(store).toAbsolutePath().normalize().toString() : store;
        this.hadoop = isLocal(store) ? Map.of() : Map.copyOf(hadoop); // a plain path needs no Hadoop settings
    }

    static boolean isLocal(String store) {
        return !store.matches("^[A-Za-z][A-Za-z0-9+.-]*:/.*");
    }

    String store() {
        return store;
    }

    /** The months of {@code symbol} with a month file, in order (none when its folder is missing). */
    Set<YearMonth> months(String symbol) throws IOException {
        Set<YearMonth> out = new TreeSet<>();
        if (isLocal(store)) {
            Path dir = localStore(symbol).klinesDir();
            if (Files.isDirectory(dir)) {
                try (var files = Files.list(dir)) {
                    files.map(p -> month(p.getFileName().toString())).filter(java.util.Objects::nonNull).forEach(out::add);
                }
            }
            return out;
        }
        org.apache.hadoop.fs.Path dir = klinesDir(symbol);
        FileSystem fs = dir.getFileSystem(conf());
        if (fs.exists(dir)) {
            for (FileStatus s : fs.listStatus(dir)) {
                YearMonth m = month(s.getPath().getName());
                if (m != null && s.isFile()) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    private static YearMonth month(String fileName) {
        if (!fileName.matches("\\d{4}-\\d{2}\\.parquet")) {
            return null;
        }
        return YearMonth.parse(fileName.substring(0, 7));
    }

    /** Bars of {@code symbol}; close it when done (removes the task-local copies of a remote store). */
    Source open(String symbol, GapPolicy policy) throws IOException {
        if (isLocal(store)) {
            return new Source(new ParquetDataSource(localStore(symbol), policy, false), null);
        }
        Path local = Files.createTempDirectory("kline-spark-" + symbol + "-");
        KlineStore copy = new KlineStore(local, symbol, Clock.systemUTC(), CrashPoints.NONE);
        Files.createDirectories(copy.klinesDir());
        return new Source(new Copying(copy, klinesDir(symbol), conf(), new ParquetDataSource(copy, policy, false)),
                local);
    }

    private KlineStore localStore(String symbol) {
        return new KlineStore(Path.of(store), symbol, Clock.systemUTC(), CrashPoints.NONE);
    }

    private org.apache.hadoop.fs.Path klinesDir(String symbol) {
        String base = store.endsWith("/") ? store : store + "/";
        return new org.apache.hadoop.fs.Path(URI.create(base + "spot/" + symbol + "/klines_1m"));
    }

    Configuration conf() {
        Configuration c = new Configuration(false);
        hadoop.forEach(c::set);
        return c;
    }

    /** A data source and the folder to remove when done (null: nothing was copied). */
    record Source(DataSource data, Path copies) implements Closeable {
        @Override
        public void close() throws IOException {
            if (copies == null) {
                return;
            }
            try (var files = Files.walk(copies)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Copies the month files a request overlaps from the Hadoop filesystem (once each), then reads the copies. */
    private static final class Copying implements DataSource {
        private final KlineStore copy;
        private final org.apache.hadoop.fs.Path remote;
        private final Configuration conf;
        private final ParquetDataSource local;
        private final Set<YearMonth> fetched = new HashSet<>();

        Copying(KlineStore copy, org.apache.hadoop.fs.Path remote, Configuration conf, ParquetDataSource local) {
            this.copy = copy;
            this.remote = remote;
            this.conf = conf;
            this.local = local;
        }

        @Override
        public BarsWithGaps fetchWithGaps(Interval interval, Instant start, Instant end) throws IOException {
            fetch(start, end);
            return local.fetchWithGaps(interval, start, end);
        }

        @Override
        public SevenDayView sevenDayView(Instant asOf) throws IOException {
            fetch(asOf.minus(java.time.Duration.ofDays(9)), asOf);
            return local.sevenDayView(asOf);
        }

        private void fetch(Instant start, Instant end) throws IOException {
            if (!end.isAfter(start)) {
                return;
            }
            FileSystem fs = remote.getFileSystem(conf);
            YearMonth last = YearMonth.from(end.minusMillis(1).atZone(ZoneOffset.UTC));
            List<YearMonth> months = new ArrayList<>();
            for (YearMonth m = YearMonth.from(start.atZone(ZoneOffset.UTC)); !m.isAfter(last); m = m.plusMonths(1)) {
                months.add(m);
            }
            for (YearMonth m : months) {
                if (fetched.add(m)) {
                    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(remote, m + ".parquet");
                    if (fs.exists(file)) {
                        Path target = copy.monthFile(m);
                        Path part = target.resolveSibling(target.getFileName() + ".part");
                        fs.copyToLocalFile(false, file, new org.apache.hadoop.fs.Path(part.toUri()), true);
                        Files.move(part, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    }
                }
            }
        }
    }
}
