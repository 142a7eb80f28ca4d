package storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store root {@code spot/}: one store per symbol folder, what is stored and known, recovery across symbols. */
class KlineStoresTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private KlineStores stores(String symbols) {
        return new KlineStores(dir, Symbols.parse(symbols), CLOCK, CrashPoints.NONE);
    }

    @Test
    void each_symbol_has_its_own_folder_and_the_same_store_object_each_time() {
        KlineStores stores = stores("ETHUSDT,BTCUSDT");

        KlineStore eth = stores.store("ETHUSDT");

        assertThat(stores.defaultStore()).isSameAs(eth);
        assertThat(eth.symbol()).isEqualTo("ETHUSDT");
        assertThat(eth.klinesDir()).isEqualTo(dir.resolve("spot/ETHUSDT/klines_1m").toAbsolutePath().normalize());
        assertThat(stores.store("BTCUSDT").offsetsFile())
                .isEqualTo(dir.resolve("spot/BTCUSDT/metadata/offsets.json").toAbsolutePath().normalize());
        assertThat(stores.store("SOLUSDT")).as("not accepted, still readable").isNotNull();
        assertThat(stores.accepts("BTCUSDT")).isTrue();
        assertThat(stores.accepts("SOLUSDT")).isFalse();
        assertThat(stores.symbols()).isEqualTo(Symbols.parse("ETHUSDT,BTCUSDT"));
    }

    @Test
    void a_name_that_is_no_symbol_forms_no_path() {
        KlineStores stores = stores("*");
        for (String bad : new String[] {"../etc", "btcusdt", "", "B"}) {
            assertThatThrownBy(() -> stores.store(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "' is not a symbol");
        }
        assertThat(dir.resolve("spot")).doesNotExist();
    }

    @Test
    void stored_lists_symbol_folders_sorted_and_known_adds_them_after_the_listed_ones() throws IOException {
        KlineStores stores = stores("ETHUSDT,BTCUSDT");
        assertThat(stores.stored()).isEmpty();
        assertThat(stores.known()).containsExactly("ETHUSDT", "BTCUSDT");

        Path spot = Files.createDirectories(dir.resolve("spot"));
        Files.createDirectories(spot.resolve("XRPUSDT"));
        Files.createDirectories(spot.resolve("BTCUSDT"));
        Files.createDirectories(spot.resolve("ADAUSDT"));
        Files.createDirectories(spot.resolve("not-a-symbol"));
        Files.writeString(spot.resolve("SOLUSDT"), "a file, not a folder");

        assertThat(stores.stored()).containsExactly("ADAUSDT", "BTCUSDT", "XRPUSDT");
        assertThat(stores.known()).containsExactly("ETHUSDT", "BTCUSDT", "ADAUSDT", "XRPUSDT");
    }

    @Test
    void recovery_runs_in_every_stored_symbol_and_names_all_but_the_default() throws IOException {
        KlineStores stores = stores("BTCUSDT,ETHUSDT");
        Path btcTmp = leftover(stores.store("BTCUSDT"));
        Path ethTmp = leftover(stores.store("ETHUSDT"));
        Path adaTmp = leftover(stores.store("ADAUSDT"));

        assertThat(stores.recover()).containsExactly(
                "ADAUSDT: deleted temp file " + adaTmp.getFileName(),
                "deleted temp file " + btcTmp.getFileName(),
                "ETHUSDT: deleted temp file " + ethTmp.getFileName());
        assertThat(btcTmp).doesNotExist();
        assertThat(ethTmp).doesNotExist();
        assertThat(adaTmp).doesNotExist();
        assertThat(stores.recover()).isEmpty();
    }

    private static Path leftover(KlineStore store) throws IOException {
        Files.createDirectories(store.klinesDir());
        return Files.writeString(store.klinesDir().resolve("2024-03.parquet" + AtomicFiles.TMP_MARKER + "1-2"), "half");
    }
}
