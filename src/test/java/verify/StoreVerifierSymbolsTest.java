package verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.CrashPoints;
import storage.Hashes;
import storage.KlineColumns;
import storage.KlineStore;
import storage.KlineStores;
import storage.MergeRequest;
import storage.OffsetsCodec;
import storage.Symbols;

/**
 * {@code verify --symbol X | --all}: a verifier over every symbol's store ({@link KlineStores}) checks the store of
 * the symbol asked for, refuses one the store neither lists nor holds, and the reports of several symbols are
 * written as one JSON array; a report that cannot be written names its file.
 */
class StoreVerifierSymbolsTest {
    private static final long MINUTE = 60_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final YearMonth JUNE = YearMonth.of(2024, 6);

    @TempDir
    Path dir;

    private KlineStores stores(String symbols) {
        return new KlineStores(dir, Symbols.parse(symbols), CLOCK, CrashPoints.NONE);
    }

    private static long start(YearMonth m) {
        return m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /** The first {@code minutes} minutes of June 2024 merged into {@code store}. */
    private static void june(KlineStore store, int minutes) throws IOException {
        KlineColumns c = new KlineColumns(minutes);
        for (int k = 0; k < minutes; k++) {
            long t = start(JUNE) + k * MINUTE;
            double p = 60_000 + k % 97;
            c.add(t, p, p + 5, p - 5, p + 1, 1.5, t + MINUTE - 1, p * 1.5, 12, 0.7, p * 0.7);
        }
        String name = store.symbol() + "-1m-" + JUNE + ".csv";
        store.merge(new MergeRequest(name, Hashes.sha256((name + minutes).getBytes()), "csv", JUNE, start(JUNE),
                start(JUNE.plusMonths(1)), c, false));
    }

    @Test
    void each_symbol_is_verified_in_its_own_store() throws IOException {
        KlineStores stores = stores("BTCUSDT,ETHUSDT");
        june(stores.store("BTCUSDT"), 43_200);
        june(stores.store("ETHUSDT"), 100);
        june(stores.store("ADAUSDT"), 7); // stored, not listed: still verifiable
        StoreVerifier verifier = new StoreVerifier(stores, CLOCK);

        assertThat(verifier.symbol()).isEqualTo("BTCUSDT");
        assertThat(verifier.symbols()).containsExactly("BTCUSDT", "ETHUSDT", "ADAUSDT");

        VerifyReport btc = verifier.verify(new VerifyRequest(null, null, null));
        assertThat(btc.symbol()).isEqualTo("BTCUSDT");
        assertThat(btc.rows()).isEqualTo(43_200);
        assertThat(btc.clean()).isTrue();
        assertThat(verifier.verify(new VerifyRequest("BTCUSDT", null, null)).rows()).isEqualTo(43_200);

        VerifyReport eth = verifier.verify(new VerifyRequest("ETHUSDT", JUNE, JUNE));
        assertThat(eth.symbol()).isEqualTo("ETHUSDT");
        assertThat(eth.rows()).isEqualTo(100);
        assertThat(eth.missingMinutes()).isEqualTo(43_200 - 100);
        assertThat(VerifyReportFormatter.text(eth)).startsWith("verify ETHUSDT: ");

        VerifyReport ada = verifier.verify(new VerifyRequest("ADAUSDT", JUNE, JUNE));
        assertThat(ada.symbol()).isEqualTo("ADAUSDT");
        assertThat(ada.rows()).isEqualTo(7);
        assertThat(ada.months()).singleElement().satisfies(m -> assertThat(m.file()).isEqualTo("2024-06.parquet"));
    }

    @Test
    void a_listed_symbol_without_data_verifies_as_an_empty_store() throws IOException {
        KlineStores stores = stores("BTCUSDT,ETHUSDT");
        june(stores.store("BTCUSDT"), 10);

        VerifyReport eth = new StoreVerifier(stores, CLOCK).verify(new VerifyRequest("ETHUSDT", null, null));

        assertThat(eth.symbol()).isEqualTo("ETHUSDT");
        assertThat(eth.rows()).isZero();
        assertThat(eth.months()).isEmpty();
        assertThat(eth.clean()).isTrue();
    }

    @Test
    void refuses_a_symbol_neither_listed_nor_stored_and_a_name_that_is_no_symbol() throws IOException {
        KlineStores stores = stores("BTCUSDT,ETHUSDT");
        june(stores.store("ADAUSDT"), 3);
        StoreVerifier verifier = new StoreVerifier(stores, CLOCK);

        for (String bad : new String[] {"SOLUSDT", "../BTCUSDT", "ethusdt"}) {
            assertThatThrownBy(() -> verifier.verify(new VerifyRequest(bad, null, null)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("this store holds BTCUSDT,ETHUSDT,ADAUSDT (app.symbols=BTCUSDT,ETHUSDT); cannot verify "
                            + bad);
        }
        assertThat(stores.stored()).containsExactly("ADAUSDT");
    }

    @Test
    void a_verifier_of_one_store_knows_only_its_symbol() throws IOException {
        StoreVerifier verifier = new StoreVerifier(new KlineStore(dir, "ETHUSDT", CLOCK, CrashPoints.NONE), CLOCK);

        assertThat(verifier.symbols()).containsExactly("ETHUSDT");
        assertThat(verifier.verify(new VerifyRequest("ETHUSDT", null, null)).symbol()).isEqualTo("ETHUSDT");
        assertThatThrownBy(() -> verifier.verify(new VerifyRequest("BTCUSDT", null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("this store holds ETHUSDT only (app.symbols); cannot verify BTCUSDT");
    }

    @Test
    void the_reports_of_several_symbols_are_one_json_array_in_a_folder_made_for_it() throws IOException {
        KlineStores stores = stores("BTCUSDT,ETHUSDT");
        june(stores.store("BTCUSDT"), 43_200);
        june(stores.store("ETHUSDT"), 60);
        StoreVerifier verifier = new StoreVerifier(stores, CLOCK);
        List<VerifyReport> reports = List.of(verifier.verify(new VerifyRequest("BTCUSDT", null, null)),
                verifier.verify(new VerifyRequest("ETHUSDT", JUNE, JUNE)));
        Path file = dir.resolve("reports/all/verify.json");

        VerifyReportFormatter.writeJson(reports, file);

        JsonNode json = OffsetsCodec.JSON.readTree(file.toFile());
        assertThat(json.isArray()).isTrue();
        assertThat(json).hasSize(2);
        assertThat(json.get(0).get("symbol").asText()).isEqualTo("BTCUSDT");
        assertThat(json.get(0).get("clean").asBoolean()).isTrue();
        assertThat(json.get(1).get("symbol").asText()).isEqualTo("ETHUSDT");
        assertThat(json.get(1).get("rows").asLong()).isEqualTo(60);
        assertThat(json.get(1).get("missing_minutes").asLong()).isEqualTo(43_200 - 60);

        Path one = dir.resolve("one/verify.json");
        VerifyReportFormatter.writeJson(reports.get(1), one);
        assertThat(Files.readAllBytes(one)).isEqualTo(VerifyReportFormatter.json(reports.get(1)));
        assertThat(OffsetsCodec.JSON.readTree(one.toFile())).isEqualTo(json.get(1));
    }

    @Test
    void a_report_written_to_a_full_disk_names_the_file_and_keeps_the_reason() throws IOException {
        assumeTrue(Files.isWritable(Path.of("/dev/full")), "needs Linux /dev/full");
        VerifyReport report = new StoreVerifier(stores("BTCUSDT"), CLOCK).verify(new VerifyRequest(null, null, null));
        // a link to /dev/full: every write fails with ENOSPC, as on a full disk
        Path link = Files.createSymbolicLink(dir.resolve("verify.json"), Path.of("/dev/full"));

        for (ThrowingWrite write : List.<ThrowingWrite>of(() -> VerifyReportFormatter.writeJson(report, link),
                () -> VerifyReportFormatter.writeJson(List.of(report, report), link))) {
            assertThatThrownBy(write::run).isInstanceOfSatisfying(FileSystemException.class, e -> {
                assertThat(e.getFile()).isEqualTo(link.toString());
                assertThat(e.getReason()).isEqualTo("No space left on device");
                assertThat(e.getMessage()).isEqualTo(link + ": No space left on device");
                assertThat(e.getCause()).isInstanceOf(IOException.class).isNotInstanceOf(FileSystemException.class)
                        .hasMessage("No space left on device");
            });
        }
    }

    @Test
    void a_report_that_cannot_be_written_for_a_reason_the_file_system_names_keeps_that_exception() throws IOException {
        VerifyReport report = new StoreVerifier(stores("BTCUSDT"), CLOCK).verify(new VerifyRequest(null, null, null));
        Path folder = Files.createDirectories(dir.resolve("a-folder"));

        assertThatThrownBy(() -> VerifyReportFormatter.writeJson(report, folder))
                .isInstanceOfSatisfying(FileSystemException.class, e -> {
                    assertThat(e.getFile()).isEqualTo(folder.toString());
                    assertThat(e.getReason()).isEqualTo("Is a directory");
                    assertThat(e.getCause()).isNull();
                });
    }

    @FunctionalInterface
    private interface ThrowingWrite {
        void run() throws IOException;
    }
}
