package ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Opens a Binance archive defensively: the archive must hold exactly one entry, named exactly as Binance names
 * it (so no entry name ever becomes a path), and the bytes it inflates to are counted, capped and CRC-checked
 * while they stream, so a zip bomb or a corrupt archive is refused without ever being held in memory or on disk.
 */
public final class SafeZip implements AutoCloseable {
    private final ZipFile zip;
    private final InputStream csv;

    private SafeZip(ZipFile zip, InputStream csv) {
        this.zip = zip;
        this.csv = csv;
    }

    public static SafeZip open(Path archive, SourceName name, ZipLimits limits) {
        String file = name.fileName();
        ZipFile zip;
        try {
            zip = new ZipFile(archive.toFile());
        } catch (ZipException e) {
            throw IngestRejectedException.of(RejectCode.ZIP_CORRUPT, file, "not a readable ZIP archive (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw IngestRejectedException.of(RejectCode.IO_ERROR, file, "cannot open: " + e.getMessage());
        }
        try {
            List<? extends ZipEntry> entries = Collections.list(zip.entries());
            if (entries.size() != 1) {
                throw IngestRejectedException.of(RejectCode.ZIP_ENTRY_COUNT, file,
                        "archive must hold exactly one CSV entry, found " + entries.size() + names(entries));
            }
            ZipEntry entry = entries.get(0);
            String entryName = entry.getName();
            if (entryName.contains("/") || entryName.contains("\\") || entryName.contains("..")) {
                throw IngestRejectedException.of(RejectCode.ZIP_ENTRY_NAME, file,
                        "unsafe entry name '" + Printable.text(entryName, 100) + "' (path separators or '..' are never accepted)");
            }
            if (!entryName.equals(name.csvEntryName())) {
                throw IngestRejectedException.of(RejectCode.ZIP_ENTRY_NAME, file,
                        "entry '" + Printable.text(entryName, 100) + "' does not match the archive name (expected '" + name.csvEntryName() + "')");
            }
            long compressed = Math.max(entry.getCompressedSize(), 1);
            long cap = Math.min(limits.maxEntryBytes(), Math.max(compressed * limits.maxRatio(), 64 * 1024));
            InputStream raw = zip.getInputStream(entry);
            return new SafeZip(zip, new CappedCrcStream(raw, cap, limits, entry.getCrc(), file));
        } catch (IngestRejectedException e) {
            closeQuietly(zip);
            throw e;
        } catch (ZipException e) {
            closeQuietly(zip);
            throw IngestRejectedException.of(RejectCode.ZIP_CORRUPT, file, "corrupt archive (" + e.getMessage() + ")");
        } catch (IOException e) {
            closeQuietly(zip);
            throw IngestRejectedException.of(RejectCode.IO_ERROR, file, "cannot read archive: " + e.getMessage());
        }
    }

    /** The inflating CSV stream; reading it may throw {@link IngestRejectedException}. */
    public InputStream csv() {
        return csv;
    }

    @Override
    public void close() {
        closeQuietly(zip);
    }

    private static String names(List<? extends ZipEntry> entries) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < Math.min(entries.size(), 5); i++) {
            names.add(Printable.text(entries.get(i).getName(), 100));
        }
        return names.isEmpty() ? "" : " " + names;
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // nothing left to save
        }
    }

    /** Counts inflated bytes against the cap and checks the entry's CRC-32 at end of stream. */
    private static final class CappedCrcStream extends FilterInputStream {
        private final long cap;
        private final ZipLimits limits;
        private final long expectedCrc;
        private final String file;
        private final CRC32 crc = new CRC32();
        private long count;
        private boolean checked;

        CappedCrcStream(InputStream in, long cap, ZipLimits limits, long expectedCrc, String file) {
            super(in);
            this.cap = cap;
            this.limits = limits;
            this.expectedCrc = expectedCrc;
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (ZipException | java.io.EOFException e) {
                throw IngestRejectedException.of(RejectCode.ZIP_CORRUPT, file, "corrupt archive data (" + e.getMessage() + ")");
            }
            if (n < 0) {
                if (!checked && expectedCrc >= 0 && crc.getValue() != expectedCrc) {
                    throw IngestRejectedException.of(RejectCode.ZIP_CORRUPT, file, "CRC-32 of the inflated entry does not match the archive");
                }
                checked = true;
                return n;
            }
            count += n;
            if (count > cap) {
                throw IngestRejectedException.of(RejectCode.ZIP_TOO_LARGE, file, "entry inflates beyond " + cap
                        + " bytes (limits: app.ingest.max-entry-bytes=" + limits.maxEntryBytes()
                        + ", app.ingest.max-compression-ratio=" + limits.maxRatio() + ")");
            }
            crc.update(b, off, n);
            return n;
        }
    }
}
