package ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Cuts a byte stream into batches of at most {@code linesPerBatch} whole lines without decoding it:
 * the stream is read in large chunks and never held whole in memory.
 */
public final class LineBatchReader implements Iterator<LineBatch> {
    private final InputStream in;
    private final int linesPerBatch;
    private byte[] buf = new byte[1 << 20];
    private int len;
    private int scanned;
    private int linesInScanned;
    private boolean eof;
    private long nextLine = 1;
    private LineBatch pending;

    public LineBatchReader(InputStream in, int linesPerBatch) {
        if (linesPerBatch < 1) {
            throw new IllegalArgumentException("linesPerBatch must be >= 1");
        }
        this.in = in;
        this.linesPerBatch = linesPerBatch;
    }

    @Override
    public boolean hasNext() {
        if (pending == null) {
            pending = readBatch();
        }
        return pending != null;
    }

    @Override
    public LineBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        LineBatch b = pending;
        pending = null;
        return b;
    }

    private LineBatch readBatch() {
        while (true) {
            int cut = scanForCut();
            if (cut >= 0) {
                return take(cut, linesInScanned);
            }
            if (eof) {
                if (len == 0) {
                    return null;
                }
                // last line without a trailing newline
                return take(len, linesInScanned + 1);
            }
            fill();
        }
    }

    /** Scans newly read bytes for newlines; returns the cut position once a batch is full, else -1. */
    private int scanForCut() {
        byte[] b = buf;
        for (int i = scanned; i < len; i++) {
            if (b[i] == '\n' && ++linesInScanned == linesPerBatch) {
                scanned = i + 1;
                return i + 1;
            }
        }
        scanned = len;
        if (eof && len > 0 && b[len - 1] == '\n') {
            return len;
        }
        return -1;
    }

    private LineBatch take(int cut, int lines) {
        byte[] data = Arrays.copyOf(buf, cut);
        LineBatch batch = new LineBatch(data, cut, nextLine, lines);
        nextLine += lines;
        System.arraycopy(buf, cut, buf, 0, len - cut);
        len -= cut;
        scanned = 0;
        linesInScanned = 0;
        return batch;
    }

    private void fill() {
        if (len == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        try {
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) {
                eof = true;
            } else {
                len += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
