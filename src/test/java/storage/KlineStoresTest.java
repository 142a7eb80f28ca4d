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
    void holds_metadata_once_a_symbol_has_its_offsets_or_their_pending_successor() throws IOException {
        assertThat(KlineStores.holdsMetadata(dir)).as("no spot folder").isFalse();
        Path offsets = stores("BTCUSDT").store("BTCUSDT").offsetsFile();
        Files.createDirectories(offsets.getParent());
        Files.writeString(offsets.resolveSibling(".lock"), "");
        Files.writeString(dir.resolve("spot/README"), "a file among the symbols");
        Files.createDirectories(dir.resolve("spot/ETHUSDT"));
        assertThat(KlineStores.holdsMetadata(dir)).as("a lock, a file, a symbol folder without metadata").isFalse();
        Files.writeString(offsets.resolveSibling(offsets.getFileName() + ".pending"), "{}");
        assertThat(KlineStores.holdsMetadata(dir)).as("pending metadata").isTrue();
        Files.delete(offsets.resolveSibling(offsets.getFileName() + ".pending"));
        Files.writeString(offsets, "{}");
        assertThat(KlineStores.holdsMetadata(dir)).isTrue();
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

    @Test
    void holding_finds_the_primary_store_then_a_listed_or_stored_one_and_not_held_names_what_is_held()
            throws IOException {
        KlineStores stores = stores("BTCUSDT,ETHUSDT");
        KlineStore primary = stores.defaultStore();
        Files.createDirectories(dir.resolve("spot/ADAUSDT"));
        KlineStore other = new KlineStore(dir.resolve("elsewhere"), "XRPUSDT", CLOCK, CrashPoints.NONE);

        assertThat(KlineStores.holding(primary, stores, "BTCUSDT")).containsSame(primary);
        assertThat(KlineStores.holding(primary, stores, "ETHUSDT")).containsSame(stores.store("ETHUSDT"));
        assertThat(KlineStores.holding(primary, stores, "ADAUSDT")).containsSame(stores.store("ADAUSDT"));
        assertThat(KlineStores.holding(primary, stores, "SOLUSDT")).isEmpty();
        assertThat(KlineStores.holding(primary, null, "BTCUSDT")).containsSame(primary);
        assertThat(KlineStores.holding(primary, null, "ETHUSDT")).as("one store only").isEmpty();
        assertThat(KlineStores.holding(other, stores, "XRPUSDT")).as("the primary store first").containsSame(other);
        assertThat(KlineStores.holding(other, stores, "BTCUSDT")).containsSame(primary);

        assertThat(KlineStores.notHeld(primary, stores, "SOLUSDT"))
                .isEqualTo("this store holds BTCUSDT,ETHUSDT,ADAUSDT, not SOLUSDT");
        assertThat(KlineStores.notHeld(primary, null, "ETHUSDT")).isEqualTo("this store holds BTCUSDT, not ETHUSDT");
        assertThat(dir.resolve("spot/SOLUSDT")).as("looking up forms no folder").doesNotExist();
    }

    /**
     * The readiness probe: every store writable, the probes leave the lock files they open and no folder of a listed
     * symbol not stored yet (nor a probe folder); then the default store's lock file is a folder, a listed symbol has
     * a file where its folder goes and a stored one cannot open its lock file - each named, default first, in
     * {@link KlineStores#known()} order; a listed symbol whose folder can still be made is not.
     */
    @Test
    void unwritable_names_each_symbol_whose_store_cannot_be_written() throws IOException {
        KlineStores stores = stores("BTCUSDT,SOLUSDT,ETHUSDT");
        Path spot = dir.resolve("spot");

        assertThat(stores.unwritable()).isEmpty();
        assertThat(spot.resolve("BTCUSDT/metadata/.lock")).as("the default store is probed as a writer would").isRegularFile();
        try (var names = Files.list(spot)) {
            assertThat(names.map(p -> p.getFileName().toString())).as("nothing left of the other probes")
                    .containsExactly("BTCUSDT");
        }

        Files.createDirectories(spot.resolve("ETHUSDT/metadata"));
        assertThat(stores.unwritable()).isEmpty();
        assertThat(spot.resolve("ETHUSDT/metadata/.lock")).as("a stored symbol is probed in its folder").isRegularFile();

        Path btcLock = spot.resolve("BTCUSDT/metadata/.lock");
        Files.delete(btcLock);
        Files.createDirectory(btcLock);
        Files.writeString(spot.resolve("SOLUSDT"), "not a folder");
        Path adaLock = Files.createDirectories(spot.resolve("ADAUSDT/metadata/.lock"));

        java.util.Map<String, String> failed = stores.unwritable();

        assertThat(failed.keySet()).containsExactly("BTCUSDT", "SOLUSDT", "ADAUSDT");
        assertThat(failed.get("BTCUSDT")).contains(btcLock.toString());
        assertThat(failed.get("SOLUSDT")).contains(spot.resolve("SOLUSDT").toAbsolutePath().normalize() + " (not a folder)");
        assertThat(failed.get("ADAUSDT")).contains(adaLock.toString());
        assertThat(spot.resolve("SOLUSDT")).isRegularFile();
    }

    @Test
    void unwritable_probes_the_default_symbol_even_when_only_any_symbol_is_listed() throws IOException {
        KlineStores stores = stores("*");
        Files.createDirectories(dir.resolve("spot/ETHUSDT"));

        assertThat(stores.unwritable()).isEmpty();

        assertThat(dir.resolve("spot/BTCUSDT/metadata/.lock")).isRegularFile();
        assertThat(dir.resolve("spot/ETHUSDT/metadata/.lock")).isRegularFile();
    }

    @Test
    void unwritable_names_every_symbol_when_the_store_root_is_a_file() throws IOException {
        KlineStores stores = stores("BTCUSDT,ETHUSDT");
        Files.writeString(dir.resolve("spot"), "a file where the store root goes");

        java.util.Map<String, String> failed = stores.unwritable();

        assertThat(failed.keySet()).containsExactly("BTCUSDT", "ETHUSDT");
        assertThat(failed.get("ETHUSDT")).contains(dir.resolve("spot").toString());
    }

    private static Path leftover(KlineStore store) throws IOException {
        Files.createDirectories(store.klinesDir());
        return Files.writeString(store.klinesDir().resolve("2024-03.parquet" + AtomicFiles.TMP_MARKER + "1-2"), "half");
    }
}
