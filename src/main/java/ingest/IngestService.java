package ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import storage.AtomicFiles;
import storage.Hashes;
import storage.KlineStore;
import storage.KlineStores;
import storage.MergeConflictException;
import storage.MergeRequest;
import storage.MergeResult;
import storage.Offsets;
import storage.PagesAhead;
import storage.StoreNotWritableException;
import storage.Symbols;

/**
 * The ingest steps the routes call, in order: {@link #open}, {@link #batches}, {@link #parse} per batch,
 * {@link #commit}; {@link #fail} turns any error into a {@link Rejection} value. Nothing is stored before
 * {@link #commit}, so a refused file leaves the store exactly as it was.
 */
public final class IngestService {
    /** Line batches read ahead of the one being parsed. */
    static final int READ_AHEAD_BATCHES = 6;
    /** Archives up to this size are read into memory once, for their SHA-256 and their inflating (a month is ~3 MB). */
    static final long MAX_ARCHIVE_IN_MEMORY = 64L << 20;
    private final KlineStores stores;
    private final IngestSettings settings;
    private final Clock clock;

    /** A store of one symbol, {@code settings.symbol()}. */
    public IngestService(KlineStore store, IngestSettings settings, Clock clock) {
        this(null, settings, clock, store);
    }

    /**
     * Every symbol of {@code stores}: a file's name picks its symbol's store (our own exports, which name none, go to
     * the default symbol's); a symbol outside {@code app.symbols} is refused ({@code WRONG_SYMBOL}).
     */
    public IngestService(KlineStores stores, IngestSettings settings, Clock clock) {
        this(stores, settings, clock, null);
    }

    private IngestService(KlineStores stores, IngestSettings settings, Clock clock, KlineStore only) {
        this.stores = stores;
        this.settings = settings;
        this.clock = clock;
        this.only = only;
    }

    private final KlineStore only;

    /** The default symbol's store. */
    public KlineStore store() {
        return only != null ? only : stores.defaultStore();
    }

    /** The store a file of {@code symbol} goes to (null: our export, the default symbol's). */
    private KlineStore storeFor(SourceName name) {
        String symbol = name.symbol();
        if (only != null) {
            if (symbol != null && !symbol.equals(only.symbol())) {
                throw IngestRejectedException.of(RejectCode.WRONG_SYMBOL, name.fileName(),
                        "file is for symbol " + symbol + ", this store holds " + only.symbol());
            }
            return only;
        }
        if (symbol == null) {
            return stores.defaultStore();
        }
        if (!Symbols.valid(symbol) || !stores.accepts(symbol)) {
            throw IngestRejectedException.of(RejectCode.WRONG_SYMBOL, name.fileName(), "file is for symbol " + symbol
                    + ", which is not among the symbols this store accepts (app.symbols=" + stores.symbols() + ")");
        }
        return stores.store(symbol);
    }

    /** Where the raw CSV copies of {@code store} go, or null when none are kept. */
    private Path rawCsvDir(KlineStore store) {
        if (settings.rawCsvDir() == null) {
            return null;
        }
        return only != null || store.symbol().equals(settings.symbol()) ? settings.rawCsvDir() : store.rawCsvDir();
    }

    /** Checks name, symbol, checksum and whether these exact bytes were ingested before; opens the CSV stream. */
    public IngestSession open(String path, Boolean replace) throws IOException {
        return open(path, replace, null);
    }

    /**
     * As {@link #open(String, Boolean)}, recording {@code source} (archive, csv, rest) in offsets.json; null means
     * "archive" for a ZIP and "csv" for a CSV.
     */
    public IngestSession open(String path, Boolean replace, String source) throws IOException {
        return open(path, replace, source, null);
    }

