package export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.Hashes;
import storage.KlineStore;
import support.TestApp;

/** A month is exported only as the file offsets.json records: a file being replaced is waited for, a damaged one refused. */
class MonthReaderTest {
    private static final YearMonth MAY = YearMonth.of(2024, 5);

    @TempDir
    Path root;

    @Test
    void a_month_file_that_does_not_match_offsets_json_is_refused_after_the_retries() throws Exception {
        KlineStore store = TestApp.ingestGeneratedMonths(root, 4, MAY);
        Files.write(store.monthFile(MAY), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> new MonthReader(store, 3, 1).read(MAY))
                .isInstanceOfSatisfying(ExportRefused.class, e -> assertThat(e.exitCode()).isEqualTo(ExportRefused.INCONSISTENT))
                .hasMessageContaining("cannot export 2024-05: month file 2024-05.parquet does not match offsets.json")
                .hasMessageContaining("after 3 attempts").hasMessageContaining("verify --repair");
    }

    @Test
    void a_month_file_being_replaced_is_read_once_it_matches_again() throws Exception {
        KlineStore store = TestApp.ingestGeneratedMonths(root, 4, MAY);
        Path file = store.monthFile(MAY);
        String recorded = Hashes.sha256(file);
        Path kept = Files.copy(file, root.resolve("kept.parquet"));
        Files.write(file, new byte[] {0}); // mid-commit: the new file is in place, offsets.json not yet rewritten
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(150);
                Files.copy(kept, file, StandardCopyOption.REPLACE_EXISTING);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        MonthReader.StoredMonth month = new MonthReader(store, 50, 20).read(MAY);
        writer.join();
        assertThat(month.sha256()).isEqualTo(recorded);
        assertThat(month.rows().size()).isEqualTo(44640);
    }

    @Test
    void a_month_without_stored_rows_reads_as_nothing() throws Exception {
        KlineStore store = TestApp.ingestGeneratedMonths(root, 4, MAY);
        assertThat(new MonthReader(store, 1, 1).read(YearMonth.of(2024, 6))).isNull();
    }
}
