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

    @Test
    void what_is_not_a_complete_plain_parquet_file_is_refused_in_a_file_and_in_memory() throws Exception {
        byte[] ours = Files.readAllBytes(table());
        java.util.Map<String, byte[]> cases = new java.util.LinkedHashMap<>();
        cases.put("not a Parquet file", Arrays.copyOf("PAR1PAR".getBytes(), 11));
        cases.put("no plain Parquet footer", concat("PAR1".getBytes(), le(0), "PAR1".getBytes())); // 12 bytes, length 0
        cases.put("no plain Parquet footer ", concat("PAR1".getBytes(), le(-5), "PAR1".getBytes()));
        cases.put("no plain Parquet footer  ", concat("PAR1".getBytes(), le(1), "PAR1".getBytes())); // would start at 3
        byte[] wrongMagic = ours.clone();
        wrongMagic[wrongMagic.length - 1] = 'E';
        cases.put(" no plain Parquet footer", wrongMagic);
        for (var c : cases.entrySet()) {
            byte[] bytes = c.getValue();
            Path file = Files.write(dir.resolve("bad.parquet"), bytes);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ParquetFooter.sortEncodings(file))
                    .as(c.getKey()).isInstanceOf(IOException.class).hasMessageContaining(c.getKey().strip());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ParquetFooter.sortEncodingsInPlace(bytes, bytes.length))
                    .as(c.getKey()).isInstanceOf(IOException.class).hasMessageContaining(c.getKey().strip());
            assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        }
    }

    @Test
    void a_footer_right_after_the_leading_magic_is_read() throws Exception {
        byte[] footer = footerBytes(Files.readAllBytes(table()));
        byte[] minimal = concat("PAR1".getBytes(), footer, le(footer.length), "PAR1".getBytes());
        Path file = Files.write(dir.resolve("minimal.parquet"), minimal);

        assertThat(ParquetFooter.sortEncodings(file)).isFalse();
        assertThat(ParquetFooter.sortEncodingsInPlace(minimal.clone(), minimal.length).array()).isEqualTo(minimal);
    }

    @Test
    void in_memory_the_footer_is_sorted_within_the_first_size_bytes_of_a_larger_buffer() throws Exception {
        byte[] ours = Files.readAllBytes(table());
        FileMetaData other = footer(ours);
        encodings(other).forEach(Collections::reverse);
        byte[] theirs = withFooter(ours, serialize(other), 0);
        byte[] buffer = Arrays.copyOf(theirs, theirs.length + 100); // a writer's buffer is larger than its file

        ByteBuffer sorted = ParquetFooter.sortEncodingsInPlace(buffer, theirs.length);

        assertThat(sorted.position()).isZero();
        assertThat(sorted.remaining()).isEqualTo(ours.length);
        byte[] out = new byte[sorted.remaining()];
        sorted.duplicate().get(out);
        assertThat(out).isEqualTo(ours);

        byte[] padded = withFooter(ours, serialize(other), 13);
        ByteBuffer shorter = ParquetFooter.sortEncodingsInPlace(Arrays.copyOf(padded, padded.length + 50), padded.length);
        byte[] copy = new byte[shorter.remaining()];
        shorter.duplicate().get(copy);
        assertThat(copy).isEqualTo(ours);
        assertThat(shorter.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
    }

    @Test
    void a_sorted_footer_in_memory_is_returned_as_it_is() throws Exception {
        byte[] ours = Files.readAllBytes(table());
        byte[] buffer = Arrays.copyOf(ours, ours.length + 10);
        ByteBuffer same = ParquetFooter.sortEncodingsInPlace(buffer, ours.length);
        assertThat(same.array()).isSameAs(buffer);
        assertThat(same.limit()).isEqualTo(ours.length);
        assertThat(Arrays.copyOf(buffer, ours.length)).isEqualTo(ours);
    }

    private static byte[] le(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
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
