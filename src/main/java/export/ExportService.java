package export;


import runs.RunIndex;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import features.FeatureEngine;
import features.FeatureFrame;
import features.FeatureSpec;
import features.Interval;
import features.ParquetDataSource;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import storage.Hashes;
import storage.KlineStore;
import storage.MinuteGaps;
import storage.Offsets;

/**
 * The export stage behind {@code direct:export}: klines month CSVs, feature-frame CSVs and run bundles under the
 * exports folder, each published atomically with its {@code .sha256} ({@link ExportFiles}), then the manifest
 * ({@link ExportManifest}). Exports are serialised (in-process lock and a file lock on {@code exports/.lock}), so
 * two processes never interleave their manifest updates.
 */
public final class ExportService {
    private static final ReentrantLock JVM_LOCK = new ReentrantLock();
    private static final int ATTEMPTS = 5;
    private static final long WAIT_MS = 200;

    private final KlineStore store;
    private final Path dir;
    private final Path runsDir;
    private final String version;
    private final MonthReader reader;

    /** Every symbol's store, or null: {@link #store} only. */
    private final storage.KlineStores stores;
    /** Before every CSV name: empty for the default symbol, {@code <SYMBOL>_} for another one. */
    private final String prefix;

    public ExportService(KlineStore store, Path exportsDir, Path runsDir, String programVersion) {
        this(store, null, "", exportsDir, runsDir, programVersion);
    }

    /**
     * Exports of any symbol {@code stores} holds; the default symbol's CSVs are named as ever, another symbol's carry it
     * first ({@code ETHUSDT_klines_1m_2024-01.csv}).
     */
    public ExportService(storage.KlineStores stores, Path exportsDir, Path runsDir, String programVersion) {
        this(stores.defaultStore(), stores, "", exportsDir, runsDir, programVersion);
    }

    private ExportService(KlineStore store, storage.KlineStores stores, String prefix, Path exportsDir, Path runsDir,
                          String programVersion) {
        this.store = store;
        this.stores = stores;
        this.prefix = prefix;
        this.dir = exportsDir.toAbsolutePath().normalize();
        this.runsDir = runsDir;
        this.version = programVersion;
        this.reader = new MonthReader(store, ATTEMPTS, WAIT_MS);
    }

    public Path dir() {
        return dir;
    }

