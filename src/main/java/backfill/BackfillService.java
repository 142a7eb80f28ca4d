package backfill;

import ingest.ChecksumFile;
import ingest.IngestOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import storage.Hashes;
import storage.KlineStore;
import storage.Offsets;

/**
 * Decides what to download and in which order: complete months as monthly archives (falling back to daily
 * archives while a month is not published), the current month as daily archives of complete days. The whole list
 * is planned before the first download (so progress counts up to a fixed total). Every archive is verified against
 * Binance's CHECKSUM before the ingest route sees it; archives already ingested with Binance's current checksum are
 * not downloaded again; a changed checksum (a re-upload) is downloaded and replaces the stored rows of its period.
 * A host that cannot be reached ends the run at once (the rest waits for the next run), and so does {@link #stop}.
 */
public final class BackfillService {
    private static final Pattern SHA = Pattern.compile("\\s*([0-9a-fA-F]{64})(\\s+\\S+)?\\s*");

    /** The default symbol's store (the timer's and the CLI's when they name none). */
    private final KlineStore store;
    /** Every symbol's store, or null: this service fills {@link #store} only. */
    private final storage.KlineStores stores;
    private final BackfillSettings settings;
    private final Clock clock;
    private final BackfillPorts ports;
    private final RunFolders runFolders;
    private final BackfillRuns runs;
    private volatile boolean stopping;

    public BackfillService(KlineStore store, BackfillSettings settings, Clock clock, BackfillPorts ports) {
        this(store, settings, clock, ports, new BackfillRuns(Clock.systemUTC()));
    }

    /** @param runs the one-run-at-a-time guard and status this service shares with the REST API */
    public BackfillService(KlineStore store, BackfillSettings settings, Clock clock, BackfillPorts ports,
                           BackfillRuns runs) {
        this(store, null, settings, clock, ports, runs);
    }

    /** Fills any symbol {@code stores} accepts ({@code app.symbols}), each into its own store. */
    public BackfillService(storage.KlineStores stores, BackfillSettings settings, Clock clock, BackfillPorts ports,
                           BackfillRuns runs) {
        this(stores.defaultStore(), stores, settings, clock, ports, runs);
    }

    private BackfillService(KlineStore store, storage.KlineStores stores, BackfillSettings settings, Clock clock,
                            BackfillPorts ports, BackfillRuns runs) {
        this.runs = runs;
        this.store = store;
        this.stores = stores;
        this.settings = settings;
        this.clock = clock;
        this.ports = ports;
        this.runFolders = new RunFolders(settings.downloadDir());
    }

    /** Removes the download folders of runs killed before they could (start-up does this; so does every run). */
    public List<String> removeLeftovers() {
        return runFolders.removeDead();
    }

    /** The request the timer sends: the last {@code months} complete months plus the current month. */
    public BackfillRequest timerRequest(int months) {
        return BackfillRequest.lastMonths(store.symbol(), months, YearMonth.now(clock.withZone(ZoneOffset.UTC)));
    }

    /**
     * The timer's requests, one per symbol in turn: every listed symbol of {@code app.symbols} (with {@code *}, every
     * symbol with a folder in the store too), the default one first.
     */
    public List<BackfillRequest> timerRequests(int months) throws IOException {
        List<String> symbols = stores == null ? List.of(store.symbol())
                : stores.symbols().any() ? stores.known() : stores.symbols().listed();
        List<BackfillRequest> requests = new ArrayList<>();
        for (String symbol : symbols.isEmpty() ? List.of(store.symbol()) : symbols) {
            requests.add(BackfillRequest.lastMonths(symbol, months, YearMonth.now(clock.withZone(ZoneOffset.UTC))));
        }
        return requests;
    }

    /** The store a request of {@code symbol} fills; refused when the store does not accept the symbol. */
    public KlineStore storeFor(String symbol) {
        if (stores == null) {
            if (!symbol.equals(store.symbol())) {
                throw new IllegalArgumentException("this store holds " + store.symbol() + ", not " + symbol);
            }
            return store;
        }
        if (!stores.accepts(symbol)) {
            throw new IllegalArgumentException("this store does not hold " + symbol + " (app.symbols="
                    + stores.symbols() + ")");
        }
        return stores.store(symbol);
    }

    /**
     * The process is stopping: a run in progress ends before its next request (the request in flight is aborted by
     * the HTTP port, and what it fails with is not reported as a failure), and a run asked for now ends at once.
     */
    public void stop() {
        stopping = true;
    }

    public BackfillReport run(BackfillRequest request, BackfillProgress progress) throws IOException {
        return run(request, progress, null);
    }

