package ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link TextCheck} on the edges of its rules: UTF-16 told from binary data by where the NUL bytes sit (at least 90 %
 * of one half of the positions, none in the other), the shortest inputs, and the quoting around a NUL byte.
 */
class TextCheckTest {
    private static final String FILE = "BTCUSDT-1m-2023-01-21.csv";

    private static Rejection start(byte[] b) {
        return catchThrowableOfType(IngestRejectedException.class, () -> TextCheck.checkStart(b, b.length, FILE))
                .rejection();
    }

    /** {@code n} letters with NUL bytes at the given positions. */
    private static byte[] withNuls(int n, int... at) {
        byte[] b = "a".repeat(n).getBytes(StandardCharsets.US_ASCII);
        for (int i : at) {
            b[i] = 0;
        }
        return b;
    }

    private static int[] positions(int from, int count) {
        int[] p = new int[count];
        for (int i = 0; i < count; i++) {
            p[i] = from + 2 * i;
        }
        return p;
    }

    @Test
    void nul_bytes_on_nine_tenths_of_one_half_of_the_positions_and_none_on_the_other_are_utf16() {
        // 20 bytes: 10 odd and 10 even positions; 9 NULs on one side is UTF-16, 8 is binary data
        assertThat(start(withNuls(20, positions(1, 9))).message()).startsWith("the file looks like UTF-16");
        assertThat(start(withNuls(20, positions(0, 9))).message()).startsWith("the file looks like UTF-16");
        assertThat(start(withNuls(20, positions(1, 8))).message()).startsWith("the file holds NUL bytes");
        assertThat(start(withNuls(20, positions(0, 8))).message()).startsWith("the file holds NUL bytes");
        // one NUL on the other side makes it binary data
        int[] oddAndOne = java.util.Arrays.copyOf(positions(1, 10), 11);
        oddAndOne[10] = 4;
        assertThat(start(withNuls(20, oddAndOne)).message()).startsWith("the file holds NUL bytes");
        int[] evenAndOne = java.util.Arrays.copyOf(positions(0, 10), 11);
        evenAndOne[10] = 5;
        assertThat(start(withNuls(20, evenAndOne)).message()).startsWith("the file holds NUL bytes");
        // text encoded as UTF-16 without a byte-order mark, either byte order; the line of the first NUL
        byte[] le = "1674259200000,1\n1674259260000,1\n".getBytes(StandardCharsets.UTF_16LE);
        Rejection r = start(le);
        assertThat(r.message()).startsWith("the file looks like UTF-16");
        assertThat(r.line()).isEqualTo(1);
        assertThat(start("1674259200000,1\n".getBytes(StandardCharsets.UTF_16BE)).message())
                .startsWith("the file looks like UTF-16");
    }

    @Test
    void a_single_nul_byte_is_binary_data_on_the_line_it_is_on() {
        Rejection one = start(new byte[1]);
        assertThat(one.code()).isEqualTo(RejectCode.BAD_ENCODING);
        assertThat(one.message()).isEqualTo("the file holds NUL bytes (binary data, not CSV text): '\\x00'");
        assertThat(one.line()).isEqualTo(1);
        byte[] third = "a\nb\n\u0000".getBytes(StandardCharsets.US_ASCII);
        assertThat(start(third).line()).isEqualTo(3);
        assertThat(catchThrowableOfType(IngestRejectedException.class,
                () -> TextCheck.checkStart(third, third.length, "BTCUSDT-1m-2023-01-21.zip")).rejection().message())
                .startsWith("the archive's entry holds NUL bytes");
    }

    @Test
    void the_bytes_around_a_nul_are_quoted_from_16_before_it_with_dots_only_when_cut() {
        assertThat(start(withNuls(40, 16)).message()).endsWith(": '" + "a".repeat(16) + "\\x00" + "a".repeat(23) + "'");
        assertThat(start(withNuls(40, 17)).message()).endsWith(": '..." + "a".repeat(16) + "\\x00" + "a".repeat(22) + "'");
        assertThat(start(withNuls(40, 3)).message()).endsWith(": 'aaa\\x00" + "a".repeat(36) + "'");
    }

    @Test
    void inputs_exactly_as_long_as_a_mark_are_named_for_it() {
        assertThat(start(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}).message())
                .startsWith("the file starts with a UTF-8 byte-order mark");
        assertThat(start(new byte[] {(byte) 0xff, (byte) 0xfe}).message())
                .startsWith("the file starts with a UTF-16 byte-order mark");
        assertThat(start(new byte[] {0x1f, (byte) 0x8b}).message()).startsWith("the file is gzip-compressed");
        assertThat(start(new byte[] {'P', 'K', 3, 4}).code()).isEqualTo(RejectCode.NOT_CSV);
        // one byte short of a mark is not that mark
        TextCheck.checkStart(new byte[] {(byte) 0xef, (byte) 0xbb}, 2, FILE);
        TextCheck.checkStart(new byte[] {'P', 'K', 3}, 3, FILE);
    }

    @Test
    void a_refused_line_is_explained_by_a_nul_or_a_mark_anywhere_in_it_even_its_first_byte() {
        IngestRejectedException parser = new IngestRejectedException(RejectCode.BAD_TIME_UNIT, FILE, 7, "open_time",
                "expected epoch milliseconds");
        byte[] b = "xx\u0000167\nrest".getBytes(StandardCharsets.ISO_8859_1);
        Rejection nulFirst = TextCheck.explain(b, 2, 6, parser).rejection();
        assertThat(nulFirst.code()).isEqualTo(RejectCode.BAD_ENCODING);
        assertThat(nulFirst.line()).isEqualTo(7);
        assertThat(nulFirst.message()).isEqualTo("line 7 holds NUL bytes (UTF-16 text or binary data, not ASCII CSV):"
                + " '\\x00167'");
        // the line alone is judged: a NUL after it, or a mark cut by its end, does not count
        assertThat(TextCheck.explain(b, 3, 6, parser)).isSameAs(parser);
        byte[] bom = {'1', '\n', (byte) 0xef, (byte) 0xbb, (byte) 0xbf, '1'};
        assertThat(TextCheck.explain(bom, 2, 6, parser).rejection().message())
                .startsWith("line 7 starts with a UTF-8 byte-order mark");
        assertThat(TextCheck.explain(bom, 2, 4, parser)).isSameAs(parser);
        assertThat(TextCheck.explain(bom, 0, 1, parser)).isSameAs(parser);
        // a line at the very start of a batch's buffer (every batch after the first starts a buffer)
        byte[] batch = "\u0000167,1\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(TextCheck.explain(batch, 0, 6, parser).rejection().message()).startsWith("line 7 holds NUL bytes");
    }
}
