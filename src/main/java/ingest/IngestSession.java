package ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import storage.KlineColumns;
import storage.Offsets;

/** State of one file being ingested, carried across the split exchanges of the ingest route. */
public final class IngestSession implements AutoCloseable {
    /** The store of the file's symbol. */
    final storage.KlineStore store;
    final Path file;
    final SourceName name;
    final String sha256;
    final boolean replace;
    final KlineRowParser parser;
    final KlineColumns rows = new KlineColumns(45_000);
    final IngestOutcome already;
    final String source;
    /** The recorded file this one stands in for (a raw CSV copy restoring it), or null. */
    final Offsets.FileEntry recordAs;
    /** Opened ahead of its turn and found in offsets.json: nothing read, the file is ingested at its turn. */
    boolean deferred;
    /** The archive's bytes as read for its SHA-256 (null: read from the file), until the ZIP is opened. */
    byte[] archive;
    SafeZip zip;
    InputStream csv;
    /** Reads {@link #csv} ahead on its own thread once batches are asked for; stopped before the stream closes. */
    ReadAhead readAhead;
    /** The archive being inflated since its bytes were read (null: opened by {@link #zip} at the session's start). */
    ZipReading reading;
    OutputStream rawCopy;
    Path rawCopyTmp;
    /** The month file's pages encoded as the rows are parsed (null: the store encodes them all at the commit). */
    storage.PagesAhead pagesAhead;

    IngestSession(storage.KlineStore store, Path file, SourceName name, String sha256, boolean replace, IngestOutcome already, String source,
                  Offsets.FileEntry recordAs) {
        this.store = store;
        this.source = source;
        this.recordAs = recordAs;
        this.file = file;
        this.name = name;
        this.sha256 = sha256;
        this.replace = replace;
        this.already = already;
        this.parser = new KlineRowParser(name.fileName(), name.periodStart().toEpochMilli(), name.periodEnd().toEpochMilli(),
                name.export());
    }

    /** Opened ahead and found in offsets.json: not read; ingested from the start at its turn. */
    public boolean deferred() {
        return deferred;
    }

    public String fileName() {
        return name.fileName();
    }

    /** The name, SHA-256 and source offsets.json records: this file's, or those of the file a raw copy restores. */
    String recordedName() {
        return recordAs != null ? recordAs.name() : name.fileName();
    }

    String recordedSha256() {
        return recordAs != null ? recordAs.sha256() : sha256;
    }

    String recordedSource() {
        return recordAs != null ? recordAs.source() : source;
    }

    @Override
    public void close() {
        if (readAhead != null) {
            readAhead.close();
        }
        if (reading != null) {
            reading.close();
        }
        try {
            if (csv != null) {
                csv.close();
            }
            if (rawCopy != null) {
                rawCopy.close();
            }
            if (rawCopyTmp != null) {
                Files.deleteIfExists(rawCopyTmp);
            }
        } catch (IOException ignored) {
            // best effort: the session is over
        }
        if (zip != null) {
            zip.close();
        }
        if (pagesAhead != null) {
            pagesAhead.close();
        }
    }
}
