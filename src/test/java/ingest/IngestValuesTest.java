package ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.MonthRebuild;
import storage.Offsets;

/** The one-line summaries of outcomes and refusals, and a CHECKSUM file that gives the hash alone. */
class IngestValuesTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @TempDir
    Path dir;

    private static Offsets.FileEntry entry(String name) {
        return new Offsets.FileEntry(name, "a".repeat(64), 10, 10, 0, 0, "archive", NOW, null);
    }

    @Test
    void a_rebuild_is_summed_up_with_the_file_kept_and_the_sources_still_needed() {
        MonthRebuild kept = new MonthRebuild("2023-01", "the month file was gone", Path.of("month.parquet.damaged"),
                List.of(entry("BTCUSDT-1m-2023-01-20.zip"), entry("BTCUSDT-1m-2023-01-22.zip")));
        IngestOutcome o = new IngestOutcome(IngestOutcome.Status.INGESTED, "BTCUSDT-1m-2023-01-21.zip", "b".repeat(64),
                "2023-01", "ms", 1440, 1440, 0, 0, 1440, null, kept);
        assertThat(o.sourcesNeeded()).containsExactly("BTCUSDT-1m-2023-01-20.zip", "BTCUSDT-1m-2023-01-22.zip");
        assertThat(o.summary()).isEqualTo("INGESTED BTCUSDT-1m-2023-01-21.zip: month 2023-01, rows read 1440, added 1440,"
                + " duplicates 0, replaced 0, month rows 1440 (times in ms); REBUILT month 2023-01 from this file: the"
                + " month file was gone (that file is kept as month.parquet.damaged); its other recorded sources are"
                + " needed to complete it: BTCUSDT-1m-2023-01-20.zip, BTCUSDT-1m-2023-01-22.zip - ingest them too, or run"
                + " `verify --repair` (Binance Vision, raw CSV copies)");
        MonthRebuild alone = new MonthRebuild("2023-01", "the month file was gone", null, List.of());
        IngestOutcome a = new IngestOutcome(IngestOutcome.Status.INGESTED, "BTCUSDT-1m-2023-01-21.zip", "b".repeat(64),
                "2023-01", "ms", 1440, 1440, 0, 0, 1440, null, alone);
        assertThat(a.sourcesNeeded()).isEmpty();
        assertThat(a.summary()).endsWith("(times in ms); REBUILT month 2023-01 from this file: the month file was gone");
        IngestOutcome plain = new IngestOutcome(IngestOutcome.Status.INGESTED, "f", "b".repeat(64), "2023-01", "ms", 1, 1,
                0, 0, 1, null);
        assertThat(plain.sourcesNeeded()).isEmpty();
        assertThat(plain.summary()).endsWith("(times in ms)");
    }

    @Test
    void a_refusal_names_its_line_from_line_1_and_its_field_when_known() {
        Rejection r = new Rejection(RejectCode.BAD_VALUE, "bad", "f.csv", 1, "open", null, NOW);
        assertThat(r.describe()).isEqualTo("BAD_VALUE f.csv:1 field open: bad");
        assertThat(new Rejection(RejectCode.EMPTY, "none", "f.csv", 0, null, null, NOW).describe())
                .isEqualTo("EMPTY f.csv: none");
        Rejection renamed = r.withFile("g.csv");
        assertThat(renamed.file()).isEqualTo("g.csv");
        assertThat(renamed.describe()).isEqualTo("BAD_VALUE g.csv:1 field open: bad");
        assertThat(renamed.rejectedAt()).isEqualTo(NOW);
        assertThat(r.withSha256("c".repeat(64)).sha256()).isEqualTo("c".repeat(64));
    }

    @Test
    void a_checksum_file_may_give_the_hash_alone() throws IOException {
        Path checksum = Files.writeString(dir.resolve("BTCUSDT-1m-2023-01-21.zip.CHECKSUM"), "ABCDEF" + "0".repeat(58) + "\n");
        assertThat(ChecksumFile.expectedSha256(checksum, "BTCUSDT-1m-2023-01-21.zip")).isEqualTo("abcdef" + "0".repeat(58));
    }
}