    /**
     * As {@link #open(String, Boolean, String)}; with {@code recordAs}, the file is a kept raw CSV copy of that recorded
     * input (a repair): it must carry the recorded CSV's SHA-256, and offsets.json records the original's name, hash
     * and source again.
     */
    public IngestSession open(String path, Boolean replace, String source, Offsets.FileEntry recordAs)
            throws IOException {
        return open(path, replace, source, recordAs, false);
    }

    /**
     * Opens a file ahead of its turn (several files in a row: the next one is opened and parsed while the one before
     * commits). Every check that does not depend on the store is made as by {@link #open(String, Boolean)}; the one
     * that does - whether offsets.json records these bytes - is left to its turn: a file offsets.json records now is
     * opened {@link IngestSession#deferred() deferred} (nothing read), and {@link #stale} tells at its turn whether
     * what was read ahead still stands.
     */
    public IngestSession openAhead(String path, Boolean replace) throws IOException {
        return open(path, replace, null, null, true);
    }

    private IngestSession open(String path, Boolean replace, String source, Offsets.FileEntry recordAs, boolean ahead)
            throws IOException {
        Path file = Path.of(path).toAbsolutePath();
        SourceName name = SourceName.parse(file.getFileName().toString());
        KlineStore store = storeFor(name);
        if (!name.interval().equals("1m")) {
            throw IngestRejectedException.of(RejectCode.WRONG_INTERVAL, name.fileName(),
                    "only 1m klines are stored (every other interval is derived from them); file has " + name.interval());
        }
        String sha;
        byte[] archive = null;
        ZipReading reading = null; // the archive inflating beside the checks below; closed unless a session takes it
        try {
            try {
                if (name.zip() && recordAs == null && Files.size(file) <= MAX_ARCHIVE_IN_MEMORY) {
                    archive = Files.readAllBytes(file); // read once: hashed here, inflated from memory (SafeZip)
                    // inflating starts now, on its own thread; its batches are parsed only after every check here passed
                    reading = new ZipReading(file, name, settings, archive, READ_AHEAD_BATCHES);
                    sha = Hashes.sha256(archive);
                } else {
                    sha = Hashes.sha256(file);
                }
            } catch (NoSuchFileException e) {
                throw IngestRejectedException.of(RejectCode.IO_ERROR, name.fileName(), "file not found: " + file);
            }
            if (recordAs != null) {
                return openRawCopy(store, file, name, sha, Boolean.TRUE.equals(replace), recordAs);
            }
            Path checksum = name.export() ? ChecksumFile.sha256SiblingOf(file) : ChecksumFile.siblingOf(file);
            if (Files.exists(checksum)) {
                String expected = ChecksumFile.expectedSha256(checksum, name.fileName());
                if (!expected.equals(sha)) {
                    throw new IngestRejectedException(new Rejection(RejectCode.CHECKSUM_MISMATCH,
                            "SHA-256 " + sha + " does not match " + checksum.getFileName() + " (" + expected + ")",
                            name.fileName(), 0, null, sha, Instant.now(clock)));
                }
            }
            if (name.export()) {
                ExportManifestCheck.check(file, name.fileName(), sha, clock);
            }
            Offsets offsets = store.offsets();
            Offsets.FileEntry seen = offsets.findFile(sha);
            if (ahead && seen != null) {
                IngestSession deferred = new IngestSession(store, file, name, sha, Boolean.TRUE.equals(replace), null,
                        name.zip() ? "archive" : "csv", null);
                deferred.deferred = true;
                return deferred;
            }
            if (seen != null && !seen.name().equals(name.fileName())) {
                checkSamePeriod(name, sha, seen, offsets.monthOfFile(sha));
                seen = null; // recorded under another name of the same period: ingest it like any file
            }
            if (seen != null && store.damage(name.month()).isPresent()) {
                seen = null; // recorded, but the month's file is gone or not the recorded one: this file rebuilds it
            }
            IngestOutcome already = seen == null ? null : new IngestOutcome(IngestOutcome.Status.ALREADY_INGESTED,
                    name.fileName(), sha, offsets.monthOfFile(sha), null, seen.rows(), 0, 0, 0, 0, null);
            IngestSession session = new IngestSession(store, file, name, sha, Boolean.TRUE.equals(replace), already,
                    source != null ? source : name.zip() ? "archive" : "csv", null);
            if (already == null) {
                session.reading = reading; // the session closes it from now on
                session.archive = reading == null ? archive : null;
                reading = null;
            }
            return started(session);
        } finally {
            if (reading != null) {
                reading.close(); // refused, deferred or ingested before: stop inflating
            }
        }
    }

