package storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SHA-256 as lower-case hex, the same for a file, a byte array and a buffer's remaining bytes (FIPS 180-2 vectors). */
class HashesTest {
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @TempDir
    Path dir;

    @Test
    void known_digests_of_bytes_buffers_and_files() throws Exception {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertThat(Hashes.sha256(abc)).isEqualTo(ABC);
        assertThat(Hashes.sha256(new byte[0])).isEqualTo(EMPTY);

        ByteBuffer buffer = ByteBuffer.wrap("xxabcyy".getBytes(StandardCharsets.US_ASCII), 2, 3);
        assertThat(Hashes.sha256(buffer)).isEqualTo(ABC);
        assertThat(buffer.position()).as("the buffer is left as it was").isEqualTo(2);
        assertThat(buffer.remaining()).isEqualTo(3);

        assertThat(Hashes.sha256(Files.write(dir.resolve("abc"), abc))).isEqualTo(ABC);
        assertThat(Hashes.sha256(Files.write(dir.resolve("empty"), new byte[0]))).isEqualTo(EMPTY);
        assertThat(HexFormat.of().formatHex(Hashes.sha256Digest().digest(abc))).isEqualTo(ABC);
    }

    /** A file longer than the read buffer (64 KiB) is hashed whole: "a" one million times, the standard vector. */
    @Test
    void a_file_longer_than_one_read_is_hashed_whole() throws Exception {
        byte[] million = new byte[1_000_000];
        java.util.Arrays.fill(million, (byte) 'a');
        Path file = Files.write(dir.resolve("million"), million);

        assertThat(Hashes.sha256(file)).isEqualTo("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
        assertThat(Hashes.sha256(million)).isEqualTo(Hashes.sha256(file));
    }
}
