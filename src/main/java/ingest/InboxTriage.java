package ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import storage.Hashes;

/**
 * Decides, for every entry the inbox watcher sees, whether it is taken now or waits, so that no file is left in
 * the inbox without an outcome or a reason. Taken: every file except those below (unknown names are taken and
 * refused as {@code BAD_FILE_NAME}). Waiting, each reported once in the log: a {@code <archive>.CHECKSUM} while its
 * archive is absent, up to {@code orphanAfter} (then it is taken and refused as {@code ORPHAN_CHECKSUM}); files
 * with a temporary name ({@code .part}, {@code .partial}, {@code .tmp}, {@code .crdownload}, {@code .download})
 * until renamed; sub-folders, which are never read. A CHECKSUM whose archive is present travels with the archive.
 * Names starting with '.' are hidden and never shown to the triage.
 */
public final class InboxTriage {
    private static final Logger LOG = LoggerFactory.getLogger(InboxTriage.class);
    private static final Set<String> TEMPORARY = Set.of(".part", ".partial", ".tmp", ".crdownload", ".download");
    /** How often entries that left the inbox are forgotten (and reported again should they come back). */
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

    private final Clock clock;
    private final Duration orphanAfter;
    /** Waiting entries already reported -> when first seen. */
    private final Map<Path, Instant> waiting = new HashMap<>();
    private Instant lastPrune = Instant.EPOCH;

    public InboxTriage(Clock clock, Duration orphanAfter) {
        this.clock = clock;
        this.orphanAfter = orphanAfter;
    }

    /** True when the watcher should take this entry now; false when it waits (reported once). */
    public synchronized boolean take(Path entry, boolean directory) {
        Instant now = clock.instant();
        prune(now);
        String name = entry.getFileName().toString();
        if (directory) {
            report(entry, now, "inbox: sub-folder {}/ is not read (files in sub-folders are never ingested);"
                    + " move its files into the inbox itself", name);
            return false;
        }
        if (isChecksum(name)) {
            Path archive = entry.resolveSibling(checkedName(name));
            if (Files.exists(archive)) {
                waiting.remove(entry);
                return false; // settled together with its archive
            }
            Instant first = report(entry, now, "inbox: {} waits for its archive {} (up to {}), then goes to .failed"
                    + " as ORPHAN_CHECKSUM", name, archive.getFileName(), orphanWait());
            return !now.isBefore(first.plus(orphanAfter));
        }
        String lower = name.toLowerCase(Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        if (dot > 0 && TEMPORARY.contains(lower.substring(dot))) {
            report(entry, now, "inbox: {} has a temporary name and waits until it is renamed", name);
            return false;
        }
        return true;
    }

    /**
     * Whether the inbox file is a Binance {@code <archive>.CHECKSUM} or the {@code <export>.sha256} beside one of our
     * exports (taken only once orphaned).
     */
    public boolean isChecksum(String path) {
        String name = Path.of(path).getFileName().toString();
        return name.endsWith(ChecksumFile.SUFFIX) || name.endsWith(ChecksumFile.SHA256_SUFFIX);
    }

    /** The name of the file a checksum file is for. */
    private static String checkedName(String checksumName) {
        int cut = checksumName.endsWith(ChecksumFile.SUFFIX) ? ChecksumFile.SUFFIX.length()
                : ChecksumFile.SHA256_SUFFIX.length();
        return checksumName.substring(0, checksumName.length() - cut);
    }

    /** The refusal of a CHECKSUM whose archive did not arrive in time. */
    public IngestOutcome orphan(String path) {
        Path file = Path.of(path);
        String name = file.getFileName().toString();
        String archive = checkedName(name);
        synchronized (this) {
            waiting.remove(file);
        }
        return IngestOutcome.rejected(new Rejection(RejectCode.ORPHAN_CHECKSUM, "no archive " + archive
                + " arrived within " + orphanWait() + " (app.inbox.orphan-checksum-ms); a CHECKSUM is"
                + " only read with its archive", name, 0, null, sha256OrNull(file), clock.instant()));
    }

    private String orphanWait() {
        long ms = orphanAfter.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    /** Logs the first time an entry is seen waiting; returns when it was first seen. */
    private Instant report(Path entry, Instant now, String format, Object... args) {
        Instant first = waiting.get(entry);
        if (first == null) {
            first = now;
            waiting.put(entry, first);
            LOG.info(format, args);
        }
        return first;
    }

    private void prune(Instant now) {
        if (now.isBefore(lastPrune.plus(PRUNE_EVERY))) {
            return;
        }
        lastPrune = now;
        waiting.keySet().removeIf(p -> !Files.exists(p));
    }

    private static String sha256OrNull(Path file) {
        try {
            return Hashes.sha256(file);
        } catch (IOException e) {
            return null;
        }
    }
}
