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
}
