package storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The monthly 1m Parquet store of one symbol: {@code <data>/spot/<SYMBOL>/klines_1m/YYYY-MM.parquet} plus
 * {@code metadata/offsets.json}. Merges are serialised (in-process lock + file lock across processes) and
 * crash-safe: the new month file and the pending metadata are written and fsynced first, then renamed into
 * place in a fixed order; {@link #recover()} completes or rolls back whatever a crash interrupted.
 */
public final class KlineStore {
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    private static final int CONFLICTS_LISTED = 20;

    private final String symbol;
    private final Path klinesDir;
    private final Path metadataDir;
    private final Path offsetsFile;
    private final Path pendingFile;
    private final Path lockFile;
    private final Path root;
    private final Clock clock;
    private final CrashPoints crashPoints;
    private final LockOpener lockOpener;

    /** Opens the lock file for writing: a seam for tests (root ignores chmod, so a refused write is played here). */
    @FunctionalInterface
    interface LockOpener {
        FileChannel open(Path lockFile) throws IOException;
    }

    public KlineStore(Path dataDir, String symbol, Clock clock, CrashPoints crashPoints) {
        this(dataDir, symbol, clock, crashPoints,
                lock -> FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE));
    }

    /** A symbol's metadata folder, its offsets.json, and the suffix of the pending successor written before it. */
    static final String METADATA = "metadata";
    static final String OFFSETS = "offsets.json";
    static final String PENDING = ".pending";

    KlineStore(Path dataDir, String symbol, Clock clock, CrashPoints crashPoints, LockOpener lockOpener) {
        this.symbol = symbol;
        this.lockOpener = lockOpener;
        this.root = dataDir.resolve("spot").resolve(symbol).toAbsolutePath().normalize();
        this.klinesDir = root.resolve("klines_1m");
        this.metadataDir = root.resolve(METADATA);
        this.offsetsFile = metadataDir.resolve(OFFSETS);
        this.pendingFile = metadataDir.resolve(OFFSETS + PENDING);
        this.lockFile = metadataDir.resolve(".lock");
        this.clock = clock;
        this.crashPoints = crashPoints;
    }

    public String symbol() {
        return symbol;
    }

    public Path klinesDir() {
        return klinesDir;
    }

    public Path offsetsFile() {
        return offsetsFile;
    }

    /** Where ingest keeps copies of the CSVs it read ({@code app.ingest.keep-raw-csv}). */
    public Path rawCsvDir() {
        return klinesDir.resolve("raw_csv");
    }

    public Path monthFile(YearMonth month) {
        return klinesDir.resolve(month + ".parquet");
    }

    /** The committed metadata (empty when nothing was ingested yet). */
    public Offsets offsets() throws IOException {
        return Files.exists(offsetsFile) ? OffsetsCodec.read(offsetsFile) : Offsets.empty(symbol);
    }

    /**
     * Completes or rolls back an interrupted commit and deletes leftover temp files. Returns what it did. A store this
     * process may not write is left as it is (readers still work); the answer then names what recovery had to leave.
     */
    public List<String> recover() throws IOException {
        try {
            return locked(this::recoverLocked);
        } catch (StoreNotWritableException e) {
            List<String> left = new ArrayList<>();
            if (Files.exists(pendingFile)) {
                left.add(pendingFile.getFileName().toString());
            }
            for (Path dir : List.of(klinesDir, metadataDir)) {
                if (Files.isDirectory(dir)) {
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + AtomicFiles.TMP_MARKER + "*")) {
                        files.forEach(f -> left.add(f.getFileName().toString()));
                    }
                }
            }
            return left.isEmpty() ? List.of() : List.of("store not writable, so an interrupted commit or temp files are "
                    + "left as they are: " + left + " (" + e.getMessage() + ")");
        }
    }

    /** Throws {@link StoreNotWritableException} when this process may not write the store (a writer's first check). */
    public void checkWritable() throws IOException {
        locked(() -> null);
    }

    /**
     * As {@link #checkWritable} without waiting for the store's lock (a merge may hold it for seconds): opens the lock
     * file for writing, which fails the same way on a store this process may not write. For health checks.
     */
    public void probeWritable() throws IOException {
        try {
            Files.createDirectories(metadataDir);
            lockOpener.open(lockFile).close();
        } catch (IOException e) {
            StoreNotWritableException notWritable = StoreNotWritableException.of(root, e);
            throw notWritable != null ? notWritable : e;
        }
    }

    public MergeResult merge(MergeRequest request) throws IOException {
        return merge(request, null);
    }

    /**
     * As {@link #merge(MergeRequest)}; {@code ahead} (or null) holds pages of the request's rows encoded while they were
     * parsed, which the month file is finished from when it is written from exactly those rows (a new month, rows in
     * order, every minute once); any other merge writes as without them.
     */
    public MergeResult merge(MergeRequest request, PagesAhead ahead) throws IOException {
        return locked(() -> {
            recoverLocked();
            return mergeLocked(request, ahead);
        });
    }

    private MergeResult mergeLocked(MergeRequest req, PagesAhead ahead) throws IOException {
        KlineColumns incoming = req.rows().sortedByOpenTime();
        long rowsRead = incoming.size();
        KlineColumns unique;
        long duplicates;
        if (incoming.isSortedStrict()) { // the usual file: in order, every minute once; nothing to drop, nothing to copy
            unique = incoming;
            duplicates = 0;
        } else {
            unique = new KlineColumns(incoming.size());
            duplicates = dedupWithinFile(incoming, unique);
        }

        Path monthFile = monthFile(req.month());
        Offsets before = offsets();
        String monthKey = req.month().toString();
        Offsets.MonthEntry previous = before.months().get(monthKey);
        String damage = damage(previous, monthFile);
        if (damage != null) {
            return rebuildLocked(req, incoming, unique, duplicates, before, previous, damage, ahead);
        }
        KlineColumns stored = Files.exists(monthFile) ? KlineParquet.read(monthFile) : new KlineColumns(0);
        KlineColumns merged;
        long[] counts;
        if (stored.size() == 0) { // a new month: the merge of either kind would copy the input row by row
            merged = unique;
            counts = new long[] {unique.size(), 0, 0};
        } else {
            merged = new KlineColumns(stored.size() + unique.size());
            counts = req.replace()
                    ? replacePeriod(stored, unique, merged, req.periodStartMs(), req.periodEndMs())
                    : mergeNoReplace(stored, unique, merged);
        }
        long added = counts[0];
        duplicates += counts[1];
        long replaced = counts[2];

        Offsets.FileEntry fileEntry = fileEntry(req, rowsRead, added, duplicates, replaced);
        boolean changed = added > 0 || replaced > 0;
        if (!changed && merged.size() == 0) {
            throw new IllegalStateException("nothing to store for " + req.fileName());
        }
        Files.createDirectories(metadataDir);
        if (!changed) {
            String parquetSha = previous != null ? previous.parquetSha256() : Hashes.sha256(monthFile);
            Offsets.MonthEntry entry = monthEntry(req.month(), merged, parquetSha, Offsets.withFile(previous, fileEntry));
            AtomicFiles.replace(offsetsFile, OffsetsCodec.toBytes(before.withMonth(monthKey, entry)));
        } else {
            writeAndCommit(req.month(), merged, before, Offsets.withFile(previous, fileEntry), ahead);
        }
        return new MergeResult(monthKey, rowsRead, added, duplicates, replaced, merged.size(), monthFile, changed, null);
    }

    /**
     * The month's file is missing or is not the one offsets.json records: its rows cannot be trusted, so they are not
     * read. The month is rebuilt from this input alone; a mismatching file is moved aside first, never deleted, and the
     * month's other recorded inputs are named so that they can be brought back.
     */
    private MergeResult rebuildLocked(MergeRequest req, KlineColumns incoming, KlineColumns unique, long duplicates,
                                      Offsets before, Offsets.MonthEntry previous, String damage, PagesAhead ahead)
            throws IOException {
        if (unique.size() == 0) {
            throw new IllegalStateException("nothing to store for " + req.fileName());
        }
        Path monthFile = monthFile(req.month());
        Path keptAs = null;
        if (Files.exists(monthFile)) {
            Path damagedDir = Files.createDirectories(root.resolve("damaged"));
            keptAs = damagedDir.resolve(monthFile.getFileName() + "." + Instant.now(clock).toString().replace(":", ""));
            Files.move(monthFile, keptAs, StandardCopyOption.REPLACE_EXISTING);
        }
        List<Offsets.FileEntry> dropped = previous.files().stream().filter(f -> !f.name().equals(req.fileName()))
                .toList();
        Offsets.FileEntry fileEntry = fileEntry(req, incoming.size(), unique.size(), duplicates, 0);
        writeAndCommit(req.month(), unique, before, List.of(fileEntry), ahead);
        return new MergeResult(req.month().toString(), incoming.size(), unique.size(), duplicates, 0, unique.size(),
                monthFile, true, new MonthRebuild(req.month().toString(), damage, keptAs, dropped));
    }

    private Offsets.FileEntry fileEntry(MergeRequest req, long rowsRead, long added, long duplicates, long replaced) {
        return new Offsets.FileEntry(req.fileName(), req.sha256(), rowsRead, added, duplicates, replaced, req.source(),
                Instant.now(clock), req.csvSha256());
    }

    /** Writes the month's new file beside the old one and commits it with its metadata (crash-safe). */
    private void writeAndCommit(YearMonth month, KlineColumns rows, Offsets before, List<Offsets.FileEntry> files,
                                PagesAhead ahead) throws IOException {
        Path monthFile = monthFile(month);
        Files.createDirectories(klinesDir);
        Path tmp = AtomicFiles.tempSibling(monthFile);
        Future<Void> tmpSynced = null;
        Future<PendingCommit.Bytes> metadata = null;
        try {
            ColumnPages.Encoded encoded = ahead != null && ahead.covers(rows) ? ahead.finish() : null;
            if (encoded == null) {
                encoded = KlineParquet.encodeHashed(rows);
            }
            String parquetSha = encoded != null ? encoded.sha256() : null; // of the bytes made, hashed as they were
            if (encoded != null) {
                // the metadata's JSON is made by a helper while this thread writes the file
                PendingCommit pending = pending(month, rows, parquetSha, before, files);
                metadata = Background.compute(() -> PendingCommit.Bytes.of(pending));
                KlineParquet.writeNew(tmp, encoded.bytes());
                // the file's fsync runs beside the pending metadata's own fsync; commitMonth waits for it before the
                // pending metadata is renamed in (and so before the month file is)
                tmpSynced = Background.submit(() -> AtomicFiles.fsync(tmp));
            } else {
                KlineParquet.write(tmp, rows);
                AtomicFiles.fsync(tmp);
                parquetSha = Hashes.sha256(tmp);
            }
            PendingCommit.Bytes bytes = metadata != null ? Background.value(metadata)
                    : PendingCommit.Bytes.of(pending(month, rows, parquetSha, before, files));
            metadata = null;
            commitMonth(tmp, tmpSynced, monthFile, bytes);
            tmpSynced = null;
        } finally {
            if (tmpSynced != null) {
                Background.awaitQuietly(tmpSynced);
            }
            if (metadata != null) {
                try {
                    Background.value(metadata); // nothing started here outlives the write that started it
                } catch (IOException | RuntimeException | Error ignored) {
                    // already failing
                }
            }
            Files.deleteIfExists(tmp); // a commit that failed (disk full, read-only metadata) leaves no temp file
        }
    }

    private static PendingCommit pending(YearMonth month, KlineColumns rows, String parquetSha, Offsets before,
                                         List<Offsets.FileEntry> files) {
        Offsets.MonthEntry entry = monthEntry(month, rows, parquetSha, files);
        return new PendingCommit(month.toString(), parquetSha, before.withMonth(month.toString(), entry));
    }

    /**
     * Why the month's file cannot be trusted: it is missing or is not the file offsets.json records (SHA-256). Empty
     * when it matches, or when offsets.json records nothing for the month.
     */
    public Optional<String> damage(YearMonth month) throws IOException {
        return Optional.ofNullable(damage(offsets().months().get(month.toString()), monthFile(month)));
    }

    /** Every recorded month whose file is missing or does not match offsets.json, with the reason. */
    public SortedMap<YearMonth, String> damagedMonths() throws IOException {
        SortedMap<YearMonth, String> out = new TreeMap<>();
        for (Map.Entry<String, Offsets.MonthEntry> e : offsets().months().entrySet()) {
            YearMonth m = YearMonth.parse(e.getKey());
            String damage = damage(e.getValue(), monthFile(m));
            if (damage != null) {
                out.put(m, damage);
            }
        }
        return out;
    }

    private static String damage(Offsets.MonthEntry recorded, Path monthFile) throws IOException {
        if (recorded == null) {
            return null;
        }
        if (!Files.exists(monthFile)) {
            return monthFile.getFileName() + " is missing";
        }
        String sha = Hashes.sha256(monthFile);
        return sha.equals(recorded.parquetSha256()) ? null : monthFile.getFileName() + " does not match offsets.json"
                + " (sha256 " + sha + ", recorded " + recorded.parquetSha256() + ")";
    }

    /**
     * The crash-safe sequence: pending metadata, month rename, metadata rename. {@code tmpSynced} (or null when
     * {@code tmp} is synced already) is the month file's fsync, awaited before anything is renamed.
     */
    private void commitMonth(Path tmp, Future<Void> tmpSynced, Path monthFile, PendingCommit.Bytes pending)
            throws IOException {
        Path pendingTmp = AtomicFiles.tempSibling(pendingFile);
        try {
            crashPoints.reach("before-pending");
            AtomicFiles.writeDurably(pendingTmp, pending.pending());
            if (tmpSynced != null) {
                Background.await(tmpSynced);
            }
            AtomicFiles.moveAtomically(pendingTmp, pendingFile);
            crashPoints.reach("after-pending");
            AtomicFiles.renameAtomically(tmp, monthFile);
        } catch (IOException | RuntimeException e) {
            // the month file is still the old one: roll back now rather than at the next start
            Files.deleteIfExists(pendingTmp);
            Files.deleteIfExists(pendingFile);
            throw e;
        }
        // the month's rename is made durable beside the durable write of the new offsets.json, which is renamed in only
        // after both: a crash before that finds the pending commit and either month file, and recovery handles both
        Future<Void> monthSynced = Background.submit(() -> AtomicFiles.fsyncDirectory(klinesDir));
        Path offsetsTmp = AtomicFiles.tempSibling(offsetsFile);
        try {
            try {
                AtomicFiles.writeDurably(offsetsTmp, pending.offsets());
            } finally {
                Background.await(monthSynced);
            }
            crashPoints.reach("after-month-rename");
            AtomicFiles.moveAtomically(offsetsTmp, offsetsFile);
        } finally {
            Files.deleteIfExists(offsetsTmp);
        }
        crashPoints.reach("after-offsets");
        // not synced on its own: should a crash bring the pending file back, it names the month file now in place, so
        // recovery completes it again into the same offsets.json; the next commit's directory sync makes it final
        Files.delete(pendingFile);
    }

    private List<String> recoverLocked() throws IOException {
        List<String> actions = new ArrayList<>();
        if (Files.exists(pendingFile)) {
            PendingCommit pending = PendingCommit.readOrNull(pendingFile);
            Path month = pending == null ? null : klinesDir.resolve(pending.month() + ".parquet");
            if (pending != null && Files.exists(month) && Hashes.sha256(month).equals(pending.parquetSha256())) {
                AtomicFiles.replace(offsetsFile, OffsetsCodec.toBytes(pending.offsets()));
                actions.add("completed interrupted commit of " + pending.month());
            } else {
                actions.add("rolled back interrupted commit" + (pending == null ? "" : " of " + pending.month()));
            }
            Files.delete(pendingFile);
        }
        deleteTempFiles(klinesDir, false, actions);
        deleteTempFiles(metadataDir, false, actions);
        if (Files.isDirectory(klinesDir)) {
            // sub-folders (raw_csv) get temp files from ingests outside the store lock: spare live writers'
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(klinesDir, Files::isDirectory)) {
                for (Path dir : dirs) {
                    deleteTempFiles(dir, true, actions);
                }
            }
        }
        return actions;
    }

    private static void deleteTempFiles(Path dir, boolean spareLiveWriters, List<String> actions) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + AtomicFiles.TMP_MARKER + "*")) {
            for (Path f : files) {
                if (spareLiveWriters && AtomicFiles.writerAlive(f)) {
                    continue;
                }
                Files.deleteIfExists(f);
                actions.add("deleted temp file " + f.getFileName());
            }
        }
    }

    private static long dedupWithinFile(KlineColumns sorted, KlineColumns unique) {
        long duplicates = 0;
        List<Long> conflicts = new ArrayList<>();
        long conflictCount = 0;
        for (int i = 0; i < sorted.size(); i++) {
            int last = unique.size() - 1;
            if (last >= 0 && unique.openTime[last] == sorted.openTime[i]) {
                if (unique.sameRow(last, sorted, i)) {
                    duplicates++;
                } else if (conflictCount++ < CONFLICTS_LISTED) {
                    conflicts.add(sorted.openTime[i]);
                }
                continue;
            }
            unique.addRow(sorted, i);
        }
        if (conflictCount > 0) {
            throw new MergeConflictException(true, conflicts, conflictCount);
        }
        return duplicates;
    }

    /** Union of stored and incoming rows; returns {added, duplicates, 0}; conflicts throw. */
    private static long[] mergeNoReplace(KlineColumns stored, KlineColumns in, KlineColumns out) {
        long added = 0;
        long duplicates = 0;
        long conflictCount = 0;
        List<Long> conflicts = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < stored.size() || j < in.size()) {
            if (j >= in.size() || (i < stored.size() && stored.openTime[i] < in.openTime[j])) {
                out.addRow(stored, i++);
            } else if (i >= stored.size() || in.openTime[j] < stored.openTime[i]) {
                out.addRow(in, j++);
                added++;
            } else {
                if (stored.sameRow(i, in, j)) {
                    duplicates++;
                } else if (conflictCount++ < CONFLICTS_LISTED) {
                    conflicts.add(in.openTime[j]);
                }
                out.addRow(stored, i++);
                j++;
            }
        }
        if (conflictCount > 0) {
            throw new MergeConflictException(false, conflicts, conflictCount);
        }
        return new long[] {added, duplicates, 0};
    }

    /** Stored rows outside the period are kept, the period's rows come from the input; returns {added, dups, replaced}. */
    private static long[] replacePeriod(KlineColumns stored, KlineColumns in, KlineColumns out, long from, long to) {
        long added = 0;
        long duplicates = 0;
        long replaced = 0;
        int i = 0;
        int j = 0;
        while (i < stored.size() || j < in.size()) {
            boolean storedInPeriod = i < stored.size() && stored.openTime[i] >= from && stored.openTime[i] < to;
            if (j >= in.size() || (i < stored.size() && stored.openTime[i] < in.openTime[j])) {
                if (storedInPeriod) {
                    replaced++; // stored minute the corrected file no longer has
                } else {
                    out.addRow(stored, i);
                }
                i++;
            } else if (i >= stored.size() || in.openTime[j] < stored.openTime[i]) {
                out.addRow(in, j++);
                added++;
            } else {
                if (stored.sameRow(i, in, j)) {
                    duplicates++;
                } else {
                    replaced++;
                }
                out.addRow(in, j++);
                i++;
            }
        }
        return new long[] {added, duplicates, replaced};
    }

    private static Offsets.MonthEntry monthEntry(YearMonth month, KlineColumns rows, String sha,
                                                 List<Offsets.FileEntry> files) {
        int n = rows.size();
        long first = rows.openTime[0];
        long last = rows.openTime[n - 1];
        long missing = (last - first) / 60_000L + 1 - n;
        return new Offsets.MonthEntry(month + ".parquet", Instant.ofEpochMilli(first), Instant.ofEpochMilli(last), n,
                missing, sha, files);
    }

    private <T> T locked(IoAction<T> action) throws IOException {
        ReentrantLock jvmLock = LOCKS.computeIfAbsent(lockFile, p -> new ReentrantLock());
        jvmLock.lock();
        try {
            Files.createDirectories(metadataDir);
            try (FileChannel ch = lockOpener.open(lockFile); FileLock ignored = ch.lock()) {
                return action.run();
            }
        } catch (IOException e) {
            StoreNotWritableException notWritable = StoreNotWritableException.of(root, e);
            throw notWritable != null ? notWritable : e;
        } finally {
            jvmLock.unlock();
        }
    }

    @FunctionalInterface
    private interface IoAction<T> {
        T run() throws IOException;
    }
}
