package ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PrintableTest {
    private static String bytes(byte[] b, int max) {
        return Printable.bytes(b, 0, b.length, max);
    }

    @Test
    void keeps_printable_ascii_and_escapes_controls() {
        assertThat(bytes("12.5,ab".getBytes(StandardCharsets.US_ASCII), 40)).isEqualTo("12.5,ab");
        assertThat(bytes(new byte[] {'1', 0, 7, '\t', '\r', '\n', 0x7f}, 40)).isEqualTo("1\\x00\\x07\\t\\r\\n\\x7F");
    }

    @Test
    void names_a_byte_order_mark_and_keeps_visible_unicode() {
        assertThat(bytes("\uFEFF1674259200000".getBytes(StandardCharsets.UTF_8), 40)).isEqualTo("\\uFEFF1674259200000");
        assertThat(bytes("prix €".getBytes(StandardCharsets.UTF_8), 40)).isEqualTo("prix €");
        assertThat(bytes("a\u202Eb\u00A0c".getBytes(StandardCharsets.UTF_8), 40)).isEqualTo("a\\u202Eb\\u00A0c");
    }

    @Test
    void escapes_bytes_that_are_not_utf8() {
        assertThat(bytes(new byte[] {(byte) 0xff, (byte) 0xfe, '1', 0}, 40)).isEqualTo("\\xFF\\xFE1\\x00");
        assertThat(bytes(new byte[] {(byte) 0xc0, (byte) 0x80}, 40)).isEqualTo("\\xC0\\x80"); // overlong NUL
        assertThat(bytes(new byte[] {(byte) 0xe2, (byte) 0x82}, 40)).isEqualTo("\\xE2\\x82"); // truncated sequence
        assertThat(bytes(new byte[] {'P', 'K', 3, 4}, 40)).isEqualTo("PK\\x03\\x04");
    }

    @Test
    void bounds_the_length() {
        byte[] many = "x".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        assertThat(bytes(many, 40)).isEqualTo("x".repeat(40) + "...");
        assertThat(Printable.text("y".repeat(500), 100)).isEqualTo("y".repeat(100) + "...");
        // a multi-byte character is never split: its bytes beyond the bound are cut whole or shown escaped
        assertThat(bytes("ab€".getBytes(StandardCharsets.UTF_8), 3)).isEqualTo("ab\\xE2...");
    }

    @Test
    void escapes_text_the_same_way() {
        assertThat(Printable.text("bad\nname\u0000.zip\uFEFF", 100)).isEqualTo("bad\\nname\\x00.zip\\uFEFF");
        assertThat(Printable.text("\uD800x", 100)).isEqualTo("\\uD800x");
        assertThat(Printable.text(null, 10)).isNull();
    }

    private static byte[] b(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) v[i];
        }
        return out;
    }

    @Test
    void utf8_lead_bytes_at_each_edge_of_their_ranges() {
        assertThat(bytes(b(0xc1, 0xbf), 40)).isEqualTo("\\xC1\\xBF"); // below the 2-byte range: overlong
        assertThat(bytes(b(0xc2, 0xa9), 40)).isEqualTo("\u00A9"); // first 2-byte lead
        assertThat(bytes(b(0xdf, 0xbf), 40)).isEqualTo("\u07FF"); // last 2-byte lead
        assertThat(bytes(b(0xe0, 0xa0, 0x80), 40)).isEqualTo("\u0800"); // first 3-byte lead, shortest form
        assertThat(bytes(b(0xef, 0xbf, 0xbd), 40)).isEqualTo("\\uFFFD"); // last 3-byte lead; the replacement char escaped
        assertThat(bytes(b(0xf0, 0x90, 0x80, 0x80), 40)).isEqualTo("\uD800\uDC00"); // first 4-byte lead: U+10000
        assertThat(bytes(b(0xf4, 0x8f, 0xbf, 0xbf), 40)).isEqualTo("\\U0010FFFF"); // last code point, not visible
        assertThat(bytes(b(0xf5, 0x80, 0x80, 0x80), 40)).isEqualTo("\\xF5\\x80\\x80\\x80"); // past the 4-byte range
    }

    @Test
    void only_well_formed_shortest_sequences_of_real_code_points_decode() {
        assertThat(bytes(b(0xc3, 0x28), 40)).isEqualTo("\\xC3("); // a continuation byte missing
        assertThat(bytes(b(0xe0, 0x9f, 0xbf), 40)).isEqualTo("\\xE0\\x9F\\xBF"); // U+07FF in 3 bytes: overlong
        assertThat(bytes(b(0xf0, 0x8f, 0xbf, 0xbf), 40)).isEqualTo("\\xF0\\x8F\\xBF\\xBF"); // U+FFFF in 4 bytes
        assertThat(bytes(b(0xed, 0x9f, 0xbf), 40)).isEqualTo("\\uD7FF"); // last code point before the surrogates
        assertThat(bytes(b(0xed, 0xa0, 0x80), 40)).isEqualTo("\\xED\\xA0\\x80"); // first surrogate
        assertThat(bytes(b(0xed, 0xbf, 0xbf), 40)).isEqualTo("\\xED\\xBF\\xBF"); // last surrogate
        assertThat(bytes(b(0xee, 0x80, 0x80), 40)).isEqualTo("\\uE000"); // first after them (private use)
        assertThat(bytes(b(0xf4, 0x90, 0x80, 0x80), 40)).isEqualTo("\\xF4\\x90\\x80\\x80"); // above U+10FFFF
        assertThat(bytes(b(0xef, 0xbf, 0xbf), 40)).isEqualTo("\\uFFFF"); // the last 4-hex-digit escape
        assertThat(bytes(b(0xf3, 0xb0, 0x80, 0x80), 40)).isEqualTo("\\U000F0000"); // private use, plane 15
    }

    @Test
    void a_sequence_ending_exactly_at_the_bound_is_whole() {
        byte[] euro = "ab€".getBytes(StandardCharsets.UTF_8);
        assertThat(bytes(euro, 5)).isEqualTo("ab€");
        assertThat(Printable.bytes(euro, 0, euro.length, euro.length)).isEqualTo("ab€");
        assertThat(Printable.bytes(euro, 1, euro.length, 4)).isEqualTo("b€");
        assertThat(Printable.bytes(euro, 0, 4, 40)).isEqualTo("ab\\xE2\\x82"); // cut by the range, not the bound
        assertThat(Printable.bytes(euro, 0, 2, 2)).isEqualTo("ab");
    }

    @Test
    void text_bounds_by_characters_and_escapes_non_ascii_controls_and_spaces() {
        assertThat(Printable.text("abc", 3)).isEqualTo("abc");
        assertThat(Printable.text("abcd", 3)).isEqualTo("abc...");
        assertThat(Printable.text("\u0080\u00a0\u2028\u200e\u00e9", 10)).isEqualTo("\\u0080\\u00A0\\u2028\\u200E\u00e9");
        assertThat(Printable.text("\uD83D\uDE00x", 1)).isEqualTo("\uD83D\uDE00..."); // a pair is one character
        assertThat(Printable.text("", 0)).isEmpty();
    }
}
