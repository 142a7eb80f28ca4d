package features;

import ingest.IngestOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import storage.AtomicFiles;
import storage.CrashPoints;
import storage.KlineStore;
import storage.Offsets;
import storage.StoreNotWritableException;
import storage.Tables;

/**
 * The features stage behind the features route: computes frames to Parquet, spot-checks them, and recomputes the
 * standing feature files ({@code features/<interval>-<indicators>/YYYY-MM.parquet}) of a month, and of the next
 * month whose warm-up reads it, when new 1m data lands.
 */
public final class FeatureService {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureService.class);

    /** Footer key of a standing file: the month files it was computed from, {@code 2024-02=<sha256>,2024-03=<sha256>}. */
    public static final String SOURCES_KEY = "kline.source_months";

    private final KlineStore store;
    private final Path featuresDir;
    private final List<FeatureSpec> standing;
    private final CrashPoints crashPoints;

    public FeatureService(KlineStore store, Path featuresDir, List<FeatureSpec> standing) {
        this(store, featuresDir, standing, CrashPoints.NONE);
    }

    /** Every symbol's store (a request's symbol picks one), or null: {@link #store} only. */
    private final storage.KlineStores stores;

    public FeatureService(KlineStore store, Path featuresDir, List<FeatureSpec> standing, CrashPoints crashPoints) {
        this(store, null, featuresDir, standing, crashPoints);
    }

    /**
     * Computes and samples features of any symbol {@code stores} holds, and keeps the standing files of every stored
     * symbol: the default symbol's in {@code featuresDir}, the others' in {@code spot/<SYMBOL>/features/}.
     */
    public FeatureService(storage.KlineStores stores, Path featuresDir, List<FeatureSpec> standing,
                          CrashPoints crashPoints) {
        this(stores.defaultStore(), stores, featuresDir, standing, crashPoints);
    }

    private FeatureService(KlineStore store, storage.KlineStores stores, Path featuresDir, List<FeatureSpec> standing,
                           CrashPoints crashPoints) {
        this.store = store;
        this.stores = stores;
        this.featuresDir = featuresDir;
        this.standing = List.copyOf(standing);
        this.crashPoints = crashPoints;
    }

    public FeatureResult handle(FeatureRequest request) throws IOException {
        return switch (request) {
            case FeatureRequest.Compute c -> compute(c);
            case FeatureRequest.Sample s -> sample(s);
        };
    }

    private static DataSource source(KlineStore store, FeatureSpec spec) {
        return new ParquetDataSource(store, spec.gapPolicy(), false);
    }

    /** The store of a request's symbol (null: the default one); a symbol this store does not hold is refused. */
    private KlineStore storeOf(String symbol) throws IOException {
        if (symbol == null) {
            return store;
        }
        java.util.Optional<KlineStore> held = storage.KlineStores.holding(store, stores, symbol);
        if (held.isEmpty()) {
            throw new IllegalArgumentException(storage.KlineStores.notHeld(store, stores, symbol));
        }
        return held.get();
    }

    /**
     * Streams the frame into the file ({@link FeatureEngine#stream}, {@link FeatureParquet.Writer}): a month of rows
     * in memory at a time, whatever the range, and the same bytes as writing the whole frame at once.
     */
    FeatureResult.Computed compute(FeatureRequest.Compute c) throws IOException {
        long t0 = System.nanoTime();
        KlineStore store = storeOf(c.symbol());
        Path dir = featuresDir(store);
        Path out = c.out() != null ? c.out() : dir.resolve(c.spec().slug() + "_" + stamp(c.start()) + "_"
                + stamp(c.end()) + ".parquet");
        long[] counts = new long[3]; // rows, warm rows, rows containing filled minutes
        long[] firstLast = {Long.MIN_VALUE, Long.MIN_VALUE};
        long[] missing = new long[1];
        List<String> gaps = new ArrayList<>();
        boolean reportGaps = c.spec().gapPolicy() == GapPolicy.NONE; // "none" means: leave the holes and report them
        writeAtomically(out, tmp -> {
            try (FeatureParquet.Writer writer = new FeatureParquet.Writer(tmp, c.spec(), Map.of())) {
                new FeatureEngine(source(store, c.spec())).stream(c.spec(), c.start(), c.end(), (frame, chunkGaps) -> {
                    writer.append(frame);
                    count(frame, counts, firstLast);
                    if (reportGaps) {
                        for (storage.MinuteGaps.Gap g : chunkGaps) {
                            missing[0] += g.minutes();
                            gaps.add(g.toString());
                        }
                    }
                });
                if (writer.rows() == 0) {
                    throw noBars(c.start(), c.end());
                }
                writer.finish();
            }
        });
        return new FeatureResult.Computed(out, Math.toIntExact(counts[0]), Math.toIntExact(counts[1]),
                Math.toIntExact(counts[2]), Instant.ofEpochMilli(firstLast[0]), Instant.ofEpochMilli(firstLast[1]),
                (System.nanoTime() - t0) / 1_000_000, missing[0], gaps);
    }

    /** Adds a chunk's rows, warm rows and rows with filled minutes to {@code counts}, and its first and last time. */
    private static void count(FeatureFrame frame, long[] counts, long[] firstLast) {
        Bars b = frame.bars();
        for (int i = 0; i < frame.size(); i++) {
            boolean allWarm = true;
            for (double[] col : frame.columns().values()) {
                allWarm &= !Double.isNaN(col[i]);
            }
            counts[1] += allWarm ? 1 : 0;
            counts[2] += b.filled(i) ? 1 : 0;
        }
        if (frame.size() > 0) {
            if (counts[0] == 0) {
                firstLast[0] = b.openTime[0];
            }
            firstLast[1] = b.openTime[frame.size() - 1];
        }
        counts[0] += frame.size();
    }

    FeatureResult.Sampled sample(FeatureRequest.Sample s) throws IOException {
        KlineStore store = storeOf(s.symbol());
        DataSource source = source(store, s.spec());
        FeatureFrame frame = nonEmpty(new FeatureEngine(source).compute(s.spec(), s.start(), s.end()), s.start(), s.end());
        crashPoints.reach("after-sample-frame"); // tests pause here to change the store under a computed frame
        return new FeatureSampler(store, source).sample(frame, s.n(), s.seed());
    }

    /** A frame without bars is refused: an empty file or a check of nothing would pass for an answer. */
    private static FeatureFrame nonEmpty(FeatureFrame frame, Instant start, Instant end) {
        if (frame.size() == 0) {
            throw noBars(start, end);
        }
        return frame;
    }

    private static IllegalArgumentException noBars(Instant start, Instant end) {
        return new IllegalArgumentException("no bars stored between " + start + " and " + end
                + " (ingest or backfill them first)");
    }

    /**
     * After an ingest that changed a month: recompute the standing feature files of that month and the next, unless
     * they were already computed from the month files stored now - in the features folder of the ingested file's
     * symbol ({@code spot/<SYMBOL>/features/}). Refreshes run one at a time and each reads the offsets before the month
     * files it computes from, so a refresh that was overtaken by a later ingest cannot leave an older computation behind: the later
     * ingest's own refresh sees the recorded sources differ and recomputes.
     */
    public synchronized List<Path> refreshAfterIngest(IngestOutcome outcome) throws IOException {
        return refreshAfterIngest(java.util.Collections.singletonList(outcome), 1);
    }

    /**
     * The standing files of several ingests at once (a command's files, after the last one): what calling
     * {@link #refreshAfterIngest(IngestOutcome)} for each outcome in order, each after its own commit, leaves behind -
     * every file of a month the outcomes stored new rows in, and of the month after it, computed from the month files
     * stored now - but each file computed once, when the last file has been committed, instead of once per outcome
     * that touches it; the files to write are shared by up to {@code threads} threads (each file is written by one, as
     * {@link #refreshAfterIngest(IngestOutcome)} writes it). Returns the files written, in month order.
     */
    public synchronized List<Path> refreshAfterIngest(List<IngestOutcome> outcomes, int threads) throws IOException {
        Map<String, KlineStore> stores = new java.util.TreeMap<>();
        Map<String, java.util.TreeSet<YearMonth>> months = new java.util.TreeMap<>();
        List<String> names = new ArrayList<>();
        for (IngestOutcome outcome : outcomes) {
            if (outcome == null || outcome.status() != IngestOutcome.Status.INGESTED
                    || outcome.added() + outcome.replaced() == 0) {
                continue;
            }
            KlineStore s = storeOfFile(outcome.file());
            if (s == null) {
                continue;
            }
            YearMonth month = YearMonth.parse(outcome.month());
            stores.put(s.symbol(), s);
            months.computeIfAbsent(s.symbol(), k -> new java.util.TreeSet<>()).addAll(List.of(month, month.plusMonths(1)));
            names.add(outcome.file());
        }
        List<java.util.concurrent.Callable<Path>> writes = new ArrayList<>();
        for (Map.Entry<String, java.util.TreeSet<YearMonth>> e : months.entrySet()) {
            KlineStore s = stores.get(e.getKey());
            Offsets offsets = s.offsets(); // offsets before the month files, as above
            for (FeatureSpec spec : standing) {
                for (YearMonth m : e.getValue()) {
                    if (Files.exists(s.monthFile(m))
                            && !sources(spec, m, offsets).equals(recordedSources(standingFile(s, spec, m)))) {
                        writes.add(() -> writeStanding(s, spec, m, offsets));
                    }
                }
            }
        }
        List<Path> written = runAll(writes, threads);
        if (!names.isEmpty()) {
            LOG.info("features refreshed after {}: {}", names.size() <= 2 ? String.join(", ", names)
                    : names.size() + " files (" + names.get(0) + " .. " + names.get(names.size() - 1) + ")", written);
        }
        return written;
    }

    /**
     * Runs {@code tasks} on up to {@code threads} threads; their results in task order. Every task runs (each writes its
     * own file atomically); the first failure, in task order, is thrown once all have ended.
     */
    private static List<Path> runAll(List<java.util.concurrent.Callable<Path>> tasks, int threads) throws IOException {
        List<Path> results = new ArrayList<>();
        if (threads <= 1 || tasks.size() <= 1) {
            for (java.util.concurrent.Callable<Path> t : tasks) {
                results.add(call(t));
            }
            return results;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.min(threads, tasks.size()), r -> Thread.ofPlatform().daemon().name("features-refresh").unstarted(r));
        try {
            for (java.util.concurrent.Future<Path> f : pool.invokeAll(tasks)) {
                try {
                    results.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    } else if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    } else if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new IOException(e.getCause());
                }
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while refreshing the standing feature files");
        } finally {
            pool.shutdownNow();
        }
    }

    private static Path call(java.util.concurrent.Callable<Path> task) throws IOException {
        try {
            return task.call();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /**
     * The store an ingested file went to: its name's symbol's (a name without one: the default symbol's); null when
     * this service knows only the default store and the file is another symbol's.
     */
    private KlineStore storeOfFile(String fileName) {
        String symbol;
        try {
            symbol = ingest.SourceName.parse(fileName).symbol();
        } catch (RuntimeException e) {
            return store; // a name ingest recorded under another form: the default store, as before
        }
        if (symbol == null || symbol.equals(store.symbol())) {
            return store;
        }
        return stores == null ? null : stores.store(symbol);
    }

    /**
     * Start-up recovery of the derived files, for the default symbol and every stored one: deletes temp files left by
     * writers that are gone, and recomputes every standing file that is missing or was computed from other month files
     * than the store holds now (a refresh cut off by {@code kill -9}, a month changed while refresh was off). Returns
     * what it did, each line naming its symbol unless it is the default one; a store it may not write is left alone.
     */
    public synchronized List<String> recover() throws IOException {
        List<String> actions = new ArrayList<>();
        java.util.TreeSet<String> symbols = new java.util.TreeSet<>(stores == null ? List.of() : stores.stored());
        symbols.remove(store.symbol());
        recover(store, "", actions);
        for (String s : symbols) {
            recover(stores.store(s), s + ": ", actions);
        }
        return actions;
    }

    private void recover(KlineStore store, String prefix, List<String> actions) throws IOException {
        try {
            store.checkWritable();
        } catch (StoreNotWritableException e) {
            return; // read-only commands still work; the store's own recovery says what it could not do
        }
        Path dir = featuresDir(store);
        deleteTempFiles(dir, prefix, actions);
        Offsets offsets = store.offsets();
        for (FeatureSpec spec : standing) {
            for (String key : offsets.months().keySet()) {
                YearMonth m = YearMonth.parse(key);
                Path file = standingFile(store, spec, m);
                if (!Files.exists(store.monthFile(m)) || sources(spec, m, offsets).equals(recordedSources(file))) {
                    continue;
                }
                boolean missing = !Files.exists(file);
                try {
                    writeStanding(store, spec, m, offsets);
                    actions.add(prefix + (missing ? "computed missing " : "recomputed stale ") + dir.relativize(file));
                } catch (IOException | RuntimeException e) {
                    // a derived file never stops a command: a month file that cannot be read now (damaged, being
                    // rebuilt) is the store's to repair; the next start-up or ingest of that month computes it
                    actions.add(prefix + "could not compute " + dir.relativize(file) + " (" + e.getMessage() + ")");
                }
            }
        }
    }

    private static void deleteTempFiles(Path featuresDir, String prefix, List<String> actions) throws IOException {
        if (!Files.isDirectory(featuresDir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(featuresDir, 2)) {
            for (Path f : files.filter(p -> p.getFileName().toString().contains(AtomicFiles.TMP_MARKER)).toList()) {
                if (!AtomicFiles.writerAlive(f) && Files.deleteIfExists(f)) {
                    actions.add(prefix + "deleted temp file " + featuresDir.relativize(f));
                }
            }
        }
    }

    /** A symbol's features folder: the one this service was given for the default symbol, {@code spot/<SYMBOL>/features/} for the others. */
    private Path featuresDir(KlineStore s) {
        return s == store ? featuresDir : s.klinesDir().getParent().resolve("features");
    }

    /** The standing file of {@code spec} for month {@code m}, with the month files it reads named in its footer. */
    private Path writeStanding(KlineStore store, FeatureSpec spec, YearMonth m, Offsets offsets) throws IOException {
        Instant start = m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Path out = standingFile(store, spec, m);
        writeAtomically(out, tmp -> {
            try (FeatureParquet.Writer writer = new FeatureParquet.Writer(tmp, spec,
                    Map.of(SOURCES_KEY, sources(spec, m, offsets)))) {
                new FeatureEngine(source(store, spec)).stream(spec, start, end, (frame, gaps) -> writer.append(frame));
                writer.finish();
            }
        });
        return out;
    }

    /** The stored months a standing file of month {@code m} reads (its warm-up included), with their SHA-256. */
    static String sources(FeatureSpec spec, YearMonth m, Offsets offsets) {
        Instant historyStart = FeatureEngine.historyStart(spec, m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        StringJoiner sources = new StringJoiner(",");
        for (YearMonth k = YearMonth.from(historyStart.atZone(ZoneOffset.UTC)); !k.isAfter(m); k = k.plusMonths(1)) {
            Offsets.MonthEntry e = offsets.months().get(k.toString());
            if (e != null) {
                sources.add(k + "=" + e.parquetSha256());
            }
        }
        return sources.toString();
    }

    /** What a standing file's footer says it was computed from; null when the file is missing or unreadable. */
    private static String recordedSources(Path file) {
        try {
            return Files.exists(file) ? Tables.footer(file).get(SOURCES_KEY) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The default symbol's standing file of {@code spec} for {@code month}. */
    public Path standingFile(FeatureSpec spec, YearMonth month) {
        return standingFile(store, spec, month);
    }

    /** A symbol's standing file ({@code spot/<SYMBOL>/features/<slug>/YYYY-MM.parquet}). */
    public Path standingFile(String symbol, FeatureSpec spec, YearMonth month) {
        if (symbol.equals(store.symbol())) {
            return standingFile(store, spec, month);
        }
        if (stores == null) {
            throw new IllegalArgumentException("this service keeps " + store.symbol() + " only, not " + symbol);
        }
        return standingFile(stores.store(symbol), spec, month);
    }

    private Path standingFile(KlineStore s, FeatureSpec spec, YearMonth month) {
        return featuresDir(s).resolve(spec.slug()).resolve(month + ".parquet");
    }

    /** What writes a file's content to the temp file it is given. */
    @FunctionalInterface
    private interface TempWriter {
        void writeTo(Path tmp) throws IOException;
    }

    /** Writes {@code out} through a temp sibling: written, synced, then renamed over {@code out}. */
    private void writeAtomically(Path out, TempWriter writer) throws IOException {
        Path tmp = AtomicFiles.tempSibling(out);
        try {
            writer.writeTo(tmp);
            AtomicFiles.fsync(tmp);
            crashPoints.reach("after-feature-temp");
            AtomicFiles.moveAtomically(tmp, out);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String stamp(Instant t) {
        return t.toString().replace(":", "").replace("-", "");
    }
}
