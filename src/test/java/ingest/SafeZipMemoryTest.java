package ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An archive whose bytes were read for its SHA-256 is inflated from those bytes: the same CSV bytes as from the file,
 * the same refusals for damaged data, and the file path for anything but the plain single-entry archive.
 */
class SafeZipMemoryTest {
    private static final String NAME = "BTCUSDT-1m-2023-01-21";
    private static final ZipLimits LIMITS = new ZipLimits(1 << 26, 100);

    @TempDir
    Path dir;

    private static byte[] csv() {
        StringBuilder sb = new StringBuilder();
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            sb.append(1674259200000L + 60_000L * i).append(',').append(20_000 + r.nextInt(5_000)).append('.')
                    .append(r.nextInt(100)).append("000000,1,1,1,1,1674259259999,1,1,1,1,0\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private Path zip(byte[] content, String comment) throws IOException {
        Path zip = dir.resolve(NAME + ".zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            if (comment != null) {
                z.setComment(comment);
            }
            z.putNextEntry(new ZipEntry(NAME + ".csv"));
            z.write(content);
            z.closeEntry();
        }
        return zip;
    }

    private static SafeZip open(Path zip, byte[] bytes) {
        return SafeZip.open(zip, SourceName.parse(zip.getFileName().toString()), LIMITS, bytes);
    }

    @Test
    void inflates_from_the_bytes_read_the_same_csv_as_from_the_file() throws IOException {
        byte[] csv = csv();
        Path zip = zip(csv, null);
        try (SafeZip memory = open(zip, Files.readAllBytes(zip)); SafeZip file = open(zip, null)) {
            assertThat(memory.fromMemory()).isTrue();
            assertThat(file.fromMemory()).isFalse();
            assertThat(readAll(memory.csv())).isEqualTo(csv);
            assertThat(readAll(file.csv())).isEqualTo(csv);
        }
    }

    @Test
    void an_archive_with_a_comment_is_read_from_the_file() throws IOException {
        byte[] csv = csv();
        Path zip = zip(csv, "made elsewhere");
        try (SafeZip z = open(zip, Files.readAllBytes(zip))) {
            assertThat(z.fromMemory()).isFalse();
            assertThat(readAll(z.csv())).isEqualTo(csv);
        }
    }

    @Test
    void bytes_that_are_not_the_file_the_directory_describes_are_not_used() throws IOException {
        Path zip = zip(csv(), null);
        byte[] other = Files.readAllBytes(zip(csv().clone(), null));
        other[other.length - 22 + 16] ^= 1; // the central directory offset no longer points at it
        try (SafeZip z = open(zip, other)) {
            assertThat(z.fromMemory()).isFalse();
        }
    }

    @Test
    void damaged_and_truncated_deflate_data_are_corrupt_archives() throws IOException {
        Path zip = zip(csv(), null);
        byte[] damaged = Files.readAllBytes(zip);
        for (int i = 200; i < 400; i++) {
            damaged[i] = (byte) 0xff;
        }
        try (SafeZip z = open(zip, damaged)) {
            assertThat(z.fromMemory()).isTrue();
            Rejection r = catchThrowableOfType(IngestRejectedException.class, () -> readAll(z.csv())).rejection();
            assertThat(r.code()).isEqualTo(RejectCode.ZIP_CORRUPT);
        }
        // the deflate stream cut short (the directory still says the full size): as ZipFile, an EOF is corrupt data
        byte[] bytes = Files.readAllBytes(zip);
        int data = 30 + (NAME + ".csv").length();
        byte[] cut = bytes.clone();
        java.util.Arrays.fill(cut, data + 1000, data + 1010, (byte) 0);
        try (SafeZip z = open(zip, cut)) {
            assertThat(z.fromMemory()).isTrue();
            Rejection r = catchThrowableOfType(IngestRejectedException.class, () -> readAll(z.csv())).rejection();
            assertThat(r.code()).isEqualTo(RejectCode.ZIP_CORRUPT);
        }
    }

    @Test
    void the_size_cap_holds_from_memory() throws IOException {
        Path zip = zip(csv(), null);
        try (SafeZip z = SafeZip.open(zip, SourceName.parse(zip.getFileName().toString()), new ZipLimits(100_000, 100),
                Files.readAllBytes(zip))) {
            assertThat(z.fromMemory()).isTrue();
            Rejection r = catchThrowableOfType(IngestRejectedException.class, () -> readAll(z.csv())).rejection();
            assertThat(r.code()).isEqualTo(RejectCode.ZIP_TOO_LARGE);
        }
    }

