package ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    private static IngestOutcome ingested(String name) {
        return new IngestOutcome(IngestOutcome.Status.INGESTED, name, "ab", "2024-01", "ms", 1, 1, 0, 0, 1, null);
    }

    @Test
    void an_ingested_file_goes_to_done_with_its_checksum_and_no_reason_file() throws Exception {
        Path inbox = failed; // any folder will do as the inbox
        Path zip = Files.writeString(inbox.resolve("BTCUSDT-1m-2024-01.zip"), "z");
        Files.writeString(inbox.resolve("BTCUSDT-1m-2024-01.zip.CHECKSUM"), "c");
        Files.writeString(inbox.resolve("BTCUSDT-1m-2024-01.zip.sha256"), "s");
        String to = new InboxOutcomes().settle(zip.toString(), ingested("BTCUSDT-1m-2024-01.zip"));
        assertThat(to).isEqualTo(".done/BTCUSDT-1m-2024-01.zip");
        assertThat(inbox.resolve(".done/BTCUSDT-1m-2024-01.zip.CHECKSUM")).hasContent("c");
        assertThat(inbox.resolve(".done/BTCUSDT-1m-2024-01.zip.sha256")).hasContent("s");
        assertThat(inbox.resolve("BTCUSDT-1m-2024-01.zip.CHECKSUM")).doesNotExist();
        assertThat(inbox.resolve(".done/BTCUSDT-1m-2024-01.zip.reason.json")).doesNotExist();
        assertThat(zip).exists(); // the route moves the file itself
    }

    @Test
    void a_refused_file_goes_to_failed_under_a_free_name_with_its_reason() throws Exception {
        Path inbox = failed;
        Path csv = Files.writeString(inbox.resolve("BTCUSDT-1m-2024-01.csv"), "x");
        Instant at = Instant.parse("2026-12-01T12:00:00Z");
        Rejection r = new Rejection(RejectCode.BAD_NUMBER, "bad close", "BTCUSDT-1m-2024-01.csv", 7, "close", "ff", at);
        InboxOutcomes outcomes = new InboxOutcomes();
        assertThat(outcomes.settle(csv.toString(), IngestOutcome.rejected(r))).isEqualTo(".failed/BTCUSDT-1m-2024-01.csv");
        JsonNode reason = new ObjectMapper().readTree(inbox.resolve(".failed/BTCUSDT-1m-2024-01.csv.reason.json").toFile());
        assertThat(reason.path("code").asText()).isEqualTo("BAD_NUMBER");
        assertThat(reason.path("message").asText()).isEqualTo("bad close");
        assertThat(reason.path("file").asText()).isEqualTo("BTCUSDT-1m-2024-01.csv");
        assertThat(reason.path("line").asLong()).isEqualTo(7);
        assertThat(reason.path("field").asText()).isEqualTo("close");
        assertThat(reason.path("sha256").asText()).isEqualTo("ff");
        assertThat(reason.path("rejected_at").asText()).isEqualTo("2026-12-01T12:00:00Z");

        // the same name refused again (after the route moved the first one in) gets the next free name
        Files.move(csv, inbox.resolve(".failed/BTCUSDT-1m-2024-01.csv"));
        Files.writeString(csv, "y");
        Rejection noLine = new Rejection(RejectCode.EMPTY, "empty", "BTCUSDT-1m-2024-01.csv", 0, null, null, null);
        assertThat(outcomes.settle(csv.toString(), IngestOutcome.rejected(noLine)))
                .isEqualTo(".failed/BTCUSDT-1m-2024-01-2.csv");
        JsonNode second = new ObjectMapper().readTree(inbox.resolve(".failed/BTCUSDT-1m-2024-01-2.csv.reason.json").toFile());
        assertThat(second.get("line").isNull()).as("line 0 is no line").isTrue();
        assertThat(second.get("rejected_at").isNull()).isTrue();
        assertThat(second.get("field").isNull()).isTrue();
    }
}
