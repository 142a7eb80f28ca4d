package ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.CrashPoints;
import storage.KlineStore;

/** Refusals {@link IngestService#open} gives before a byte of the file is parsed: their codes and messages. */
class IngestOpenRefusalsTest {
    private static final String CSV = "BTCUSDT-1m-2023-01-21.csv";

    @TempDir
    Path root;

    private Rejection open(Path file) throws IOException {
        IngestService service = new IngestService(new KlineStore(root.resolve("data"), "BTCUSDT", Clock.systemUTC(),
                CrashPoints.NONE), new IngestSettings("BTCUSDT", new ZipLimits(1 << 20, 50), 100, 1024, null),
                Clock.systemUTC());
        try (IngestSession ignored = service.open(file.toString(), false)) {
            throw new AssertionError("expected a refusal for " + file);
        } catch (IngestRejectedException e) {
            return e.rejection();
        }
    }

    private Path csv() throws IOException {
        Path file = root.resolve(CSV);
        Files.writeString(file, "1674259200000,1,1,1,1,1,1674259259999,1,1,1,1,0\n");
        return file;
    }

    @Test
    void a_file_that_is_not_there_is_an_io_error_naming_it() throws IOException {
        Rejection r = open(root.resolve(CSV));
        assertThat(r.code()).isEqualTo(RejectCode.IO_ERROR);
        assertThat(r.file()).isEqualTo(CSV);
        assertThat(r.message()).contains("file not found", CSV);
    }

    @Test
    void a_checksum_that_is_not_a_sha256_line_is_unreadable() throws IOException {
        Path file = csv();
        Files.writeString(ChecksumFile.siblingOf(file), "not a hash  " + CSV + "\n");
        Rejection r = open(file);
        assertThat(r.code()).isEqualTo(RejectCode.CHECKSUM_UNREADABLE);
        assertThat(r.file()).isEqualTo(CSV);
        assertThat(r.message()).contains(CSV + ".CHECKSUM is not '<sha256>  <file name>'");
    }

    @Test
    void an_over_long_checksum_file_is_unreadable_without_being_read() throws IOException {
        Path file = csv();
        Files.writeString(ChecksumFile.siblingOf(file), "a".repeat(64) + "  " + CSV + "\n" + " ".repeat(2000));
        Rejection r = open(file);
        assertThat(r.code()).isEqualTo(RejectCode.CHECKSUM_UNREADABLE);
        assertThat(r.message()).contains("at most 1024");
    }

    @Test
    void a_checksum_that_is_a_folder_is_unreadable() throws IOException {
        Path file = csv();
        Files.createDirectories(ChecksumFile.siblingOf(file)); // a folder where the CHECKSUM file should be
        Rejection r = open(file);
        assertThat(r.code()).isEqualTo(RejectCode.CHECKSUM_UNREADABLE);
        assertThat(r.message()).contains(CSV + ".CHECKSUM"); // refused by its size (a folder's) or as unreadable
    }
}
