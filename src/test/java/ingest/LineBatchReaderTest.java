package ingest;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineBatchReaderTest {

    private static final String FILE = "BTCUSDT-1m-2023-01-21.csv";

    private static List<LineBatch> batches(String text, int lines) {
        return batches(text, lines, 1024);
    }

    private static List<LineBatch> batches(String text, int lines, int maxLineBytes) {
        LineBatchReader r = new LineBatchReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), lines,
                maxLineBytes, FILE);
        List<LineBatch> out = new ArrayList<>();
        r.forEachRemaining(out::add);
        return out;
    }

    private static String text(LineBatch b) {
        return new String(b.data(), 0, b.length(), StandardCharsets.US_ASCII);
    }

    @Test
    void cuts_whole_lines_and_numbers_them() {
        List<LineBatch> b = batches("a\nb\nc\nd\ne\n", 2);
        assertThat(b).extracting(LineBatchReaderTest::text).containsExactly("a\nb\n", "c\nd\n", "e\n");
        assertThat(b).extracting(LineBatch::firstLine).containsExactly(1L, 3L, 5L);
        assertThat(b).extracting(LineBatch::lineCount).containsExactly(2, 2, 1);
    }

    @Test
    void keeps_a_last_line_without_newline() {
        List<LineBatch> b = batches("a\nb\nc", 2);
        assertThat(b).extracting(LineBatchReaderTest::text).containsExactly("a\nb\n", "c");
        assertThat(b.get(1).firstLine()).isEqualTo(3);
    }

    @Test
    void yields_nothing_for_an_empty_stream() {
        assertThat(batches("", 10)).isEmpty();
    }

    @Test
    void handles_lines_longer_than_the_read_buffer() {
        String longLine = "x".repeat(3 << 20);
        List<LineBatch> b = batches(longLine + "\nshort\n", 1, 4 << 20);
        assertThat(b).hasSize(2);
        assertThat(b.get(0).length()).isEqualTo(longLine.length() + 1);
        assertThat(text(b.get(1))).isEqualTo("short\n");
    }

    private static Rejection refusal(String text, int maxLineBytes) {
        try {
            batches(text, 2, maxLineBytes);
        } catch (IngestRejectedException e) {
            return e.rejection();
        }
        throw new AssertionError("expected a refusal");
    }

    @Test
    void refuses_a_line_longer_than_the_cap_naming_file_and_line() {
        Rejection r = refusal("a\nb\nc\n" + "x".repeat(11) + "\nd\n", 10);
        assertThat(r.code()).isEqualTo(RejectCode.LINE_TOO_LONG);
        assertThat(r.file()).isEqualTo(FILE);
        assertThat(r.line()).isEqualTo(4);
        assertThat(r.message()).contains("10 bytes", "app.ingest.max-line-bytes");
    }

    @Test
    void refuses_a_last_line_without_newline_longer_than_the_cap() {
        Rejection r = refusal("a\n" + "x".repeat(11), 10);
        assertThat(r.code()).isEqualTo(RejectCode.LINE_TOO_LONG);
        assertThat(r.line()).isEqualTo(2);
    }

    @Test
    void a_line_exactly_at_the_cap_is_taken_with_lf_or_crlf() {
        String ten = "x".repeat(10);
        assertThat(batches(ten + "\n" + ten + "\r\n" + ten + "\r\n" + ten, 10, 10)).hasSize(1);
        assertThat(refusal(ten + "\r\n" + ten + "x\r\n", 10).line()).isEqualTo(2);
    }

    @Test
    void an_endless_line_is_refused_after_reading_little_more_than_the_cap() {
        long[] served = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served[0]++;
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                served[0] += len;
                return len;
            }
        };
        LineBatchReader r = new LineBatchReader(endless, 20_000, 1024, FILE);
        assertThatThrownBy(r::hasNext).isInstanceOfSatisfying(IngestRejectedException.class,
                e -> assertThat(e.rejection().code()).isEqualTo(RejectCode.LINE_TOO_LONG));
        assertThat(served[0]).as("bytes read before the refusal").isLessThanOrEqualTo(2L << 20);
    }

    @Test
    void a_refusal_is_thrown_once_then_the_reader_is_at_its_end() {
        LineBatchReader r = new LineBatchReader(new ByteArrayInputStream(("a\n" + "x".repeat(20)).getBytes(StandardCharsets.US_ASCII)),
                1, 10, FILE);
        assertThat(r.next().lineCount()).isEqualTo(1);
        assertThatThrownBy(r::hasNext).isInstanceOf(IngestRejectedException.class);
        assertThat(r.hasNext()).isFalse();
    }
}
