package storage;

import java.io.IOException;

/**
 * A month file's Parquet pages encoded while its input is still being read (the usual case: a file whose rows come in
 * order, every minute once, into a month with no stored file, is written exactly as parsed). The parse hands it the
 * growing block of parsed rows after every batch ({@link #advance}); each page those rows complete is encoded then, on
 * the parse's thread - in the time it would otherwise wait for the archive to inflate - instead of at the commit. The
 * store uses the pages only when the rows it writes are that very block ({@link KlineStore#merge(MergeRequest,
 * PagesAhead)}: no sorting, deduplication or merge made another); any other case writes as before, and the pages are
 * dropped. The file is the one {@link KlineParquet#write} makes of the same rows, byte for byte (ColumnPagesTest).
 *
 * <p>Rows must only be appended to the block between calls. Not thread-safe: one thread at a time (the parse, then
 * the commit, which may be another thread).
 */
public final class PagesAhead implements AutoCloseable {
    private final KlineColumns rows;
    private ColumnPages.Encoder encoder;
    /** The last open_time of the rows encoded so far: the next page must start after it, or the pages are given up. */
    private long lastOpenTime = Long.MIN_VALUE;

    private PagesAhead(KlineColumns rows) {
        this.rows = rows;
        this.encoder = new ColumnPages.Encoder();
    }

    /** Pages ahead for the rows parsed into {@code rows}; null when the record writer would write the file instead. */
    public static PagesAhead of(KlineColumns rows) {
        return ColumnPages.SUPPORTED ? new PagesAhead(rows) : null;
    }

    /**
     * Encodes every page the rows parsed so far complete. Rows out of order or repeated mean the store will sort or
     * deduplicate them into another block: the pages are given up then (nothing more is encoded).
     */
    public void advance() throws IOException {
        if (encoder == null) {
            return;
        }
        int done = encoder.rowsEncoded();
        int n = rows.size();
        if (n > ColumnPages.MAX_ROWS) {
            close();
            return;
        }
        if (!ColumnPages.completesPage(done, n)) {
            return;
        }
        long last = lastOpenTime;
        long[] t = rows.openTime;
        for (int i = done; i < n; i++) {
            if (t[i] <= last) {
                close(); // not in strict order: the store makes another block of these rows
                return;
            }
            last = t[i];
        }
        encoder.advance(rows);
        lastOpenTime = t[encoder.rowsEncoded() - 1];
    }

    /** Whether {@code written} is the block these pages were made of, so that {@link #finish} may write it. */
    boolean covers(KlineColumns written) {
        return encoder != null && written == rows;
    }

    /**
     * The whole file of {@link #rows} and its SHA-256, its remaining pages encoded now; null when the pages were given
     * up.
     */
    ColumnPages.Encoded finish() throws IOException {
        if (encoder == null || rows.size() < 1 || rows.size() > ColumnPages.MAX_ROWS) {
            return null;
        }
        try {
            return encoder.finish(rows);
        } finally {
            close();
        }
    }

    /** Rows in the pages encoded so far (0 once given up). */
    public int rowsEncoded() {
        return encoder == null ? 0 : encoder.rowsEncoded();
    }

    @Override
    public void close() {
        if (encoder != null) {
            encoder.close();
            encoder = null;
        }
    }
}
