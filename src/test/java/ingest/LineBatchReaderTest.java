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

    /** Hands out one byte per read, as a slow pipe or socket may: every prefix of the stream is scanned. */
    private static InputStream trickle(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    private static List<LineBatch> all(LineBatchReader r) {
        List<LineBatch> out = new ArrayList<>();
        r.forEachRemaining(out::add);
        return out;
    }

    @Test
    void line_counts_of_a_last_batch_that_is_not_full() {
        assertThat(batches("a\nb\n", 10)).extracting(LineBatch::lineCount).containsExactly(2);
        assertThat(batches("a\nb", 10)).extracting(LineBatch::lineCount).containsExactly(2);
        List<LineBatch> b = batches("a\nb\nc\nd", 3);
        assertThat(b).extracting(LineBatch::lineCount).containsExactly(3, 1);
        assertThat(b).extracting(LineBatch::firstLine).containsExactly(1L, 4L);
    }

    @Test
    void one_line_per_batch_and_one_byte_per_line_are_valid_settings() {
        LineBatchReader r = new LineBatchReader(new ByteArrayInputStream("a\nb\n".getBytes(StandardCharsets.US_ASCII)),
                1, 1, FILE);
        assertThat(all(r)).extracting(LineBatchReaderTest::text).containsExactly("a\n", "b\n");
        assertThatThrownBy(() -> new LineBatchReader(new ByteArrayInputStream(new byte[0]), 0, 1, FILE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LineBatchReader(new ByteArrayInputStream(new byte[0]), 1, 0, FILE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void every_line_of_a_batch_may_be_exactly_at_the_cap() {
        String line = "x".repeat(10);
        List<LineBatch> b = batches(line + "\n" + line + "\r\n" + line + "\n", 5, 10);
        assertThat(b).extracting(LineBatch::lineCount).containsExactly(3);
        assertThatThrownBy(() -> batches(line + "\n" + line + "x\n", 5, 10))
                .isInstanceOfSatisfying(IngestRejectedException.class, e -> assertThat(e.rejection().line()).isEqualTo(2));
    }

    @Test
    void a_line_at_the_cap_arriving_byte_by_byte_with_crlf_is_taken() {
        String line = "y".repeat(10);
        byte[] bytes = (line + "\r\n" + line + "\r\n").getBytes(StandardCharsets.US_ASCII);
        List<LineBatch> b = all(new LineBatchReader(trickle(bytes), 10, 10, FILE));
        assertThat(b).extracting(LineBatch::lineCount).containsExactly(2);
        byte[] tooLong = (line + "yy\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> all(new LineBatchReader(trickle(tooLong), 10, 10, FILE)))
                .isInstanceOfSatisfying(IngestRejectedException.class,
                        e -> assertThat(e.rejection().code()).isEqualTo(RejectCode.LINE_TOO_LONG));
    }

    @Test
    void the_start_is_checked_over_the_first_4_kib_even_when_bytes_trickle_in() {
        byte[] rows = "1674259200000,1,1,1,1,1,1674259259999,1,1,1,1,0\n".repeat(90).getBytes(StandardCharsets.US_ASCII);
        rows[3000] = 0;
        assertThatThrownBy(() -> all(new LineBatchReader(trickle(rows), 1000, 1024, FILE)))
                .isInstanceOfSatisfying(IngestRejectedException.class, e -> {
                    assertThat(e.rejection().code()).isEqualTo(RejectCode.BAD_ENCODING);
                    assertThat(e.rejection().message()).startsWith("the file holds NUL bytes (binary data, not CSV text)");
                });
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '1', '\n'};
        assertThatThrownBy(() -> all(new LineBatchReader(trickle(bom), 10, 1024, FILE)))
                .isInstanceOfSatisfying(IngestRejectedException.class,
                        e -> assertThat(e.rejection().message()).contains("UTF-8 byte-order mark"));
    }

    @Test
    void random_lines_are_cut_whole_counted_and_checked_against_the_cap() {
        java.util.Random r = new java.util.Random(14);
        for (int trial = 0; trial < 3000; trial++) {
            int max = 1 + r.nextInt(40);
            int perBatch = 1 + r.nextInt(12);
            StringBuilder sb = new StringBuilder();
            long firstTooLong = -1;
            int lines = r.nextInt(60);
            for (int n = 1; n <= lines; n++) {
                int length = r.nextInt(50) < 48 ? r.nextInt(max + 1) : max + 1 + r.nextInt(5);
                if (length > max && firstTooLong < 0) {
                    firstTooLong = n;
                }
                sb.append("x".repeat(length)).append(r.nextBoolean() ? "\n" : "\r\n");
            }
            if (r.nextBoolean() && lines > 0) {
                sb.setLength(sb.length() - (sb.length() >= 2 && sb.charAt(sb.length() - 2) == '\r' ? 2 : 1)); // last line without a newline
            }
            String text = sb.toString();
            LineBatchReader reader = new LineBatchReader(trial % 3 == 0 ? trickle(text.getBytes(StandardCharsets.US_ASCII))
                    : new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), perBatch, max, FILE);
            if (firstTooLong > 0) {
                long expected = firstTooLong;
                assertThatThrownBy(() -> all(reader)).as(text).isInstanceOfSatisfying(IngestRejectedException.class,
                        e -> assertThat(e.rejection().line()).isEqualTo(expected));
                continue;
            }
            List<LineBatch> b = all(reader);
            StringBuilder joined = new StringBuilder();
            long next = 1;
            for (LineBatch batch : b) {
                String t = text(batch);
                assertThat(batch.firstLine()).isEqualTo(next);
                long newlines = t.chars().filter(c -> c == '\n').count();
                assertThat(batch.lineCount()).isEqualTo(newlines + (t.endsWith("\n") ? 0 : 1));
                assertThat(batch.lineCount()).isLessThanOrEqualTo(perBatch);
                next += batch.lineCount();
                joined.append(t);
            }
            assertThat(joined.toString()).isEqualTo(text);
            assertThat(b.subList(0, Math.max(0, b.size() - 1))).allMatch(x -> x.lineCount() == perBatch);
        }
    }
}
