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
    private final boolean fromMemory;

    private SafeZip(ZipFile zip, InputStream csv, boolean fromMemory) {
        this.zip = zip;
        this.csv = csv;
        this.fromMemory = fromMemory;
    }

    /** Whether the entry is inflated from the archive bytes given to {@code open} (not read from the file). */
    boolean fromMemory() {
        return fromMemory;
    }

    public static SafeZip open(Path archive, SourceName name, ZipLimits limits) {
        return open(archive, name, limits, null);
    }

    /**
     * As {@link #open(Path, SourceName, ZipLimits)}; {@code bytes}, when not null, are the archive's bytes already read
     * (for its SHA-256): the entry is then inflated from them (one read of the file serves hash and inflate, and no
     * 8 KB seek and read per refill), provided they hold the very entry the archive's directory describes (same
     * method, sizes, CRC and local header); otherwise, or for anything unusual (ZIP64, encryption, a stored entry), it
     * is read from the file as before. Every check is the same either way.
     */
    static SafeZip open(Path archive, SourceName name, ZipLimits limits, byte[] bytes) {
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
            InputStream raw = bytes != null ? MemoryEntry.inflater(bytes, entry) : null;
            boolean fromMemory = raw != null;
            if (raw == null) {
                raw = zip.getInputStream(entry);
            }
            return new SafeZip(zip, new CappedCrcStream(raw, cap, limits, entry.getCrc(), file), fromMemory);
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

    /** Inflates the one entry of an archive held in memory, after checking it is the entry the directory describes. */
    private static final class MemoryEntry extends InputStream {
        private static final int LOC_SIG = 0x04034b50;
        private static final int CEN_SIG = 0x02014b50;
        private static final int END_SIG = 0x06054b50;
        private final java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
        private boolean ended;

        private MemoryEntry(byte[] bytes, int from, int length) {
            inflater.setInput(bytes, from, length);
        }

        /** The entry's inflating stream, or null when the bytes are not the plain single-entry archive expected. */
        static InputStream inflater(byte[] b, ZipEntry entry) {
            if (entry.getMethod() != ZipEntry.DEFLATED || entry.getCompressedSize() < 0 || entry.getCrc() < 0) {
                return null;
            }
            // end of central directory: no archive comment (Binance writes none), else the file path reads it
            int end = b.length - 22;
            if (end < 0 || u32(b, end) != END_SIG || u16(b, end + 20) != 0 || u16(b, end + 10) != 1) {
                return null;
            }
            long cen = u32(b, end + 16);
            if (cen < 0 || cen + 46 > end || u32(b, (int) cen) != CEN_SIG) {
                return null;
            }
            int c = (int) cen;
            long csize = u32(b, c + 20);
            long loc = u32(b, c + 42);
            if (u16(b, c + 10) != ZipEntry.DEFLATED || (u16(b, c + 8) & 1) != 0 || u32(b, c + 16) != entry.getCrc()
                    || csize != entry.getCompressedSize() || csize == 0xFFFFFFFFL || loc == 0xFFFFFFFFL
                    || loc + 30 > cen || u32(b, (int) loc) != LOC_SIG) {
                return null;
            }
            int l = (int) loc;
            long data = loc + 30 + u16(b, l + 26) + u16(b, l + 28);
            if ((u16(b, l + 6) & 1) != 0 || data + csize > cen) {
                return null;
            }
            return new MemoryEntry(b, (int) data, (int) csize);
        }

        private static int u16(byte[] b, int at) {
            return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
        }

        private static long u32(byte[] b, int at) {
            return (u16(b, at) | (long) u16(b, at + 2) << 16);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        /** As ZipFile's entry stream: corrupt data is a ZipException, data that ends too soon an EOFException. */
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                throw new IOException("stream closed");
            }
            if (len == 0) {
                return 0;
            }
            try {
                while (true) {
                    int n = inflater.inflate(b, off, len);
                    if (n > 0) {
                        return n;
                    }
                    if (inflater.finished() || inflater.needsDictionary()) {
                        return -1;
                    }
                    if (inflater.needsInput()) {
                        throw new java.io.EOFException("Unexpected end of ZLIB input stream");
                    }
                }
            } catch (java.util.zip.DataFormatException e) {
                String s = e.getMessage();
                throw new ZipException(s != null ? s : "Invalid ZLIB data format");
            }
        }

        @Override
        public void close() {
            if (!ended) {
                ended = true;
                inflater.end();
            }
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