    public ExportResult handle(ExportRequest request) throws IOException {
        String symbol = switch (request) {
            case ExportRequest.Klines k -> k.symbol();
            case ExportRequest.Features f -> f.symbol();
            case ExportRequest.Run r -> null;
        };
        if (symbol != null && !symbol.equals(store.symbol())) { // before any lock: that symbol's service takes them
            java.util.Optional<KlineStore> held = storage.KlineStores.holding(store, stores, symbol);
            if (held.isEmpty()) {
                throw new ExportRefused(ExportRefused.NO_DATA, storage.KlineStores.notHeld(store, stores, symbol)
                        + ": nothing exported");
            }
            return new ExportService(held.get(), null, symbol + "_", dir, runsDir, version).handle(request);
        }
        refuseWithoutData(request); // before the exports folder or its lock file is created: a refusal leaves nothing
        JVM_LOCK.lock();
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
                return switch (request) {
                    case ExportRequest.Klines k -> klines(k);
                    case ExportRequest.Features f -> features(f);
                    case ExportRequest.Run r -> run(r);
                };
            }
        } finally {
            JVM_LOCK.unlock();
        }
    }

    /** Refuses a request that can write nothing: no stored month in a klines range or a feature window, no such run. */
    private void refuseWithoutData(ExportRequest request) throws IOException {
        Offsets offsets = store.offsets();
        switch (request) {
            case ExportRequest.Klines k -> {
                boolean any = false;
                for (YearMonth m = k.from(); !m.isAfter(k.to()); m = m.plusMonths(1)) {
                    Offsets.MonthEntry e = offsets.months().get(m.toString());
                    any |= e != null && e.rows() > 0;
                }
                if (!any && !k.from().isAfter(k.to())) {
                    throw new ExportRefused(ExportRefused.NO_DATA, "no stored klines in " + k.from() + ".." + k.to()
                            + " (" + stored(offsets) + "): nothing exported");
                }
            }
            case ExportRequest.Features f -> {
                if (f.start().isBefore(f.end()) && (offsets.firstOpenTime() == null
                        || !offsets.firstOpenTime().isBefore(f.end()) || offsets.lastOpenTime().isBefore(f.start()))) {
                    throw new ExportRefused(ExportRefused.NO_DATA, "no bars stored between " + f.start() + " and "
                            + f.end() + " (" + stored(offsets) + "): nothing exported");
                }
            }
            case ExportRequest.Run r -> runFolder(r.runId());
        }
    }

    private Path runFolder(String id) throws IOException {
        if (!RunIndex.validId(id)) {
            throw new ExportRefused(ExportRefused.NO_DATA, "no run '" + id + "' (run ids look like ema-cross-0123456789ab)");
        }
        return new RunIndex(runsDir).find(id).orElseThrow(() -> new ExportRefused(ExportRefused.NO_DATA,
                "no finished run " + id + " under " + runsDir + " (app.api.runs-dir)"));
    }

    private ExportResult klines(ExportRequest.Klines k) throws IOException {
        if (k.interval() == Interval.W1) {
            throw new IllegalArgumentException("1w bars are not exported: a week crosses month files (export 1d, or "
                    + "use export features --interval 1w)");
        }
        if (k.from().isAfter(k.to())) {
            throw new IllegalArgumentException("--from " + k.from() + " is after --to " + k.to());
        }
        Offsets offsets = store.offsets();
        List<YearMonth> withData = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (YearMonth m = k.from(); !m.isAfter(k.to()); m = m.plusMonths(1)) {
            Offsets.MonthEntry e = offsets.months().get(m.toString());
            if (e != null && e.rows() > 0) {
                withData.add(m);
            } else {
                skipped.add(m.toString());
            }
        }
        if (withData.isEmpty()) {
            throw new ExportRefused(ExportRefused.NO_DATA, "no stored klines in " + k.from() + ".." + k.to()
                    + " (" + stored(offsets) + "): nothing exported");
        }
        List<ExportResult.Item> items = new ArrayList<>();
        List<ExportManifest.Entry> entries = new ArrayList<>();
        for (YearMonth m : withData) {
            MonthReader.StoredMonth month = reader.read(m);
            if (month == null) {
                skipped.add(m.toString());
                continue;
            }
            Path file = dir.resolve(prefix + "klines_" + k.interval() + "_" + m + ".csv");
            ExportFiles.Published<KlinesCsv.Written> p = ExportFiles.publish(file,
                    out -> KlinesCsv.write(out, m, month.rows(), k.interval(), k.gapPolicy()));
            KlinesCsv.Written w = p.info();
            items.add(new ExportResult.Item("klines", file, p.changed(), w.rows(), w.missingMinutes(), p.sha256()));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("symbol", store.symbol());
            details.put("gap_policy", k.gapPolicy().name().toLowerCase(java.util.Locale.ROOT));
            details.put("first_stored_minute", CsvText.time(w.firstOpenTime()));
            details.put("last_stored_minute", CsvText.time(w.lastOpenTime()));
            entries.add(new ExportManifest.Entry(dir.relativize(file).toString(), "klines", k.interval().code(),
                    range(start(m), start(m.plusMonths(1))), w.rows(), w.missingMinutes(), p.sha256(),
                    Map.of(m.toString(), month.sha256()), version, details));
        }
        skipped.sort(null);
        return finish(items, skipped, entries);
    }

    private ExportResult features(ExportRequest.Features f) throws IOException {
        FeatureSpec spec = f.spec();
        if (!f.start().isBefore(f.end())) {
            throw new IllegalArgumentException("give --start before --end");
        }
        Instant historyStart = FeatureEngine.historyStart(spec, f.start());
        for (int attempt = 1; ; attempt++) {
            Map<String, String> before = sources(historyStart, f.end());
            FeatureEngine.Covered covered = new FeatureEngine(new ParquetDataSource(store, spec.gapPolicy(), false))
                    .computeWithGaps(spec, f.start(), f.end());
            boolean damaged = before.values().stream().anyMatch(v -> v.startsWith("mismatch:"));
            if (damaged || !before.equals(sources(historyStart, f.end()))) {
                if (attempt < ATTEMPTS) {
                    sleep();
                    continue;
                }
                throw new ExportRefused(ExportRefused.INCONSISTENT, "the month files of " + f.start() + ".." + f.end()
                        + " kept changing while they were read (an ingest rewriting them?), or do not match"
                        + " offsets.json: try again; if it persists, run verify --repair");
            }
            FeatureFrame frame = covered.frame();
            if (frame.size() == 0) {
                throw new ExportRefused(ExportRefused.NO_DATA, "no bars stored between " + f.start() + " and " + f.end()
                        + " (" + stored(store.offsets()) + "): nothing exported");
            }
            long missing = covered.gaps().stream().mapToLong(MinuteGaps.Gap::minutes).sum();
            Path file = dir.resolve(prefix + "features_" + spec.interval() + "_" + stamp(f.start()) + "_" + stamp(f.end()) + ".csv");
            ExportFiles.Published<Long> p = ExportFiles.publish(file, out -> FeaturesCsv.write(out, frame));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("symbol", store.symbol());
            details.put("gap_policy", spec.gapPolicy().name().toLowerCase(java.util.Locale.ROOT));
            details.put("indicators", String.join(",", frame.columns().keySet()));
            ExportManifest.Entry entry = new ExportManifest.Entry(dir.relativize(file).toString(), "features",
                    spec.interval().code(), range(f.start(), f.end()), p.info(), missing, p.sha256(), before, version,
                    details);
            return finish(List.of(new ExportResult.Item("features", file, p.changed(), p.info(), missing, p.sha256())),
                    List.of(), List.of(entry));
        }
    }

    private ExportResult run(ExportRequest.Run r) throws IOException {
        String id = r.runId();
        Path folder = runFolder(id);
        Path file = dir.resolve("runs").resolve(id + ".zip");
        ExportFiles.Published<Long> p = ExportFiles.publish(file, out -> RunBundle.write(out, folder, id));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("run_id", id);
        details.put("files", p.info());
        ExportManifest.Entry entry = new ExportManifest.Entry(dir.relativize(file).toString().replace('\\', '/'), "run",
                null, Map.of(), 0, 0, p.sha256(), lineageMonths(folder), version, details);
        return finish(List.of(new ExportResult.Item("run", file, p.changed(), p.info(), 0, p.sha256())), List.of(),
                List.of(entry));
    }

    private ExportResult finish(List<ExportResult.Item> items, List<String> skipped, List<ExportManifest.Entry> entries)
            throws IOException {
        boolean changed = ExportManifest.update(dir, entries);
        return new ExportResult(items, skipped, dir.resolve(ExportManifest.FILE), changed);
    }

    /**
     * The month files [from, to) reads, month -> SHA-256 as offsets.json records it; a file that does not match its
     * record shows as {@code mismatch:<sha>}, so a read of a file being replaced never equals a clean one.
     */
    private Map<String, String> sources(Instant from, Instant to) throws IOException {
        Offsets offsets = store.offsets();
        Map<String, String> out = new TreeMap<>();
        YearMonth last = YearMonth.from(to.minusMillis(1).atZone(ZoneOffset.UTC));
        for (YearMonth m = YearMonth.from(from.atZone(ZoneOffset.UTC)); !m.isAfter(last); m = m.plusMonths(1)) {
            Offsets.MonthEntry e = offsets.months().get(m.toString());
            Path file = store.monthFile(m);
            if (e != null && Files.exists(file)) {
                String sha = Hashes.sha256(file);
                out.put(m.toString(), sha.equals(e.parquetSha256()) ? sha : "mismatch:" + sha);
            }
        }
        return out;
    }

    /** month -> SHA-256 of the month files a run read, from its lineage.json (empty when it has none). */
    private static Map<String, String> lineageMonths(Path folder) {
        Map<String, String> out = new TreeMap<>();
        try {
            JsonNode months = new ObjectMapper().readTree(folder.resolve("lineage.json").toFile()).path("months");
            for (JsonNode m : months) {
                out.put(m.path("month").asText(), m.path("parquet_sha256").asText());
            }
        } catch (IOException e) {
            // a run without a readable lineage still bundles; the manifest then names no source months
        }
        return out;
    }

    private static String stored(Offsets offsets) {
        List<String> months = offsets.months().entrySet().stream().filter(e -> e.getValue().rows() > 0)
                .map(Map.Entry::getKey).toList();
        return months.isEmpty() ? "the store is empty" : "the store holds " + months.get(0) + ".." + months.get(months.size() - 1);
    }

    private static Map<String, String> range(Instant from, Instant to) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("from", from.toString());
        m.put("to", to.toString());
        return m;
    }

    private static Instant start(YearMonth m) {
        return m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static String stamp(Instant t) {
        return t.toString().replace(":", "").replace("-", "");
    }

    private static void sleep() {
        try {
            Thread.sleep(WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExportRefused(ExportRefused.INCONSISTENT, "interrupted");
        }
    }
}