    /**
     * A run; {@code reserved} is the ticket the REST API reserved for it (null: the run reserves its own, as the timer's
     * and the CLI's do). A run asked for while another one runs is refused with {@link BackfillBusyException}.
     */
    public BackfillReport run(BackfillRequest request, BackfillProgress progress, BackfillRuns.Ticket reserved)
            throws IOException {
        BackfillRuns.Ticket ticket = reserved != null ? reserved
                : runs.reserve(BackfillRuns.Source.TIMER, request.from(), request.to());
        long rowsBefore = 0;
        BackfillReport report = null;
        Throwable failure = null;
        KlineStore target = null;
        try {
            target = storeFor(request.symbol());
            rowsBefore = target.offsets().rows();
            removeLeftovers();
            Run run = new Run(request, target,
                    BackfillRuns.tracking(ticket, progress == null ? new LoggingProgress() : progress));
            try {
                report = run(run, request);
            } finally {
                run.cleanUp();
            }
            return report;
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            runs.finish(ticket, report, failure, report == null ? 0 : rowsAfter(target) - rowsBefore);
        }
    }

    /** Stored rows now (0 when offsets.json cannot be read: the status then shows no rows added). */
    private static long rowsAfter(KlineStore store) {
        try {
            return store.offsets().rows();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The guard and status of this process's runs. */
    public BackfillRuns runs() {
        return runs;
    }

    private BackfillReport run(Run run, BackfillRequest request) throws IOException {
        long restAdded = 0;
        List<String> gapsLeft = List.of();
        BackfillReport.Stop stop = null;
        try {
            List<Planned> plan = plan(run, request);
            run.planned = plan.size();
            for (Planned p : plan) {
                fetch(run, p);
                run.left--;
            }
            boolean rest = request.restGapFill() != null ? request.restGapFill() : settings.restGapFill();
            if (rest) {
                RestGapFiller filler = new RestGapFiller(run.store, guarded(), clock, settings.restMaxRequests(),
                        request.restBaseUrl() != null ? request.restBaseUrl() : settings.restBaseUrl(), run.workDir());
                RestGapFiller.Result r = filler.fill(request.from(), request.to());
                restAdded = r.rowsAdded();
                gapsLeft = r.gapsLeft();
                run.files.addAll(r.files());
            }
        } catch (BackfillPorts.HostUnreachableException e) {
            stop = new BackfillReport.Stop(false, e.getMessage(), run.left);
        } catch (Stopping e) {
            stop = new BackfillReport.Stop(true, "the process is stopping", run.left);
        }
        if (stop != null) {
            run.progress.stopped(stop);
        }
        return new BackfillReport(List.copyOf(run.files), List.copyOf(run.notPublished), restAdded, gapsLeft, run.bytes,
                System.currentTimeMillis() - run.startedAt, stop);
    }

    /** One archive of a run's plan; a month's CHECKSUM is known ({@code sha}) or its fate is ({@code verdict}). */
    private record Planned(VisionFile file, String sha, FileResult verdict) {
    }

    /**
     * Every archive of the run, before any is downloaded, so that progress counts up to a total that does not move:
     * each complete month's CHECKSUM decides whether it is one monthly archive or (not published yet) its days.
     */
    private List<Planned> plan(Run run, BackfillRequest request) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate lastCompleteDay = today.minusDays(1);
        YearMonth current = YearMonth.from(today);
        YearMonth last = request.to().isAfter(current) ? current : request.to();
        for (YearMonth m = request.from(); !m.isAfter(last); m = m.plusMonths(1)) {
            run.left += m.equals(current) ? days(run, m, lastCompleteDay).size() : 1;
        }
        List<Planned> plan = new ArrayList<>();
        for (YearMonth m = request.from(); !m.isAfter(last); m = m.plusMonths(1)) {
            if (m.equals(current)) {
                plan.addAll(days(run, m, lastCompleteDay));
                continue;
            }
            VisionFile file = VisionFile.month(run.store.symbol(), m);
            Checksum checksum = checksum(run, file);
            if (checksum.sha() != null || checksum.verdict() != null) {
                plan.add(new Planned(file, checksum.sha(), checksum.verdict()));
                continue;
            }
            FileResult refused = publishedWithoutChecksum(run, file);
            if (refused != null) {
                plan.add(new Planned(file, null, refused));
                continue;
            }
            LocalDate end = m.atEndOfMonth().isAfter(lastCompleteDay) ? lastCompleteDay : m.atEndOfMonth();
            List<Planned> days = days(run, m, end); // not published yet: the month becomes its days
            plan.addAll(days);
            run.left += days.size() - 1;
        }
        return plan;
    }

    private static List<Planned> days(Run run, YearMonth month, LocalDate lastDay) {
        List<Planned> days = new ArrayList<>();
        for (LocalDate d = month.atDay(1); !d.isAfter(lastDay); d = d.plusDays(1)) {
            days.add(new Planned(VisionFile.day(run.store.symbol(), d), null, null));
        }
        return days;
    }

    /** Fetches one planned archive unless it is up to date, verifies and ingests it; records its fate. */
    private void fetch(Run run, Planned p) throws IOException {
        VisionFile file = p.file();
        run.progress.started(file.fileName(), run.done, run.planned);
        if (p.verdict() != null) {
            run.finish(p.verdict());
            return;
        }
        String sha = p.sha();
        if (file.daily()) {
            Checksum checksum = checksum(run, file);
            if (checksum.verdict() != null) {
                run.finish(checksum.verdict());
                return;
            }
            if (checksum.sha() == null) {
                FileResult refused = publishedWithoutChecksum(run, file);
                if (refused == null) {
                    run.notPublished.add(file.day());
                    refused = new FileResult(file.fileName(), FileResult.Status.NOT_PUBLISHED, 0, "not published yet");
                }
                run.finish(refused);
                return;
            }
            sha = checksum.sha();
        }
        Offsets offsets = run.store.offsets();
        Offsets.FileEntry recorded = recorded(run.store, offsets, file.month(), file.fileName());
        if (recorded != null && recorded.sha256().equals(sha)) {
            run.finish(new FileResult(file.fileName(), FileResult.Status.UP_TO_DATE, 0, null));
            return;
        }
        // a re-upload replaces its period; a monthly archive also supersedes daily or REST rows of its month
        Offsets.MonthEntry stored = offsets.months().get(file.month().toString());
        boolean replace = recorded != null || !file.daily() && stored != null && stored.rows() > 0;
        run.finish(downloadAndIngest(run, file, sha, replace));
    }

    /** Binance's checksum ({@code sha}), a failure or refusal ({@code verdict}), or neither: the CHECKSUM is 404. */
    private record Checksum(String sha, FileResult verdict) {
    }

    private Checksum checksum(Run run, VisionFile file) {
        Optional<String> text;
        try {
            text = guarded(() -> ports.fetchText(file.checksumUrl(run.baseUrl())));
        } catch (BackfillPorts.FetchFailedException e) {
            return new Checksum(null, new FileResult(file.fileName(), FileResult.Status.FAILED, 0, e.getMessage()));
        }
        if (text.isEmpty()) {
            return new Checksum(null, null);
        }
        String sha = checksumOf(text.get());
        if (sha == null) {
            return new Checksum(null, new FileResult(file.fileName(), FileResult.Status.REFUSED, 0,
                    "CHECKSUM_UNREADABLE: " + file.checksumUrl(run.baseUrl()) + " is not '<sha256>  <file>'"));
        }
        return new Checksum(sha, null);
    }

    /** The SHA-256 in a CHECKSUM file's text ({@code <sha256>  <file>}), lower case; null when there is none. */
    static String checksumOf(String text) {
        Matcher m = text == null ? null : SHA.matcher(text);
        return m != null && m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }

    /**
     * After a CHECKSUM answered 404: a ZIP published without its CHECKSUM is refused (it cannot be verified); null when
     * the archive is simply not published (yet).
     */
    private FileResult publishedWithoutChecksum(Run run, VisionFile file) {
        try {
            if (guarded(() -> ports.exists(file.zipUrl(run.baseUrl())))) {
                return new FileResult(file.fileName(), FileResult.Status.REFUSED, 0,
                        "CHECKSUM_MISSING: the archive is published without its .CHECKSUM, so it cannot be verified");
            }
        } catch (BackfillPorts.FetchFailedException e) {
            return new FileResult(file.fileName(), FileResult.Status.FAILED, 0, e.getMessage());
        }
        return null;
    }

    /**
     * Calls a port unless the process is stopping; a call that fails while it is stopping was aborted for that
     * reason, and ends the run instead of being recorded as a failure.
     */
    private <T> T guarded(Supplier<T> call) {
        if (stopping) {
            throw new Stopping();
        }
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (stopping && !(e instanceof BackfillPorts.HostUnreachableException)) {
                throw new Stopping();
            }
            throw e;
        }
    }

