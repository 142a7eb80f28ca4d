package ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The buffers {@link LineBatchReader} reads into, seen through its API (a batch is handed out in the buffer it was
 * read into, {@code data().length} is that buffer): the first is {@link LineBatchReader#MIN_BUFFER}; one that fills
 * without a whole batch grows to the rest of the batch at the average line length so far plus an eighth (at least half
 * a first buffer more), or doubles while no whole line was read; after a cut the next buffer is the batch just cut
 * plus an eighth (at least a first buffer, and half a first buffer more than the bytes carried over), or, once the
 * stream has ended, just the bytes left. The figures below follow from these rules for streams that hand out as many
 * bytes as asked ({@link ByteArrayInputStream}) or one byte per read.
 */
class LineBatchReaderBufferTest {
    private static final String FILE = "BTCUSDT-1m-2023-01-21.csv";
    private static final int MIN = LineBatchReader.MIN_BUFFER;

    /** {@code n} lines of {@code length} bytes each, the '\n' included. */
    private static byte[] lines(int n, int length) {
        byte[] line = ("x".repeat(length - 1) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[n * length];
        for (int i = 0; i < n; i++) {
            System.arraycopy(line, 0, out, i * length, length);
        }
        return out;
    }

    private static List<LineBatch> read(InputStream in, int linesPerBatch, int maxLineBytes) {
        List<LineBatch> out = new ArrayList<>();
        new LineBatchReader(in, linesPerBatch, maxLineBytes, FILE).forEachRemaining(out::add);
        return out;
    }

    private static InputStream trickle(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    @Test
    void a_buffer_that_fills_without_a_batch_grows_to_the_batch_estimated_from_its_lines() {
        // 7,000 lines of 100 bytes, 3,000 a batch. The first 64 KiB hold 655 whole lines: the buffer grows to
        // 65,500 + 100 x (3,000 - 655) x 9/8 = 329,312 bytes and the batch is cut at 300,000. The next buffers are
        // 300,000 + 300,000 / 8 = 337,500 bytes; the last batch (1,000 lines) is read into the last of them.
        List<LineBatch> b = read(new ByteArrayInputStream(lines(7_000, 100)), 3_000, 1_024);
        assertThat(b).extracting(LineBatch::length).containsExactly(300_000, 300_000, 100_000);
        assertThat(b).extracting(LineBatch::lineCount).containsExactly(3_000, 3_000, 1_000);
        assertThat(b).extracting(LineBatch::firstLine).containsExactly(1L, 3_001L, 6_001L);
        assertThat(b).extracting(x -> x.data().length).containsExactly(329_312, 337_500, 337_500);
    }

    @Test
    void a_batch_nearly_whole_grows_the_buffer_by_at_least_half_a_first_buffer() {
        // 660 lines a batch: 655 are in the first 64 KiB, the estimate (65,500 + 100 x 5 x 9/8 = 66,062) is less than
        // 64 KiB + 32 KiB = 98,304, which is taken. Next: 66,000 + 8,250 = 74,250 (more than 64 KiB and than the
        // 32,304 bytes carried over + 32 KiB).
        List<LineBatch> b = read(new ByteArrayInputStream(lines(1_325, 100)), 660, 1_024);
        assertThat(b).extracting(LineBatch::length).containsExactly(66_000, 66_000, 500);
        assertThat(b).extracting(x -> x.data().length).containsExactly(98_304, 74_250, 74_250);
    }

    @Test
    void small_batches_keep_a_first_buffer_or_the_bytes_carried_over_plus_half_of_one() {
        // 2 lines of 100 bytes a batch: after the first cut 65,336 bytes are carried over (+ 32 KiB = 98,104); then the
        // carried-over bytes shrink by a batch each time until a first buffer is the most
        List<LineBatch> b = read(new ByteArrayInputStream(lines(1_000, 100)), 2, 1_024);
        assertThat(b).hasSize(500);
        assertThat(b.get(0).data().length).isEqualTo(MIN);
        assertThat(b.get(1).data().length).isEqualTo(65_336 + MIN / 2);
        assertThat(b.get(2).data().length).isEqualTo(65_136 + MIN / 2);
        assertThat(b).allSatisfy(x -> assertThat(x.length()).isEqualTo(200));
        // one byte per read: the start is checked over 4 KiB, so at most 4 KiB are ever carried over: a first buffer
        List<LineBatch> t = read(trickle(lines(1_000, 10)), 100, 1_024);
        assertThat(t).hasSize(10).allSatisfy(x -> {
            assertThat(x.length()).isEqualTo(1_000);
            assertThat(x.data().length).isEqualTo(MIN);
        });
    }

    @Test
    void once_the_stream_has_ended_the_next_buffer_holds_just_the_bytes_left() {
        List<LineBatch> b = read(new ByteArrayInputStream("a\nb\nccc\n".getBytes(StandardCharsets.US_ASCII)), 2, 1_024);
        assertThat(b).extracting(LineBatch::length).containsExactly(4, 4);
        assertThat(b).extracting(x -> x.data().length).containsExactly(MIN, 4);
        b = read(new ByteArrayInputStream("a\nb\nccc".getBytes(StandardCharsets.US_ASCII)), 2, 1_024);
        assertThat(b).extracting(x -> x.data().length).containsExactly(MIN, 3);
        assertThat(new String(b.get(1).data(), StandardCharsets.US_ASCII)).isEqualTo("ccc");
    }

    @Test
    void a_line_longer_than_the_buffer_doubles_it_until_the_line_fits() {
        int length = (3 << 20) + 1; // 64 KiB doubled six times: 4 MiB
        byte[] text = new byte[length + 6];
        java.util.Arrays.fill(text, (byte) 'x');
        text[length - 1] = '\n';
        System.arraycopy("short\n".getBytes(StandardCharsets.US_ASCII), 0, text, length, 6);
        List<LineBatch> b = read(new ByteArrayInputStream(text), 1, 4 << 20);
        assertThat(b).extracting(LineBatch::length).containsExactly(length, 6);
        assertThat(b.get(0).data().length).isEqualTo(4 << 20);
        // then a buffer for a batch as long again, plus an eighth
        assertThat(b.get(1).data().length).isEqualTo(length + length / 8);
    }

    @Test
    void a_buffer_filled_to_its_last_byte_is_scanned_to_its_last_byte() {
        // 64 KiB exactly: the last eight bytes are not read as one word past the end
        for (int tail = 1; tail <= 9; tail++) {
            byte[] text = lines(MIN / 16, 16);
            text[text.length - 1 - tail] = '\n';
            List<LineBatch> b = read(new ByteArrayInputStream(text), 100_000, 1_024);
            assertThat(b).hasSize(1);
            assertThat(b.get(0).lineCount()).as("tail %d", tail).isEqualTo(MIN / 16 + 1);
            assertThat(b.get(0).length()).isEqualTo(MIN);
        }
    }

    @Test
    void lines_at_the_cap_with_crlf_arriving_byte_by_byte_past_the_first_4_kib_are_taken() {
        // past the 4 KiB read for the start check, each byte is scanned as it arrives: a line at the cap whose '\r'
        // is read before its '\n' is not too long
        byte[] text = ("y".repeat(10) + "\r\n").repeat(1_000).getBytes(StandardCharsets.US_ASCII);
        List<LineBatch> b = read(trickle(text), 100, 10);
        assertThat(b).hasSize(10).allSatisfy(x -> assertThat(x.lineCount()).isEqualTo(100));
        // one byte more on line 900 is refused there
        byte[] longer = (("y".repeat(10) + "\r\n").repeat(899) + "y".repeat(11) + "\r\n" + "y\n").getBytes(StandardCharsets.US_ASCII);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> read(trickle(longer), 100, 10))
                .isInstanceOfSatisfying(IngestRejectedException.class, e -> {
                    assertThat(e.rejection().code()).isEqualTo(RejectCode.LINE_TOO_LONG);
                    assertThat(e.rejection().line()).isEqualTo(900);
                });
    }
}

