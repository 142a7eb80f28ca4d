package ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboxOutcomesTest {
    @TempDir
    Path failed;

    @Test
    void a_free_name_is_numbered_before_the_first_dot_and_skips_any_name_in_use() throws Exception {
        assertThat(InboxOutcomes.freeName(failed, "BTCUSDT-1m-2024-01.zip")).isEqualTo("BTCUSDT-1m-2024-01.zip");
        Files.writeString(failed.resolve("BTCUSDT-1m-2024-01.zip"), "");
        assertThat(InboxOutcomes.freeName(failed, "BTCUSDT-1m-2024-01.zip")).isEqualTo("BTCUSDT-1m-2024-01-2.zip");
        Files.writeString(failed.resolve("BTCUSDT-1m-2024-01-2.zip.reason.json"), ""); // a reason file alone counts
        assertThat(InboxOutcomes.freeName(failed, "BTCUSDT-1m-2024-01.zip")).isEqualTo("BTCUSDT-1m-2024-01-3.zip");

        Files.writeString(failed.resolve("X.zip.CHECKSUM"), "");
        assertThat(InboxOutcomes.freeName(failed, "X.zip.CHECKSUM")).isEqualTo("X-2.zip.CHECKSUM");
        Files.writeString(failed.resolve("README"), "");
        assertThat(InboxOutcomes.freeName(failed, "README")).isEqualTo("README-2");
    }
}
