package ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import storage.KlineColumns;

/** State of one file being ingested, carried across the split exchanges of the ingest route. */
public final class IngestSession implements AutoCloseable {
    final Path file;
    final SourceName name;
    final String sha256;
    final boolean replace;
    final KlineRowParser parser;
    final KlineColumns rows = new KlineColumns(45_000);
    final IngestOutcome already;
    final String source;
    SafeZip zip;
    InputStream csv;
    OutputStream rawCopy;
    Path rawCopyTmp;

    IngestSession(Path file, SourceName name, String sha256, boolean replace, IngestOutcome already, String source) {
        this.source = source;
        this.file = file;
        this.name = name;
        this.sha256 = sha256;
        this.replace = replace;
        this.already = already;
        this.parser = new KlineRowParser(name.fileName(), name.periodStart().toEpochMilli(), name.periodEnd().toEpochMilli());
    }

    public String fileName() {
        return name.fileName();
    }

    @Override
    public void close() {
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
    }
}