    /** The ports as REST gap fill sees them: every call {@link #guarded}. */
    private BackfillPorts guarded() {
        return new BackfillPorts() {
            @Override
            public Optional<String> fetchText(String url) {
                return guarded(() -> ports.fetchText(url));
            }

            @Override
            public boolean exists(String url) {
                return guarded(() -> ports.exists(url));
            }

            @Override
            public long download(String url, Path file) {
                return guarded(() -> ports.download(url, file));
            }

            @Override
            public IngestOutcome ingest(Path file, boolean replace, String source) {
                return guarded(() -> ports.ingest(file, replace, source));
            }

            @Override
            public IngestOutcome restore(Path rawCopy, Offsets.FileEntry original, boolean replace) {
                return guarded(() -> ports.restore(rawCopy, original, replace));
            }
        };
    }

    /** Ends a run because the process is stopping (no stack trace: it is no error). */
    private static final class Stopping extends RuntimeException {
        Stopping() {
            super("the process is stopping", null, false, false);
        }
    }

    /** Downloads (twice at most when the checksum does not match), verifies, ingests. */
    private FileResult downloadAndIngest(Run run, VisionFile file, String expectedSha, boolean replace) throws IOException {
        Path target = run.workDir().resolve(file.fileName());
        long bytes = 0;
        String actual = null;
        for (int attempt = 1; attempt <= 2; attempt++) {
            long n;
            try {
                n = guarded(() -> ports.download(file.zipUrl(run.baseUrl()), target));
            } catch (BackfillPorts.FetchFailedException e) {
                return new FileResult(file.fileName(), FileResult.Status.FAILED, bytes, e.getMessage());
            }
            if (n < 0) {
                return new FileResult(file.fileName(), FileResult.Status.FAILED, bytes,
                        "CHECKSUM published but the archive answered 404");
            }
            bytes += n;
            run.bytes += n;
            actual = Hashes.sha256(target);
            if (actual.equals(expectedSha)) {
                break;
            }
        }
        try {
            if (!expectedSha.equals(actual)) {
                return new FileResult(file.fileName(), FileResult.Status.REFUSED, bytes, "CHECKSUM_MISMATCH: downloaded twice, "
                        + "SHA-256 " + actual + " but Binance's CHECKSUM says " + expectedSha);
            }
            // the ingest route verifies the CHECKSUM sibling once more, on the very bytes it parses
            Files.writeString(ChecksumFile.siblingOf(target), expectedSha + "  " + file.fileName() + "\n",
                    StandardCharsets.US_ASCII);
            IngestOutcome outcome = guarded(() -> ports.ingest(target, replace, "archive"));
            return new FileResult(file.fileName(), outcome.ok() ? FileResult.Status.INGESTED : FileResult.Status.REFUSED,
                    bytes, outcome.summary());
        } finally {
            Files.deleteIfExists(target);
            Files.deleteIfExists(ChecksumFile.siblingOf(target));
        }
    }

