package ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Cuts a byte stream into batches of at most {@code linesPerBatch} whole lines without decoding it:
 * the stream is read in large chunks and never held whole in memory. A line longer than {@code maxLineBytes}
 * (its {@code \n} or {@code \r\n} not counted) is refused as soon as that many bytes of it have been read, so
 * the buffer never grows beyond about {@code linesPerBatch} x {@code maxLineBytes}, whatever the input.
 *
 * <p>A full batch is handed out in the very buffer it was read into (its {@code length} is the batch, the bytes after
 * it are the start of the next one and are copied to a fresh buffer): a batch's bytes are copied once, from the
 * stream, not again to cut them. The next buffer is sized from the last batch (plus an eighth), so little is read
 * beyond a batch and the buffer stays one allocation of about a batch (3000 kline lines: ~440 KB, below G1's
 * humongous-object size in a 1 GB heap).
 */
public final class LineBatchReader implements Iterator<LineBatch> {
    private final InputStream in;
    private final int linesPerBatch;
    private final int maxLineBytes;
    private final String file;
    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    /** First buffer, and the least any buffer gets; it grows (doubling) while a batch does not fit. */
    static final int MIN_BUFFER = 64 * 1024;
    private byte[] buf = new byte[MIN_BUFFER];
    private int len;
    private int scanned;
    private int linesInScanned;
    /** Buffer index where the line being scanned starts. */
    private int lineStart;
    private boolean eof;
    /** Whether the start of the stream was checked for a byte-order mark, UTF-16, NUL bytes or an archive. */
    private boolean checked;
    /** Set once reading failed: the refusal is thrown once, later calls see the end (Camel asks again on release). */
    private boolean failed;
    private long nextLine = 1;
    private LineBatch pending;

    public LineBatchReader(InputStream in, int linesPerBatch, int maxLineBytes, String file) {
        if (linesPerBatch < 1 || maxLineBytes < 1) {
            throw new IllegalArgumentException("linesPerBatch and maxLineBytes must be >= 1");
        }
        this.in = in;
        this.linesPerBatch = linesPerBatch;
        this.maxLineBytes = maxLineBytes;
        this.file = file;
    }

    @Override
    public boolean hasNext() {
        if (pending == null && !failed) {
            try {
                pending = readBatch();
            } catch (RuntimeException e) {
                failed = true;
                throw e;
            } catch (Error e) {
                failed = true;
                // the route's iterator runs outside any step that could catch an Error: carry it as an exception
                throw new IllegalStateException("reading " + file + " failed: " + e, e);
            }
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
        if (!checked) {
            while (len < TextCheck.SNIFF_BYTES && !eof) {
                fill();
            }
            TextCheck.checkStart(buf, len, file);
            checked = true;
        }
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
                checkLength(len);
                return take(len, linesInScanned + 1);
            }
            fill();
        }
    }

    /** Scans newly read bytes for newlines; returns the cut position once a batch is full, else -1. */
    private int scanForCut() {
        byte[] b = buf;
        for (int i = scanned; i < len; i++) {
            if (i + 8 <= len) { // eight bytes at a time up to the next '\n'
                long x = (long) LONGS.get(b, i) ^ 0x0A0A0A0A0A0A0A0AL;
                long newlines = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
                if (newlines == 0) {
                    i += 7;
                    continue;
                }
                i += Long.numberOfTrailingZeros(newlines) >>> 3; // the lowest flagged byte is always a '\n'
            } else if (b[i] != '\n') {
                continue;
            }
            if (i - lineStart > maxLineBytes) {
                checkLength(i);
            }
            lineStart = i + 1;
            if (++linesInScanned == linesPerBatch) {
                scanned = i + 1;
                return i + 1;
            }
        }
        scanned = len;
        if (len - lineStart > maxLineBytes + 1) { // + 1: a '\r' before the '\n' still to come is not counted
            throw tooLong();
        }
        if (eof && len > 0 && b[len - 1] == '\n') {
            return len;
        }
        return -1;
    }

    /** Refuses the line from {@code lineStart} to {@code end} (exclusive, before '\n') if it is too long. */
    private void checkLength(int end) {
        int length = end - lineStart;
        if (length > 0 && buf[end - 1] == '\r') {
            length--;
        }
        if (length > maxLineBytes) {
            throw tooLong();
        }
    }

    private IngestRejectedException tooLong() {
        long line = nextLine + linesInScanned;
        return new IngestRejectedException(RejectCode.LINE_TOO_LONG, file, line, null, "line " + line
                + " is longer than " + maxLineBytes + " bytes (app.ingest.max-line-bytes; a Binance kline line is"
                + " under 200 bytes); it starts '" + Printable.bytes(buf, lineStart, len, 40) + "'");
    }

    /**
     * Makes room when the buffer is full without a whole batch: for the rest of the batch at the average length of the
     * lines read so far, plus an eighth (lines are at most {@code maxLineBytes} long, so this stays within the bound
     * above); doubling when no whole line was read yet.
     */
    private void grow() {
        long size = (long) buf.length * 2;
        if (linesInScanned > 0 && scanned == len) { // buf[0..lineStart) holds linesInScanned whole lines
            long perLine = Math.max(1, lineStart / linesInScanned);
            long estimate = lineStart + perLine * (linesPerBatch - linesInScanned) * 9 / 8;
            size = Math.max(len + MIN_BUFFER / 2, estimate);
        }
        buf = Arrays.copyOf(buf, (int) Math.min(size, Integer.MAX_VALUE - 16));
    }

    private LineBatch take(int cut, int lines) {
        LineBatch batch = new LineBatch(buf, cut, nextLine, lines); // the batch keeps this buffer; no copy
        nextLine += lines;
        int rest = len - cut;
        byte[] next = new byte[eof ? Math.max(rest, 1) // nothing more to read: only what is left
                : Math.max(Math.max(MIN_BUFFER, cut + cut / 8), rest + MIN_BUFFER / 2)];
        System.arraycopy(buf, cut, next, 0, rest);
        buf = next;
        len = rest;
        lineStart = Math.max(0, lineStart - cut);
        scanned = 0;
        linesInScanned = 0;
        return batch;
    }

    private void fill() {
        if (len == buf.length) {
            grow();
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
