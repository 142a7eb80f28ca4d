package ingest;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An archive inflated and cut into line batches on a thread of its own from the moment its bytes are read - while the
 * route's thread hashes them, compares the hash with the CHECKSUM and reads offsets.json - instead of after those
 * checks. Nothing it reads is used before they pass: the batches are taken only by the parse that follows them, a
 * refusal of the archive itself (corrupt, wrong entry, too large) is met at the first batch (so a checksum mismatch is
 * still what a file with both is refused for), and a file those checks stop or find ingested before stops it unread
 * beyond what was inflated meanwhile ({@link #close}).
 */
final class ZipReading implements AutoCloseable {
    private final ReadAhead batches;
    /** Set by the reading thread once the archive is open; read after {@link ReadAhead#close} has joined it. */
    private volatile SafeZip zip;

    ZipReading(Path file, SourceName name, IngestSettings settings, byte[] archive, int depth) {
        this.batches = new ReadAhead(() -> {
            SafeZip z = SafeZip.open(file, name, settings.zipLimits(), archive);
            zip = z;
            return new LineBatchReader(z.csv(), settings.linesPerBatch(), settings.maxLineBytes(), name.fileName());
        }, depth, name.fileName());
    }

    /** The batches, read ahead: the same batches and refusals the archive gives when opened at the session's start. */
    ReadAhead batches() {
        return batches;
    }

    /** The archive, once the reading thread has opened it (null before, and after {@link #close}). */
    SafeZip zip() {
        return zip;
    }

    /** Stops the reading thread (waiting for it) and closes the archive. */
    @Override
    public void close() {
        batches.close();
        SafeZip z = zip;
        zip = null;
        if (z != null) {
            try {
                z.csv().close();
            } catch (IOException ignored) {
                // best effort: the session is over
            }
            z.close();
        }
    }
}
