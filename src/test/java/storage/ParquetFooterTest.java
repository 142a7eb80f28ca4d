package storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The footer normalisation behind every Parquet write: a footer whose encodings lists another JVM wrote in
 * another order becomes byte-identical to ours; nothing else changes. Across real JVMs: CrossProcessDeterminismIT.
 */
class ParquetFooterTest {
    private static final long T0 = 1_704_067_200_000L;

    @TempDir
    Path dir;

    /** Required columns (two encodings per chunk) and optional ones (three: PLAIN, RLE, BIT_PACKED). */
    private Path table() throws IOException {
        Path file = dir.resolve("t.parquet");
        int n = 500;
        long[] ts = new long[n];
        double[] price = new double[n];
        String[] side = new String[n];
        boolean[] flag = new boolean[n];
        for (int i = 0; i < n; i++) {
            ts[i] = T0 + i * 60_000L;
            price[i] = i % 7 == 0 ? Double.NaN : 42_000 + i;
            side[i] = i % 3 == 0 ? null : (i % 2 == 0 ? "BUY" : "SELL");
            flag[i] = i % 2 == 0;
        }
        Tables.writeParquet(file, List.of(Column.timestamps("ts", ts), Column.doubles("price", price),
                Column.strings("side", side), Column.booleans("flag", flag), Column.longs("bar", ts.clone())));
        return file;
    }

    @Test
    void written_files_list_every_chunks_encodings_in_ascending_order() throws Exception {
        FileMetaData footer = footer(Files.readAllBytes(table()));
        List<List<Encoding>> lists = encodings(footer);
        assertThat(lists).hasSize(5).allSatisfy(l -> assertThat(l).hasSizeGreaterThanOrEqualTo(2)
                .isSortedAccordingTo((a, b) -> Integer.compare(a.getValue(), b.getValue())));
        assertThat(lists.get(1)).containsExactly(Encoding.PLAIN, Encoding.RLE, Encoding.BIT_PACKED);
    }

    @Test
    void a_footer_with_the_encodings_in_another_order_becomes_byte_identical() throws Exception {
        Path file = table();
        byte[] ours = Files.readAllBytes(file);
        FileMetaData other = footer(ours);
        for (List<Encoding> l : encodings(other)) {
            Collections.reverse(l); // what a JVM with other identity hash codes may write
        }
        byte[] theirs = withFooter(ours, serialize(other), 0);
        assertThat(theirs).hasSameSizeAs(ours).isNotEqualTo(ours);
        Files.write(file, theirs);

        assertThat(ParquetFooter.sortEncodings(file)).isTrue();

        assertThat(Files.readAllBytes(file)).isEqualTo(ours);
    }

    @Test
    void a_footer_that_changes_length_is_rewritten_and_the_file_truncated() throws Exception {
        Path file = table();
        byte[] ours = Files.readAllBytes(file);
        FileMetaData other = footer(ours);
        encodings(other).forEach(Collections::reverse);
        Files.write(file, withFooter(ours, serialize(other), 13)); // 13 stray bytes after the Thrift struct

        assertThat(ParquetFooter.sortEncodings(file)).isTrue();

        assertThat(Files.readAllBytes(file)).isEqualTo(ours);
    }

    @Test
    void a_sorted_footer_is_left_alone_and_reserialises_to_the_same_bytes() throws Exception {
        Path file = table();
        byte[] ours = Files.readAllBytes(file);
        long modified = Files.getLastModifiedTime(file).toMillis();

        assertThat(ParquetFooter.sortEncodings(file)).isFalse();

        assertThat(Files.readAllBytes(file)).isEqualTo(ours);
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
        // the Thrift round trip the rewrite relies on changes nothing but what it sorts
        assertThat(serialize(footer(ours))).isEqualTo(footerBytes(ours));
    }

    @Test
    void month_files_are_normalised_too_and_read_back() throws Exception {
        KlineColumns rows = new KlineColumns(3);
        for (int i = 0; i < 3; i++) {
            rows.add(T0 + i * 60_000L, 100 + i, 101 + i, 99 + i, 100.5 + i, 2.5, T0 + i * 60_000L + 59_999, 250.0,
                    10 + i, 1.25, 125.0);
        }
        Path file = dir.resolve("2024-01.parquet");
        KlineParquet.write(file, rows);
        assertThat(encodings(footer(Files.readAllBytes(file))))
                .allSatisfy(l -> assertThat(l).containsExactly(Encoding.PLAIN, Encoding.BIT_PACKED));
        assertThat(KlineParquet.read(file).openTime).startsWith(T0, T0 + 60_000, T0 + 120_000);
    }

    // ---- footer bytes -------------------------------------------------------------------------------------

    private static byte[] footerBytes(byte[] file) {
        int length = ByteBuffer.wrap(file, file.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        return Arrays.copyOfRange(file, file.length - 8 - length, file.length - 8);
    }

    private static FileMetaData footer(byte[] file) throws IOException {
        return Util.readFileMetaData(new ByteArrayInputStream(footerBytes(file)));
    }

    private static byte[] serialize(FileMetaData footer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Util.writeFileMetaData(footer, out);
        return out.toByteArray();
    }

    /** {@code file} with its footer replaced by {@code footer} plus {@code padding} zero bytes. */
    private static byte[] withFooter(byte[] file, byte[] footer, int padding) {
        int oldLength = footerBytes(file).length;
        int start = file.length - 8 - oldLength;
        ByteBuffer b = ByteBuffer.allocate(start + footer.length + padding + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put(file, 0, start).put(footer).put(new byte[padding]).putInt(footer.length + padding);
        b.put(file, file.length - 4, 4);
        return b.array();
    }

    /** The live encodings list of every column chunk (changes write through to the footer object). */
    private static List<List<Encoding>> encodings(FileMetaData footer) {
        List<List<Encoding>> out = new ArrayList<>();
        for (RowGroup g : footer.getRow_groups()) {
            for (ColumnChunk c : g.getColumns()) {
                out.add(c.getMeta_data().getEncodings());
            }
        }
        return out;
    }
}
