package backtest.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.Hashes;
import storage.KlineStore;

/**
 * {@link Lineage#of} over a store merged as an ingest leaves it (December 2023, January and March 2024; no February):
 * the months a window reads (history included, end exclusive), each with its file, hash, rows and input file.
 */
class LineageTest {
    @TempDir
    static Path root;
    static KlineStore store;

    @BeforeAll
    static void threeMonths() throws Exception {
        store = RunStores.merged(root.resolve("data"), "BTCUSDT", 4, List.of(), YearMonth.of(2023, 12),
                YearMonth.of(2024, 1), YearMonth.of(2024, 3));
    }

    private static Lineage of(String from, String to) throws Exception {
        return Lineage.of(store, Instant.parse(from), Instant.parse(to), "a: 1\n", "9.9");
    }

    @Test
    void the_months_read_are_those_of_the_window_the_store_holds() throws Exception {
        Lineage l = of("2023-12-20T00:00:00Z", "2024-04-01T00:00:00Z");
        assertThat(l.months()).extracting(Lineage.MonthRead::month).containsExactly("2023-12", "2024-01", "2024-03");
        for (Lineage.MonthRead m : l.months()) {
            Path file = store.monthFile(YearMonth.parse(m.month()));
            assertThat(root.resolve("data").resolve(m.file())).isEqualTo(file);
            assertThat(m.file()).startsWith("spot/BTCUSDT/klines_1m/");
            assertThat(m.parquetSha256()).isEqualTo(Hashes.sha256(file));
            assertThat(m.rows()).isEqualTo(31 * 1440);
            String csv = "BTCUSDT-1m-" + m.month() + ".csv";
            assertThat(m.sources()).containsExactly(new Lineage.Source(csv, "sha-" + csv, "csv"));
        }
        assertThat(l.configSha256()).isEqualTo(Hashes.sha256("a: 1\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(l.programVersion()).isEqualTo("9.9");
        assertThat(l.javaVersion()).isEqualTo(Runtime.version().toString());
        assertThat(l.dataFrom()).isEqualTo(Instant.parse("2023-12-20T00:00:00Z"));
        assertThat(l.dataTo()).isEqualTo(Instant.parse("2024-04-01T00:00:00Z"));
        assertThat(l.promptSha256()).isNull();

        Lineage p = l.withPrompt("abc");
        assertThat(p.promptSha256()).isEqualTo("abc");
        assertThat(p).usingRecursiveComparison().ignoringFields("promptSha256").isEqualTo(l);
    }

    @Test
    void the_end_is_exclusive_and_the_start_month_is_the_first() throws Exception {
        assertThat(of("2024-01-15T00:00:00Z", "2024-03-01T00:00:00Z").months()).extracting(Lineage.MonthRead::month)
                .containsExactly("2024-01");
        assertThat(of("2024-01-15T00:00:00Z", "2024-03-01T00:00:00.001Z").months())
                .extracting(Lineage.MonthRead::month).containsExactly("2024-01", "2024-03");
        assertThat(of("2023-12-31T23:59:00Z", "2024-01-01T00:00:00Z").months()).extracting(Lineage.MonthRead::month)
                .containsExactly("2023-12");
        assertThat(of("2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z").months()).isEmpty();
        assertThat(of("2024-05-01T00:00:00Z", "2024-06-01T00:00:00Z").months()).isEmpty();
    }
}
