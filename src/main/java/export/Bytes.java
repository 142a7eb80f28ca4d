package export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable ASCII byte buffer for CSV lines, flushed to a stream in large writes. */
public final class Bytes {
    private byte[] buf;
    private int size;

    public Bytes(int capacity) {
        buf = new byte[Math.max(capacity, 16)];
    }

    public int size() {
        return size;
    }

    public Bytes ascii(char c) {
        ensure(1);
        buf[size++] = (byte) c;
        return this;
    }

    public Bytes ascii(String s) {
        int n = s.length();
        ensure(n);
        s.getBytes(0, n, buf, size); // ASCII only: every caller prints digits, signs, dots and column names
        size += n;
        return this;
    }

    /** {@code v} (>= 0) in exactly {@code width} digits, zero-padded. */
    public Bytes digits(long v, int width) {
        ensure(width);
        for (int i = size + width - 1; i >= size; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        size += width;
        return this;
    }

    /** A whole number (any sign) in as many digits as it needs. */
    public Bytes integer(long v) {
        return ascii(Long.toString(v));
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, size);
    }

    public void clear() {
        size = 0;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    @Override
    public String toString() {
        return new String(buf, 0, size, StandardCharsets.US_ASCII);
    }
}
