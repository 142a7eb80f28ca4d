package ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboxTriageTest {
    @TempDir
    Path inbox;

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2024-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final InboxTriage triage = new InboxTriage(clock, Duration.ofMinutes(10));

    @Test
    void takes_archives_csvs_and_unknown_names_at_once() {
        for (String name : new String[] {"BTCUSDT-1m-2024-01.zip", "BTCUSDT-1m-2024-01-02.csv", "X.ZIP", "notes.txt", "README"}) {
            assertThat(triage.take(inbox.resolve(name), false)).as(name).isTrue();
        }
    }

    @Test
    void a_checksum_waits_for_its_archive_for_a_bounded_time() throws Exception {
        Path sum = inbox.resolve("BTCUSDT-1m-2024-01.zip.CHECKSUM");
        Files.writeString(sum, "0".repeat(64) + "  BTCUSDT-1m-2024-01.zip\n");
        assertThat(triage.take(sum, false)).isFalse();
        clock.now = clock.now.plus(Duration.ofMinutes(9));
        assertThat(triage.take(sum, false)).isFalse();
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        assertThat(triage.take(sum, false)).as("orphaned after 10 minutes").isTrue();
        IngestOutcome o = triage.orphan(sum.toString());
        assertThat(o.rejection().code()).isEqualTo(RejectCode.ORPHAN_CHECKSUM);
        assertThat(o.rejection().file()).isEqualTo("BTCUSDT-1m-2024-01.zip.CHECKSUM");
        assertThat(o.rejection().message()).contains("BTCUSDT-1m-2024-01.zip", "600 s");
        assertThat(o.sha256()).hasSize(64);
    }

    @Test
    void a_checksum_beside_its_archive_is_left_to_the_archive() throws Exception {
        Files.writeString(inbox.resolve("BTCUSDT-1m-2024-01.zip"), "zip");
        Path sum = inbox.resolve("BTCUSDT-1m-2024-01.zip.CHECKSUM");
        clock.now = clock.now.plus(Duration.ofHours(1));
        assertThat(triage.take(sum, false)).isFalse();
        assertThat(triage.take(sum, false)).isFalse();
    }

    @Test
    void temporary_names_and_sub_folders_wait() {
        assertThat(triage.take(inbox.resolve("BTCUSDT-1m-2024-01.zip.part"), false)).isFalse();
        assertThat(triage.take(inbox.resolve("BTCUSDT-1m-2024-01.zip.crdownload"), false)).isFalse();
        assertThat(triage.take(inbox.resolve("x.TMP"), false)).isFalse();
        assertThat(triage.take(inbox.resolve("sub"), true)).isFalse();
    }
}