    /**
     * The archive as offsets.json records it for the month; null when it is not recorded, or when the month's file is
     * missing or is not the recorded one (then what is recorded is not in the store: it is downloaded again, and the
     * ingest rebuilds the month).
     */
    private static Offsets.FileEntry recorded(KlineStore store, Offsets offsets, YearMonth month, String name)
            throws IOException {
        return store.damage(month).isPresent() ? null : latest(offsets, month, name);
    }

    private static Offsets.FileEntry latest(Offsets offsets, YearMonth month, String name) {
        Offsets.MonthEntry m = offsets.months().get(month.toString());
        if (m == null) {
            return null;
        }
        Offsets.FileEntry found = null;
        for (Offsets.FileEntry f : m.files()) {
            if (f.name().equals(name)) {
                found = f;
            }
        }
        return found;
    }

    /** Mutable state of one run. */
    private final class Run {
        final BackfillRequest request;
        /** The store of the request's symbol. */
        final KlineStore store;
        final BackfillProgress progress;
        final List<FileResult> files = new ArrayList<>();
        final List<LocalDate> notPublished = new ArrayList<>();
        final long startedAt = System.currentTimeMillis();
        int planned;
        int done;
        /** archives not tried yet (a month not planned yet counts as one) */
        int left;
        long bytes;
        private Path workDir;

        Run(BackfillRequest request, KlineStore store, BackfillProgress progress) {
            this.request = request;
            this.store = store;
            this.progress = progress;
        }

        String baseUrl() {
            return request.baseUrl() != null ? request.baseUrl() : settings.baseUrl();
        }

        Path workDir() {
            if (workDir == null) {
                try {
                    workDir = runFolders.create();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return workDir;
        }

        void finish(FileResult r) {
            files.add(r);
            done++;
            double seconds = Math.max(1e-3, (System.currentTimeMillis() - startedAt) / 1e3);
            progress.finished(r, done, Math.max(planned, done), bytes, bytes / seconds);
        }

        void cleanUp() throws IOException {
            if (workDir != null) {
                try (var left = Files.list(workDir)) {
                    for (Path p : left.toList()) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.deleteIfExists(workDir);
            }
        }
    }
}
