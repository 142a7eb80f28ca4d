package replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recording lines read one at a time, each bounded: a too-long line is reported as such and the next one is read. */
class BoundedLinesTest {

    private static List<String> read(String text, int max, int chunkHint) throws Exception {
        List<String> out = new ArrayList<>();
        // a stream that answers at most chunkHint bytes per read: lines cross buffer refills
        ByteArrayInputStream bytes = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunkHint));
            }
        };
        try (BoundedLines lines = new BoundedLines(bytes, max)) {
            for (BoundedLines.Line l; (l = lines.next()) != null; ) {
                out.add(l.tooLong() ? "<too long>" : l.text());
            }
        }
        return out;
    }

    @Test
    void lines_split_at_newlines_whatever_the_reads() throws Exception {
        for (int chunk : new int[] {1, 3, 1 << 16}) {
            assertThat(read("a\r\nbb\n\nccc", 10, chunk)).as("chunk " + chunk).containsExactly("a", "bb", "", "ccc");
            assertThat(read("a\n", 10, chunk)).containsExactly("a");
            assertThat(read("", 10, chunk)).isEmpty();
        }
    }

    @Test
    void a_line_over_the_bound_is_reported_and_the_next_is_read() throws Exception {
        String big = "x".repeat(100);
        for (int chunk : new int[] {1, 7, 1 << 16}) {
            assertThat(read("ok\n" + big + "\nnext\n" + big, 50, chunk)).as("chunk " + chunk)
                    .containsExactly("ok", "<too long>", "next", "<too long>");
            assertThat(read("x".repeat(50), 50, chunk)).containsExactly("x".repeat(50));
        }
    }
}
