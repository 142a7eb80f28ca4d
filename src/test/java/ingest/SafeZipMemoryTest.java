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

    private static byte[] readAll(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
