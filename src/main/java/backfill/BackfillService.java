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
import java.util.regex.Pattern;
import storage.Hashes;
import storage.KlineStore;
import storage.Offsets;

/**
 * Decides what to download and in which order: complete months as monthly archives (falling back to daily
 * archives while a month is not published), the current month as daily archives of complete days. Every
 * archive is verified against Binance's CHECKSUM before the ingest route sees it; archives already ingested
 * with Binance's current checksum are not downloaded again; a changed checksum (a re-upload) is downloaded and
 * replaces the stored rows of its period.
 */
public final class BackfillService {
    private static final Pattern SHA = Pattern.compile("\\s*([0-9a-fA-F]{64})(\\s+\\S+)?\\s*");

    private final KlineStore store;
    private final BackfillSettings settings;
    private final Clock clock;
    private final BackfillPorts ports;
    private final RunFolders runFolders;

    public BackfillService(KlineStore store, BackfillSettings settings, Clock clock, BackfillPorts ports) {
        this.store = store;
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

    public BackfillReport run(BackfillRequest request, BackfillProgress progress) throws IOException {
        if (!request.symbol().equals(store.symbol())) {
            throw new IllegalArgumentException("this store holds " + store.symbol() + ", not " + request.symbol());
        }
        removeLeftovers();
        Run run = new Run(request, progress == null ? new LoggingProgress() : progress);
        try {
            return run(run, request);
        } finally {
            run.cleanUp();
        }
    }

    private BackfillReport run(Run run, BackfillRequest request) throws IOException {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        YearMonth current = YearMonth.from(today);
        for (YearMonth m = request.from(); !m.isAfter(request.to()) && !m.isAfter(current); m = m.plusMonths(1)) {
            run.planned++;
        }
        for (YearMonth m = request.from(); !m.isAfter(request.to()) && !m.isAfter(current); m = m.plusMonths(1)) {
            if (m.equals(current)) {
                run.planned--;
                days(run, m, today.minusDays(1));
            } else {
                month(run, m, today.minusDays(1));
            }
        }
        long restAdded = 0;
        List<String> gapsLeft = List.of();
        boolean rest = request.restGapFill() != null ? request.restGapFill() : settings.restGapFill();
        if (rest) {
            RestGapFiller filler = new RestGapFiller(store, ports, clock, settings.restMaxRequests(),
                    request.restBaseUrl() != null ? request.restBaseUrl() : settings.restBaseUrl(), run.workDir());
            RestGapFiller.Result r = filler.fill(request.from(), request.to());
            restAdded = r.rowsAdded();
            gapsLeft = r.gapsLeft();
            run.files.addAll(r.files());
        }
        return new BackfillReport(List.copyOf(run.files), List.copyOf(run.notPublished), restAdded, gapsLeft, run.bytes,
                System.currentTimeMillis() - run.startedAt);
    }

    private void month(Run run, YearMonth month, LocalDate lastCompleteDay) throws IOException {
        VisionFile file = VisionFile.month(store.symbol(), month);
        run.progress.started(file.fileName(), run.done, run.planned);
        Optional<String> expected = checksum(run, file);
        if (expected.isEmpty()) {
            if (run.result(file, missingChecksum(run, file))) {
                return;
            }
            run.planned--; // the month becomes its days
            LocalDate last = month.atEndOfMonth().isAfter(lastCompleteDay) ? lastCompleteDay : month.atEndOfMonth();
            days(run, month, last);
            return;
        }
        Offsets offsets = store.offsets();
        Offsets.FileEntry recorded = recorded(offsets, month, file.fileName());
        if (recorded != null && recorded.sha256().equals(expected.get())) {
            run.finish(new FileResult(file.fileName(), FileResult.Status.UP_TO_DATE, 0, null));
            return;
        }
        // a re-upload replaces its month; a monthly archive also supersedes daily or REST rows of its month
        Offsets.MonthEntry stored = offsets.months().get(month.toString());
        boolean replace = recorded != null || (stored != null && stored.rows() > 0);
        run.finish(downloadAndIngest(run, file, expected.get(), replace));
    }

    private void days(Run run, YearMonth month, LocalDate lastDay) throws IOException {
        for (LocalDate d = month.atDay(1); !d.isAfter(lastDay); d = d.plusDays(1)) {
            run.planned++;
        }
        for (LocalDate d = month.atDay(1); !d.isAfter(lastDay); d = d.plusDays(1)) {
            VisionFile file = VisionFile.day(store.symbol(), d);
            run.progress.started(file.fileName(), run.done, run.planned);
            Optional<String> expected = checksum(run, file);
            if (expected.isEmpty()) {
                if (!run.result(file, missingChecksum(run, file))) {
                    run.notPublished.add(d);
                    run.finish(new FileResult(file.fileName(), FileResult.Status.NOT_PUBLISHED, 0, "not published yet"));
                }
                continue;
            }
            Offsets.FileEntry recorded = recorded(store.offsets(), month, file.fileName());
            if (recorded != null && recorded.sha256().equals(expected.get())) {
                run.finish(new FileResult(file.fileName(), FileResult.Status.UP_TO_DATE, 0, null));
                continue;
            }
            run.finish(downloadAndIngest(run, file, expected.get(), recorded != null));
        }
    }

    /** Binance's checksum, or empty when the CHECKSUM is 404. A failed request is recorded as FAILED. */
    private Optional<String> checksum(Run run, VisionFile file) {
        Optional<String> text;
        try {
            text = ports.fetchText(file.checksumUrl(run.baseUrl()));
        } catch (BackfillPorts.FetchFailedException e) {
            run.pendingFailure = new FileResult(file.fileName(), FileResult.Status.FAILED, 0, e.getMessage());
            return Optional.empty();
        }
        if (text.isEmpty()) {
            return text;
        }
        Matcher m = SHA.matcher(text.get());
        if (!m.matches()) {
            run.pendingFailure = new FileResult(file.fileName(), FileResult.Status.REFUSED, 0,
                    "CHECKSUM_UNREADABLE: " + file.checksumUrl(run.baseUrl()) + " is not '<sha256>  <file>'");
            return Optional.empty();
        }
        return Optional.of(m.group(1).toLowerCase(Locale.ROOT));
    }

    /** The SHA-256 in a CHECKSUM file's text ({@code <sha256>  <file>}), lower case; null when there is none. */
    static String checksumOf(String text) {
        Matcher m = text == null ? null : SHA.matcher(text);
        return m != null && m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }

    /**
     * After an empty checksum: a failure recorded by {@link #checksum}, or a ZIP published without its CHECKSUM
     * (refused: it cannot be verified), or null when the archive is simply not published.
     */
    private FileResult missingChecksum(Run run, VisionFile file) {
        if (run.pendingFailure != null) {
            FileResult f = run.pendingFailure;
            run.pendingFailure = null;
            return f;
        }
        try {
            if (ports.exists(file.zipUrl(run.baseUrl()))) {
                return new FileResult(file.fileName(), FileResult.Status.REFUSED, 0,
                        "CHECKSUM_MISSING: the archive is published without its .CHECKSUM, so it cannot be verified");
            }
        } catch (BackfillPorts.FetchFailedException e) {
            return new FileResult(file.fileName(), FileResult.Status.FAILED, 0, e.getMessage());
        }
        return null;
    }

    /** Downloads (twice at most when the checksum does not match), verifies, ingests. */
    private FileResult downloadAndIngest(Run run, VisionFile file, String expectedSha, boolean replace) throws IOException {
        Path target = run.workDir().resolve(file.fileName());
        long bytes = 0;
        String actual = null;
        for (int attempt = 1; attempt <= 2; attempt++) {
            long n;
            try {
                n = ports.download(file.zipUrl(run.baseUrl()), target);
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
            IngestOutcome outcome = ports.ingest(target, replace, "archive");
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
    private Offsets.FileEntry recorded(Offsets offsets, YearMonth month, String name) throws IOException {
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
        final BackfillProgress progress;
        final List<FileResult> files = new ArrayList<>();
        final List<LocalDate> notPublished = new ArrayList<>();
        final long startedAt = System.currentTimeMillis();
        int planned;
        int done;
        long bytes;
        FileResult pendingFailure;
        private Path workDir;

        Run(BackfillRequest request, BackfillProgress progress) {
            this.request = request;
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

        /** Records {@code r} when not null; returns whether it did. */
        boolean result(VisionFile file, FileResult r) {
            if (r == null) {
                return false;
            }
            finish(r);
            return true;
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