    /**
     * A single-entry archive as a minimal writer lays it out: local header, the entry's data with its sizes and CRC
     * known up front (no data descriptor after the data), central directory, end record without comment. {@code crc}
     * is written to both headers as given.
     */
    private static byte[] plainZip(String entryName, byte[] content, int method, long crc, boolean finish) {
        byte[] data;
        if (method == ZipEntry.STORED) {
            data = content;
        } else {
            java.util.zip.Deflater d = new java.util.zip.Deflater(6, true);
            d.setInput(content);
            if (finish) {
                d.finish();
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[65536];
            if (finish) {
                while (!d.finished()) {
                    out.write(buf, 0, d.deflate(buf));
                }
            } else { // the deflate stream without its final block
                for (int n; (n = d.deflate(buf, 0, buf.length, java.util.zip.Deflater.SYNC_FLUSH)) > 0; ) {
                    out.write(buf, 0, n);
                }
            }
            d.end();
            data = out.toByteArray();
        }
        byte[] name = entryName.getBytes(StandardCharsets.US_ASCII);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(30 + name.length + data.length + 46 + name.length + 22)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) method).putInt(0)
                .putInt((int) crc).putInt(data.length).putInt(content.length).putShort((short) name.length)
                .putShort((short) 0).put(name).put(data);
        int cen = b.position();
        b.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0).putShort((short) method)
                .putInt(0).putInt((int) crc).putInt(data.length).putInt(content.length).putShort((short) name.length)
                .putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt(0)
                .put(name);
        int size = b.position() - cen;
        b.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 1).putShort((short) 1)
                .putInt(size).putInt(cen).putShort((short) 0);
        return b.array();
    }

    private static void putInt(byte[] b, int at, int value) {
        java.nio.ByteBuffer.wrap(b, at, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(value);
    }

    private static long crc(byte[] content) {
        java.util.zip.CRC32 c = new java.util.zip.CRC32();
        c.update(content);
        return c.getValue();
    }

    private Path write(byte[] zipBytes) throws IOException {
        Path zip = dir.resolve(NAME + ".zip");
        Files.write(zip, zipBytes);
        return zip;
    }

    /** The CSV bytes read, or the refusal (code and message), as a string to compare. */
    private static String outcome(SafeZip z) {
        try {
            return "read " + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(readAll(z.csv())));
        } catch (IngestRejectedException e) {
            return e.rejection().code() + " " + e.rejection().message();
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            return e.toString();
        }
    }

    /** Opens the archive from its bytes and from the file; asserts where each reads from and that both give the same. */
    private String both(Path zip, byte[] bytes, boolean fromMemory) {
        try (SafeZip memory = open(zip, bytes); SafeZip file = open(zip, null)) {
            assertThat(memory.fromMemory()).isEqualTo(fromMemory);
            assertThat(file.fromMemory()).isFalse();
            String m = outcome(memory);
            assertThat(m).isEqualTo(outcome(file));
            return m;
        }
    }

    private static String read(byte[] csv) {
        try {
            return "read " + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(csv));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void an_archive_without_data_descriptor_is_inflated_from_memory() throws IOException {
        byte[] csv = csv();
        byte[] bytes = plainZip(NAME + ".csv", csv, ZipEntry.DEFLATED, crc(csv), true);
        assertThat(both(write(bytes), bytes, true)).isEqualTo(read(csv));
    }

    @Test
    void an_empty_entry_is_inflated_from_memory() throws IOException {
        Path zip = zip(new byte[0], null);
        assertThat(both(zip, Files.readAllBytes(zip), true)).isEqualTo(read(new byte[0]));
        byte[] bytes = plainZip(NAME + ".csv", new byte[0], ZipEntry.DEFLATED, 0, true);
        assertThat(both(write(bytes), bytes, true)).isEqualTo(read(new byte[0]));
    }

    @Test
    void a_stored_entry_is_read_from_the_file() throws IOException {
        byte[] csv = csv();
        byte[] bytes = plainZip(NAME + ".csv", csv, ZipEntry.STORED, crc(csv), true);
        assertThat(both(write(bytes), bytes, false)).isEqualTo(read(csv));
    }

    @Test
    void bytes_that_differ_from_the_directory_in_any_field_read_are_not_used() throws IOException {
        byte[] csv = csv();
        byte[] good = plainZip(NAME + ".csv", csv, ZipEntry.DEFLATED, crc(csv), true);
        Path zip = write(good);
        int end = good.length - 22;
        int cen = end - 46 - (NAME + ".csv").length();
        assertThat(both(zip, good, true)).isEqualTo(read(csv));
        java.util.Map<String, java.util.function.Consumer<byte[]>> damage = new java.util.LinkedHashMap<>();
        damage.put("end record signature", b -> b[end] ^= 1);
        damage.put("end record: an archive comment", b -> b[end + 20] = 1);
        damage.put("end record: two entries", b -> b[end + 10] = 2);
        damage.put("end record: directory offset near the end", b -> putInt(b, end + 16, b.length - 2));
        damage.put("end record: directory offset far past the end", b -> b[end + 19] = 1);
        damage.put("directory signature", b -> b[cen] ^= 1);
        damage.put("directory: encrypted", b -> b[cen + 8] |= 1);
        damage.put("directory: stored", b -> b[cen + 10] = 0);
        damage.put("directory: another CRC", b -> b[cen + 16] ^= 1);
        damage.put("directory: another compressed size", b -> b[cen + 20] ^= 1);
        damage.put("directory: ZIP64 compressed size", b -> java.util.Arrays.fill(b, cen + 20, cen + 24, (byte) 0xff));
        damage.put("directory: ZIP64 local header offset", b -> java.util.Arrays.fill(b, cen + 42, cen + 46, (byte) 0xff));
        damage.put("directory: local header near the end", b -> putInt(b, cen + 42, b.length - 2));
        damage.put("directory: local header overlapping the directory", b -> putInt(b, cen + 42, cen - 29));
        damage.put("local header signature", b -> b[0] ^= 1);
        damage.put("local header: encrypted", b -> b[6] |= 1);
        damage.put("local header: a longer name", b -> b[26] += 1);
        damage.put("local header: an extra field", b -> b[28] = 1);
        for (var d : damage.entrySet()) {
            byte[] bytes = good.clone();
            d.getValue().accept(bytes);
            try (SafeZip z = open(zip, bytes)) {
                assertThat(z.fromMemory()).as(d.getKey()).isFalse();
                assertThat(readAll(z.csv())).as(d.getKey()).isEqualTo(csv);
            }
        }
        // bytes too short to hold an end record, or cut short
        for (byte[] bytes : new byte[][] {new byte[0], new byte[21], java.util.Arrays.copyOf(good, 22),
            java.util.Arrays.copyOfRange(good, 1, good.length), java.util.Arrays.copyOfRange(good, end, good.length)}) {
            try (SafeZip z = open(zip, bytes)) {
                assertThat(z.fromMemory()).as("%d bytes", bytes.length).isFalse();
                assertThat(readAll(z.csv())).isEqualTo(csv);
            }
        }
    }

    @Test
    void damaged_deflate_data_gets_the_same_refusal_from_memory_as_from_the_file() throws IOException {
        byte[] csv = csv();
        int data = 30 + (NAME + ".csv").length();
        // invalid deflate data: ZipException with the inflater's message
        byte[] bad = plainZip(NAME + ".csv", csv, ZipEntry.DEFLATED, crc(csv), true);
        java.util.Arrays.fill(bad, data, data + 8, (byte) 0xff);
        assertThat(both(write(bad), bad, true)).startsWith("ZIP_CORRUPT corrupt archive data (invalid");
        // a deflate stream without its final block: it ends too soon
        byte[] cut = plainZip(NAME + ".csv", csv, ZipEntry.DEFLATED, crc(csv), false);
        assertThat(both(write(cut), cut, true))
                .isEqualTo("ZIP_CORRUPT corrupt archive data (Unexpected end of ZLIB input stream)");
        // a directory CRC of 0 for an entry whose CRC is not 0
        byte[] zeroCrc = plainZip(NAME + ".csv", csv, ZipEntry.DEFLATED, 0, true);
        assertThat(both(write(zeroCrc), zeroCrc, true))
                .isEqualTo("ZIP_CORRUPT CRC-32 of the inflated entry does not match the archive");
        byte[] otherCrc = plainZip(NAME + ".csv", csv, ZipEntry.DEFLATED, crc(csv) ^ 1, true);
        assertThat(both(write(otherCrc), otherCrc, true))
                .isEqualTo("ZIP_CORRUPT CRC-32 of the inflated entry does not match the archive");
    }

    @Test
    void the_size_cap_is_exact_from_memory_and_from_the_file() throws IOException {
        byte[] csv = csv();
        Path zip = zip(csv, null);
        byte[] bytes = Files.readAllBytes(zip);
        for (long max : new long[] {csv.length, csv.length - 1}) {
            ZipLimits limits = new ZipLimits(max, 1_000);
            SourceName name = SourceName.parse(zip.getFileName().toString());
            try (SafeZip memory = SafeZip.open(zip, name, limits, bytes); SafeZip file = SafeZip.open(zip, name, limits)) {
                assertThat(memory.fromMemory()).isTrue();
                String m = outcome(memory);
                assertThat(m).isEqualTo(outcome(file));
                assertThat(m).isEqualTo(max == csv.length ? read(csv) : "ZIP_TOO_LARGE entry inflates beyond " + max
                        + " bytes (limits: app.ingest.max-entry-bytes=" + max + ", app.ingest.max-compression-ratio=1000)");
            }
        }
    }

    @Test
    void the_entry_reads_byte_by_byte_and_not_at_all_after_close_as_from_the_file() throws IOException {
        byte[] csv = java.util.Arrays.copyOf(csv(), 5_000);
        Path zip = zip(csv, null);
        byte[] bytes = Files.readAllBytes(zip);
        for (byte[] given : new byte[][] {bytes, null}) {
            try (SafeZip z = open(zip, given)) {
                InputStream in = z.csv();
                assertThat(in.read(new byte[10], 0, 0)).isZero();
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                for (int c; (c = in.read()) >= 0; ) {
                    out.write(c);
                }
                assertThat(out.toByteArray()).isEqualTo(csv);
                assertThat(in.read()).isEqualTo(-1);
                assertThat(in.read(new byte[10], 0, 10)).isEqualTo(-1);
                in.close();
                in.close();
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> in.read(new byte[10], 0, 10))
                        .isInstanceOf(IOException.class);
            }
        }
        // bytes above 127 come back as 128..255, not as negative numbers
        byte[] high = new byte[256];
        for (int i = 0; i < high.length; i++) {
            high[i] = (byte) i;
        }
        byte[] zipBytes = plainZip(NAME + ".csv", high, ZipEntry.DEFLATED, crc(high), true);
        Path z2 = write(zipBytes);
        for (byte[] given : new byte[][] {zipBytes, null}) {
            try (SafeZip z = open(z2, given)) {
                InputStream in = z.csv();
                for (int i = 0; i < 256; i++) {
                    assertThat(in.read()).isEqualTo(i);
                }
                assertThat(in.read()).isEqualTo(-1);
            }
        }
    }

    /** The files this process holds open (Linux: the targets of /proc/self/fd). */
    private static java.util.List<Path> openFiles() throws IOException {
        java.util.List<Path> out = new java.util.ArrayList<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    out.add(Files.readSymbolicLink(fd));
                } catch (IOException | UnsupportedOperationException gone) {
                    // closed meanwhile (the listing's own descriptor)
                }
            }
        }
        return out;
    }

    @Test
    void the_archive_file_is_closed_by_close_and_by_a_refusal() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "Linux /proc");
        Path zip = zip(csv(), null).toRealPath();
        for (byte[] given : new byte[][] {Files.readAllBytes(zip), null}) {
            SafeZip z = open(zip, given);
            assertThat(openFiles()).contains(zip);
            InputStream in = z.csv();
            z.close();
            assertThat(openFiles()).doesNotContain(zip);
            if (given == null) { // the entry's stream closes with the archive
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> in.read(new byte[10], 0, 10))
                        .isInstanceOf(IOException.class);
            }
        }
        // refusals after the archive was opened: two entries, an entry of another name
        Path two = dir.resolve(NAME + ".zip");
        for (boolean twoEntries : new boolean[] {true, false}) {
            if (twoEntries) {
                try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(two))) {
                    for (String entry : new String[] {NAME + ".csv", "other.csv"}) {
                        z.putNextEntry(new ZipEntry(entry));
                        z.write(1);
                        z.closeEntry();
                    }
                }
            } else {
                write(plainZip("BTCUSDT-1m-2023-01-22.csv", csv(), ZipEntry.DEFLATED, crc(csv()), true));
            }
            Rejection r = catchThrowableOfType(IngestRejectedException.class, () -> open(two, null)).rejection();
            assertThat(r.code()).isEqualTo(twoEntries ? RejectCode.ZIP_ENTRY_COUNT : RejectCode.ZIP_ENTRY_NAME);
            assertThat(openFiles()).doesNotContain(two.toRealPath());
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