    private IngestSession openRawCopy(KlineStore store, Path file, SourceName name, String sha, boolean replace, Offsets.FileEntry recordAs)
            throws IOException {
        String expected = recordAs.csvSha256() != null ? recordAs.csvSha256()
                : recordAs.name().endsWith(".csv") ? recordAs.sha256() : null;
        if (name.zip() || !name.baseName().equals(SourceName.parse(recordAs.name()).baseName()) || !sha.equals(expected)) {
            throw new IngestRejectedException(new Rejection(RejectCode.CHECKSUM_MISMATCH, "not the CSV that "
                    + recordAs.name() + " held (sha256 " + sha + ", recorded " + expected + ")", name.fileName(), 0, null,
                    sha, Instant.now(clock)));
        }
        return started(new IngestSession(store, file, name, sha, replace, null, recordAs.source(), recordAs));
    }

    private IngestSession started(IngestSession session) throws IOException {
        if (session.already == null) {
            try {
                openStream(session);
            } catch (RuntimeException | IOException e) {
                session.close();
                throw e;
            }
        }
        return session;
    }

    /**
     * These exact bytes were ingested before under another name: a copy renamed to another period would otherwise pass
     * for a repeat. Its rows lie in the recorded file's period, so a name whose period does not hold that one is wrong;
     * any other name goes through every check like a new file.
     */
    private void checkSamePeriod(SourceName name, String sha, Offsets.FileEntry seen, String month) {
        String recorded;
        try {
            recorded = SourceName.parse(seen.name()).period();
        } catch (IngestRejectedException e) {
            recorded = month; // a recorded name that is not Binance's (never written by us): compare months
        }
        if (!recorded.startsWith(name.period())) { // "2023-01-21" lies in "2023-01"; every other difference is wrong
            throw new IngestRejectedException(new Rejection(RejectCode.OUT_OF_PERIOD, "these exact bytes (sha256 " + sha
                    + ") were ingested before as " + seen.name() + " into month " + month + "; their rows lie in "
                    + recorded + ", not in " + name.period() + " as this file's name says", name.fileName(), 0, null, sha,
                    Instant.now(clock)));
        }
    }

    private void openStream(IngestSession s) throws IOException {
        if (s.reading != null) {
            // the archive is open and inflating already (ZipReading); its refusals come with its first batch
        } else if (s.name.zip()) {
            s.zip = SafeZip.open(s.file, s.name, settings.zipLimits(), s.archive);
            s.archive = null; // the entry's stream holds what it needs
            s.csv = s.zip.csv();
        } else {
            long cap = settings.zipLimits().maxEntryBytes();
            if (Files.size(s.file) > cap) {
                throw CappedCsvStream.tooLarge(s.fileName(), cap);
            }
            s.csv = new CappedCsvStream(Files.newInputStream(s.file), cap, s.fileName());
        }
        if (!Files.exists(s.store.monthFile(s.name.month()))) {
            // the usual case, a new month (or one rebuilt): its file is written as parsed, so its pages are encoded
            // while the rest is still inflating; should the store's month have a file by the commit, they are dropped
            s.pagesAhead = PagesAhead.of(s.rows);
        }
        Path rawDir = rawCsvDir(s.store);
        if (rawDir != null && s.recordAs == null) { // a raw copy being restored is its own copy
            Files.createDirectories(rawDir);
            s.rawCopyTmp = AtomicFiles.tempSibling(rawDir.resolve(s.name.baseName() + ".csv"));
            s.rawCopy = Files.newOutputStream(s.rawCopyTmp);
        }
    }

