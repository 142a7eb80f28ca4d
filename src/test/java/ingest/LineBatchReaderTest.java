package ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineBatchReaderTest {

    private static List<LineBatch> batches(String text, int lines) {
        LineBatchReader r = new LineBatchReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), lines);
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
        List<LineBatch> b = batches(longLine + "\nshort\n", 1);
        assertThat(b).hasSize(2);
        assertThat(b.get(0).length()).isEqualTo(longLine.length() + 1);
        assertThat(text(b.get(1))).isEqualTo("short\n");
    }
}
