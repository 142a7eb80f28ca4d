package replay;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The lines of a recording read one at a time (never the whole file in memory), each bounded: a line longer than
 * {@code maxBytes} is answered as {@link Line#tooLong()} without its text, and the next line is read as usual. Lines
 * end at {@code \n} (a {@code \r} before it is dropped); bytes that are not UTF-8 become U+FFFD.
 */
final class BoundedLines implements Closeable {
    /** One line: its text, or none when it was longer than the bound. */
    record Line(String text, boolean tooLong) {
    }

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int len;

    BoundedLines(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** The next line, or null at the end. */
    Line next() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (pos == len) {
                len = Math.max(0, in.read(buf, 0, buf.length));
                pos = 0;
                if (len == 0) {
                    return any ? line(out, tooLong) : null;
                }
            }
            any = true;
            int start = pos;
            while (pos < len && buf[pos] != '\n') {
                pos++;
            }
            int n = pos - start;
            if (!tooLong) {
                if (out.size() + n > maxBytes) {
                    tooLong = true;
                    out = new ByteArrayOutputStream();
                } else {
                    out.write(buf, start, n);
                }
            }
            if (pos < len) {
                pos++;
                return line(out, tooLong);
            }
        }
    }

    private static Line line(ByteArrayOutputStream out, boolean tooLong) {
        if (tooLong) {
            return new Line(null, true);
        }
        String s = out.toString(StandardCharsets.UTF_8);
        return new Line(s.endsWith("\r") ? s.substring(0, s.length() - 1) : s, false);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