    /** A file opened ahead and read, or refused, waiting for its turn to commit. */
    public record Prepared(String path, IngestSession session, IngestOutcome refusal) {
    }

    /** The file opened ahead, read; its turn comes. */
    public Prepared prepared(String path, IngestSession s) {
        return new Prepared(path, s, null);
    }

    /** The file opened ahead was refused (the session, if any, is released); the refusal waits for its turn. */
    public Prepared preparedRefusal(IngestSession s, String path, Throwable error) {
        return new Prepared(path, s, fail(s, path, error));
    }

    /**
     * At its turn: whether what was read ahead no longer stands and the file is to be ingested from the start. It stands
     * when {@link #open} would see the store as it was seen ahead: offsets.json still does not record these bytes (a
     * refusal made before the SHA-256 was known always stands). It does not when the file was deferred, or when a file
     * before it recorded the same bytes.
     */
    public boolean stale(Prepared p) throws IOException {
        return !current(p);
    }

    boolean current(Prepared p) throws IOException {
        if (p.session() != null && p.session().deferred) {
            return false;
        }
        String sha = p.session() != null ? p.session().sha256 : p.refusal().rejection().sha256();
        if (sha == null) {
            return true;
        }
        KlineStore store;
        try {
            store = p.session() != null ? p.session().store : storeFor(SourceName.parse(Path.of(p.path()).getFileName().toString()));
        } catch (IngestRejectedException e) {
            return true; // refused for its name or symbol: nothing about the store changes that
        }
        return store.offsets().findFile(sha) == null;
    }

    /** The outcome of a file read ahead that stands: its commit, or its refusal. */
    public IngestOutcome finish(Prepared p) throws IOException {
        return p.refusal() != null ? p.refusal() : commit(p.session());
    }

    /** Releases what a file read ahead holds (it is ingested from the start instead); returns its path. */
    public String discard(Prepared p) {
        if (p.session() != null) {
            p.session().close();
        }
        return p.path();
    }

    /** Streams the CSV in batches of whole lines (none when the file was ingested before). */
    public Iterator<LineBatch> batches(IngestSession s) {
        if (s.already != null || s.deferred) {
            return java.util.Collections.emptyIterator();
        }
        if (s.reading != null) {
            s.readAhead = s.reading.batches();
            return s.readAhead;
        }
        InputStream in = s.csv;
        LineBatchReader reader = new LineBatchReader(in, settings.linesPerBatch(), settings.maxLineBytes(), s.fileName());
        // inflating (or reading) runs a few batches ahead on its own thread; the session stops it before it closes
        s.readAhead = new ReadAhead(reader, READ_AHEAD_BATCHES, s.fileName());
        return s.readAhead;
    }

    public void parse(IngestSession s, LineBatch batch) throws IOException {
        s.parser.parse(batch, s.rows);
        if (s.rawCopy != null) {
            s.rawCopy.write(batch.data(), 0, batch.length());
        }
        if (s.pagesAhead != null) {
            s.pagesAhead.advance();
        }
    }

