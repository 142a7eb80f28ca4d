package bench;

import export.ExportRequest;
import export.ExportResult;
import features.GapPolicy;
import features.Interval;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import routes.PipelineRuntime;
import storage.KlineStore;
import support.TestApp;

/**
 * Export benchmark (not a test): twelve generated months of 1m (2024-01..12) are ingested into a store, then exported
 * to one CSV per month through the real route {@code direct:export} ({@code export klines --from 2024-01 --to
 * 2024-12}: each month read and checked against offsets.json, formatted, hashed, fsynced, renamed, its .sha256 and the
 * manifest written), against DuckDB's {@code COPY (SELECT * FROM read_parquet(<month>)) TO '<month>.csv' (HEADER)} on
 * the same month files, in the same run. Prints rows/s and the ratio ours/DuckDB against the target (>= 0.5).
 *
 * <p>Run with {@code bin/bench-export [--reps N] [--seed S] [--keep]}.
 */
public final class ExportBenchmark {
    static final double TARGET_RATIO = 0.5;

    public static void main(String[] args) throws Exception {
        int reps = 3;
        long seed = 42;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--keep" -> keep = true;
                default -> {
                    System.err.println("usage: ExportBenchmark [--reps N] [--seed S] [--keep]");
                    System.exit(2);
                }
            }
        }
        Path work = Files.createTempDirectory("bench-export");
        try {
            run(work, reps, seed);
        } finally {
            if (!keep) {
                delete(work);
            } else {
                System.out.println("kept " + work);
            }
        }
    }

    private static void run(Path work, int reps, long seed) throws Exception {
        YearMonth[] months = new YearMonth[12];
        for (int i = 0; i < 12; i++) {
            months[i] = YearMonth.of(2024, i + 1);
        }
        KlineStore store = TestApp.ingestGeneratedMonths(work, seed, months);
        long rows = store.offsets().rows();
        System.out.printf("store: 12 months 2024-01..12, %,d rows of 1m (seed %d)%n", rows, seed);
        Map<String, String> settings = TestApp.settings(work);
        settings.put("app.api.enabled", "false");
        settings.put("app.exports.dir", work.resolve("exports").toString());
        double[] ours = new double[reps];
        double[] duck = new double[reps];
        long csvBytes = 0;
        try (PipelineRuntime app = PipelineRuntime.startOneShot(settings);
             Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            ExportRequest request = new ExportRequest.Klines(months[0], months[11], Interval.M1, GapPolicy.NONE);
            Path exports = Path.of(settings.get("app.exports.dir"));
            // warm-up: one full export (JIT), then every repetition writes afresh into an empty folder
            Path warm = work.resolve("warm");
            settingsNote(exports);
            timeOurs(app, request, exports, warm);
            timeDuck(s, store, months, work.resolve("duck-warm"));
            for (int rep = 0; rep < reps; rep++) {
                ours[rep] = timeOurs(app, request, exports, work.resolve("ours-" + rep));
                duck[rep] = timeDuck(s, store, months, work.resolve("duck-" + rep));
            }
            try (Stream<Path> files = Files.list(exports)) {
                csvBytes = files.filter(p -> p.toString().endsWith(".csv")).mapToLong(p -> p.toFile().length()).sum();
            }
        }
        Arrays.sort(ours);
        Arrays.sort(duck);
        double oursBest = ours[0];
        double duckBest = duck[0];
        System.out.printf("%nours: PipelineRuntime.export -> direct:export (12 month CSVs + .sha256 + manifest, %.1f MB)%n",
                csvBytes / 1e6);
        System.out.printf("DuckDB: COPY (SELECT * FROM read_parquet(<month>)) TO '<month>.csv' (HEADER), 12 statements%n");
        System.out.printf("%d repetitions each, alternating; best (median) wall time; rows/s from the best%n%n", reps);
        System.out.printf("| scenario  |    rows | ours best (median) s | ours rows/s | DuckDB best (median) s | DuckDB rows/s"
                + " | ours/DuckDB | target |%n");
        System.out.printf("|---|---:|---:|---:|---:|---:|---:|---|%n");
        double ratio = duckBest / oursBest;
        System.out.printf("| 12 months | %,d | %.3f (%.3f) | %,.0f | %.3f (%.3f) | %,.0f | %.2f | %s |%n", rows, oursBest,
                ours[reps / 2], rows / oursBest, duckBest, duck[reps / 2], rows / duckBest, ratio,
                ratio >= TARGET_RATIO ? ">= 0.5 met" : "< 0.5 MISSED");
        System.out.printf("%ndate %s | JVM %s | %d cores%n", LocalDate.now(), Runtime.version(),
                Runtime.getRuntime().availableProcessors());
    }

    private static void settingsNote(Path exports) {
        System.out.println("exports folder: " + exports.toAbsolutePath());
    }

    /** One export of the 12 months into an emptied exports folder (the previous files moved to {@code aside}). */
    private static double timeOurs(PipelineRuntime app, ExportRequest request, Path exports, Path aside) throws Exception {
        if (Files.exists(exports)) {
            Files.move(exports, aside);
        }
        long t0 = System.nanoTime();
        ExportResult r = app.export(request);
        double s = (System.nanoTime() - t0) / 1e9;
        if (r.items().size() != 12 || r.allUnchanged()) {
            throw new IllegalStateException("expected 12 files written: " + r.lines());
        }
        return s;
    }

    private static double timeDuck(Statement s, KlineStore store, YearMonth[] months, Path out) throws Exception {
        Files.createDirectories(out);
        long t0 = System.nanoTime();
        for (YearMonth m : months) {
            s.execute("COPY (SELECT * FROM read_parquet('" + store.monthFile(m).toAbsolutePath() + "')) TO '"
                    + out.resolve("klines_1m_" + m + ".csv").toAbsolutePath() + "' (HEADER)");
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void delete(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
