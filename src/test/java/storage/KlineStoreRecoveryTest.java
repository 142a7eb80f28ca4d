package storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KlineStoreRecoveryTest {
    private static final long DEAD_PID = Long.MAX_VALUE / 2; // no such process

    @Test
    void recovery_deletes_raw_csv_temp_files_of_dead_writers_and_spares_live_ones(@TempDir Path data) throws Exception {
        KlineStore store = new KlineStore(data, "BTCUSDT", Clock.systemUTC(), CrashPoints.NONE);
        Path raw = Files.createDirectories(store.klinesDir().resolve("raw_csv"));
        Path dead = Files.createFile(raw.resolve("BTCUSDT-1m-2023-01.csv" + AtomicFiles.TMP_MARKER + DEAD_PID + "-1a"));
        Path live = Files.createFile(AtomicFiles.tempSibling(raw.resolve("BTCUSDT-1m-2023-02.csv")));
        Path monthTmp = Files.createFile(store.klinesDir().resolve("2023-01.parquet" + AtomicFiles.TMP_MARKER + "1-2b"));

        store.recover();

        assertThat(dead).doesNotExist();
        assertThat(live).as("an ingest of this process is still writing it").exists();
        assertThat(monthTmp).as("month temp files are only written under the store lock").doesNotExist();
    }

    @Test
    void writer_of_an_unrecognised_temp_name_counts_as_gone() {
        assertThat(AtomicFiles.writerAlive(Path.of("x.csv" + AtomicFiles.TMP_MARKER + "abc"))).isFalse();
        assertThat(AtomicFiles.writerAlive(AtomicFiles.tempSibling(Path.of("x.csv")))).isTrue();
    }
}