    /** Merges the parsed rows into the month file and offsets.json (atomically); returns the outcome. */
    public IngestOutcome commit(IngestSession s) throws IOException {
        try (s) {
            if (s.already != null) {
                return s.already;
            }
            if (s.rows.size() == 0) {
                throw IngestRejectedException.of(RejectCode.EMPTY, s.fileName(), "no kline rows in the file");
            }
            // the raw copy is published before the merge: a crash in between leaves a copy of a file that is
            // simply ingested again, never ingested data without its copy
            Path raw = null;
            Path previous = null; // the copy kept before under this name, until the merge stands
            if (s.rawCopy != null) {
                s.rawCopy.close();
                s.rawCopy = null;
                raw = rawCsvDir(s.store).resolve(s.name.baseName() + ".csv");
                if (Files.exists(raw)) {
                    previous = AtomicFiles.tempSibling(raw);
                    Files.copy(raw, previous);
                }
                AtomicFiles.moveAtomically(s.rawCopyTmp, raw);
                s.rawCopyTmp = null;
            }
            MergeResult r;
            try {
                r = s.store.merge(new MergeRequest(s.recordedName(), s.recordedSha256(), s.recordedSource(),
                        s.name.month(), s.name.periodStart().toEpochMilli(), s.name.periodEnd().toEpochMilli(), s.rows,
                        s.replace, s.readAhead.sha256Hex()), s.pagesAhead);
            } catch (RuntimeException | IOException e) {
                // a refused file leaves the copies as they were: its own goes, the one it replaced comes back
                if (previous != null) {
                    AtomicFiles.moveAtomically(previous, raw);
                } else if (raw != null) {
                    Files.deleteIfExists(raw);
                }
                throw e;
            }
            if (previous != null) {
                Files.deleteIfExists(previous);
            }
            return new IngestOutcome(IngestOutcome.Status.INGESTED, s.fileName(), s.sha256, r.month(),
                    s.parser.timeUnit(), r.rowsRead(), r.added(), r.duplicates(), r.replaced(), r.monthRows(), null,
                    r.rebuild());
        }
    }

    /** Turns the error that stopped an ingest into a refusal value and releases the session. */
    public IngestOutcome fail(IngestSession s, String path, Throwable error) {
        if (s != null) {
            s.close();
        }
        String fileName = Path.of(path).getFileName().toString();
        Rejection r = toRejection(fileName, unwrap(error));
        if (r.sha256() == null) {
            r = r.withSha256(s != null ? s.sha256 : shaOrNull(Path.of(path)));
        }
        return IngestOutcome.rejected(r);
    }

    private Rejection toRejection(String fileName, Throwable e) {
        if (e instanceof IngestRejectedException ire) {
            return ire.rejection();
        }
        if (e instanceof MergeConflictException mce) {
            return new Rejection(mce.withinFile() ? RejectCode.DUPLICATE_CONFLICT : RejectCode.CONFLICT, mce.getMessage(),
                    fileName, 0, "open_time", null, Instant.now(clock));
        }
        if (e instanceof StoreNotWritableException snw) {
            return new Rejection(RejectCode.STORE_NOT_WRITABLE, snw.getMessage(), fileName, 0, null, null,
                    Instant.now(clock));
        }
        if (e instanceof java.util.zip.ZipException) {
            return new Rejection(RejectCode.ZIP_CORRUPT, "corrupt archive (" + e.getMessage() + ")", fileName, 0, null,
                    null, Instant.now(clock));
        }
        Throwable error = causeOfType(e, Error.class);
        if (error != null) {
            return new Rejection(RejectCode.INTERNAL_ERROR, "unexpected " + describe(error) + " while reading this file",
                    fileName, 0, null, null, Instant.now(clock));
        }
        Throwable io = causeOfType(e, IOException.class);
        if (io != null) {
            return new Rejection(RejectCode.IO_ERROR, describe(io), fileName, 0, null, null, Instant.now(clock));
        }
        return new Rejection(RejectCode.INTERNAL_ERROR, "unexpected " + describe(e), fileName, 0, null, null,
                Instant.now(clock));
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static Throwable causeOfType(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    /** The most specific known cause in the chain (frameworks wrap what the steps throw). */
    private static Throwable unwrap(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IngestRejectedException || t instanceof MergeConflictException
                    || t instanceof StoreNotWritableException || t instanceof java.util.zip.ZipException) {
                return t;
            }
        }
        Throwable t = e;
        while (t instanceof UncheckedIOException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String shaOrNull(Path file) {
        try {
            return Hashes.sha256(file);
        } catch (IOException e) {
            return null;
        }
    }
}
