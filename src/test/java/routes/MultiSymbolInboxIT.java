package routes;

import static org.assertj.core.api.Assertions.assertThat;

import gen.BinanceArchive;
import gen.KlineGenerator;
import ingest.InboxLanes;
import ingest.IngestOutcome;
import ingest.IngestService;
import ingest.IngestSession;
import ingest.IngestSettings;
import ingest.LineBatch;
import ingest.ZipLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.CrashPoints;
import storage.Hashes;
import storage.KlineStore;
import storage.Offsets;
import storage.OffsetsCodec;
import support.Await;
import support.DuckDb;
import support.TestApp;

/**
 * Several symbols in one store ({@code app.symbols}): generated months of two symbols dropped into the inbox of the
 * running application land each in its own folder with its own offsets.json; a symbol outside the list is quarantined
 * with a reason naming app.symbols; a writer holding one symbol's lock does not hold up another symbol's ingest.
 */
class MultiSymbolInboxIT {
    private static final YearMonth MONTH = YearMonth.parse("2024-02");
    private static final long ROWS = 29L * 1440; // 2024 is a leap year

    @TempDir
    Path root;

    @Test
    void two_generated_symbols_through_the_inbox_are_stored_apart_and_a_third_is_refused_naming_app_symbols()
            throws Exception {
        Path staging = Files.createDirectories(root.resolve("staging"));
        Path btc = month(staging, "BTCUSDT", 1);
        Path eth = month(staging, "ETHUSDT", 2);
        Path sol = month(staging, "SOLUSDT", 3);
        Path inbox = Files.createDirectories(root.resolve("inbox"));
        try (PipelineRuntime app = TestApp.longLived(root, Map.of("app.symbols", "BTCUSDT,ETHUSDT"))) {
            for (Path zip : List.of(sol, eth, btc)) {
                Files.move(checksum(zip), inbox.resolve(checksum(zip).getFileName()));
                Files.move(zip, inbox.resolve(zip.getFileName()));
            }
            Await.until("all three settled", Duration.ofSeconds(60), () ->
                    Files.exists(inbox.resolve(".done").resolve(btc.getFileName()))
                    && Files.exists(inbox.resolve(".done").resolve(eth.getFileName()))
                    && Files.exists(inbox.resolve(".failed").resolve(sol.getFileName() + ".reason.json")));
            assertThat(app.stores().known()).containsExactly("BTCUSDT", "ETHUSDT");
        }
        String reason = Files.readString(inbox.resolve(".failed").resolve(sol.getFileName() + ".reason.json"));
        assertThat(reason).contains("WRONG_SYMBOL", "SOLUSDT", "app.symbols=BTCUSDT,ETHUSDT");
        assertThat(root.resolve("data/spot/SOLUSDT")).doesNotExist();

        String[] hashes = new String[2];
        int i = 0;
        for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
            Path store = root.resolve("data/spot/" + symbol);
            Offsets offsets = OffsetsCodec.read(store.resolve("metadata/offsets.json"));
            assertThat(offsets.symbol()).isEqualTo(symbol);
            Offsets.MonthEntry entry = offsets.months().get(MONTH.toString());
            assertThat(entry.files()).extracting(Offsets.FileEntry::name)
                    .containsExactly(symbol + "-1m-" + MONTH + ".zip");
            assertThat(entry.rows()).isEqualTo(ROWS);
            Path file = store.resolve("klines_1m/" + MONTH + ".parquet");
            assertThat(Hashes.sha256(file)).isEqualTo(entry.parquetSha256());
            assertThat(DuckDb.single("SELECT count(DISTINCT open_time) FROM " + DuckDb.parquet(file))).isEqualTo(ROWS);
            hashes[i++] = entry.parquetSha256();
        }
        assertThat(hashes[0]).as("two symbols, two different series").isNotEqualTo(hashes[1]);
    }

    @Test
    void an_ethusdt_ingest_proceeds_while_a_btcusdt_writer_holds_its_lock() throws Exception {
        Path staging = Files.createDirectories(root.resolve("staging"));
        Path btcDay = day(staging, "BTCUSDT", 1);
        Path eth = month(staging, "ETHUSDT", 2);
        Path marker = root.resolve("btc-paused");
        // a second BTCUSDT writer in this JVM: it stops inside its commit, holding BTCUSDT's lock (in-process and file)
        KlineStore pausedBtc = new KlineStore(root.resolve("data"), "BTCUSDT", Clock.systemUTC(),
                new CrashPoints("pause:before-pending:" + marker));
        IngestService btcWriter = new IngestService(pausedBtc,
                new IngestSettings("BTCUSDT", new ZipLimits(1L << 30, 1000), 10_000, 1024, null), Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (PipelineRuntime app = TestApp.oneShot(root, Map.of("app.symbols", "BTCUSDT,ETHUSDT"))) {
            Future<IngestOutcome> btc = pool.submit(() -> {
                IngestSession s = btcWriter.open(btcDay.toString(), false);
                for (Iterator<LineBatch> it = btcWriter.batches(s); it.hasNext(); ) {
                    btcWriter.parse(s, it.next());
                }
                return btcWriter.commit(s);
            });
            Await.until("the BTCUSDT writer paused holding its lock", Duration.ofSeconds(60),
                    () -> Files.exists(marker) || btc.isDone());
            assertThat(btc.isDone()).as("paused, not finished").isFalse();

            // were the lock shared by all symbols, this would wait for the paused writer (and time out)
            Future<IngestOutcome> ethIngest = pool.submit(() -> app.ingest(eth, false));
            IngestOutcome ethOutcome = ethIngest.get(60, TimeUnit.SECONDS);
            assertThat(ethOutcome.status()).as(ethOutcome.summary()).isEqualTo(IngestOutcome.Status.INGESTED);
            assertThat(btc.isDone()).as("the BTCUSDT writer still holds its lock").isFalse();
            assertThat(root.resolve("data/spot/BTCUSDT/metadata/offsets.json")).doesNotExist();

            Files.delete(marker);
            assertThat(btc.get(60, TimeUnit.SECONDS).status()).isEqualTo(IngestOutcome.Status.INGESTED);
        } finally {
            pool.shutdownNow();
        }
        assertThat(OffsetsCodec.read(root.resolve("data/spot/BTCUSDT/metadata/offsets.json")).rows()).isEqualTo(1440);
        assertThat(OffsetsCodec.read(root.resolve("data/spot/ETHUSDT/metadata/offsets.json")).rows()).isEqualTo(ROWS);
    }

    /**
     * The inbox itself ({@code app.inbox.concurrency=2}): while its BTCUSDT ingest waits for BTCUSDT's lock (held by a
     * writer this test pauses in its commit), an ETHUSDT month dropped later is ingested; a second BTCUSDT file, which
     * sorts before the ETHUSDT one, waits for the first instead of taking the second slot (had it taken it, both slots
     * would wait for the held lock and the ETHUSDT file with them); once the lock is free both BTCUSDT files commit in
     * the order they arrived.
     */
    @Test
    void the_inbox_ingests_ethusdt_while_its_btcusdt_ingest_waits_and_keeps_btcusdt_files_in_order() throws Exception {
        Path staging = Files.createDirectories(root.resolve("staging"));
        Path held = day(staging, "BTCUSDT", 5, MONTH.atDay(5));
        Path btc1 = day(staging, "BTCUSDT", 1, MONTH.atDay(1));
        Path btc2 = day(staging, "BTCUSDT", 2, MONTH.atDay(2));
        Path eth = month(staging, "ETHUSDT", 3);
        Path inbox = Files.createDirectories(root.resolve("inbox"));
        Path done = inbox.resolve(".done");
        Path marker = root.resolve("btc-paused");
        KlineStore pausedBtc = new KlineStore(root.resolve("data"), "BTCUSDT", Clock.systemUTC(),
                new CrashPoints("pause:before-pending:" + marker));
        IngestService btcWriter = new IngestService(pausedBtc,
                new IngestSettings("BTCUSDT", new ZipLimits(1L << 30, 1000), 10_000, 1024, null), Clock.systemUTC());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (PipelineRuntime app = TestApp.longLived(root, Map.of("app.symbols", "BTCUSDT,ETHUSDT",
                "app.inbox.concurrency", "2"))) {
            InboxLanes lanes = app.main().getCamelContext().getRegistry().lookupByNameAndType("inboxLanes",
                    InboxLanes.class);
            Future<IngestOutcome> heldIngest = pool.submit(() -> {
                IngestSession s = btcWriter.open(held.toString(), false);
                for (Iterator<LineBatch> it = btcWriter.batches(s); it.hasNext(); ) {
                    btcWriter.parse(s, it.next());
                }
                return btcWriter.commit(s);
            });
            Await.until("the BTCUSDT writer paused holding its lock", Duration.ofSeconds(60),
                    () -> Files.exists(marker) || heldIngest.isDone());
            assertThat(heldIngest.isDone()).as("paused, not finished").isFalse();

            drop(btc1, inbox);
            Await.until("the inbox's BTCUSDT ingest started (it waits for the held lock)", Duration.ofSeconds(60),
                    () -> lanes.busy().contains("BTCUSDT"));
            drop(btc2, inbox); // sorts before the ETHUSDT file: the watcher meets it first
            drop(eth, inbox);
            Await.until("the ETHUSDT month ingested while BTCUSDT's lock is held", Duration.ofSeconds(60),
                    () -> Files.exists(done.resolve(eth.getFileName())) && lanes.busy().equals(List.of("BTCUSDT")));
            assertThat(inbox.resolve(btc1.getFileName())).exists();
            assertThat(inbox.resolve(btc2.getFileName())).exists();
            assertThat(root.resolve("data/spot/BTCUSDT/metadata/offsets.json")).doesNotExist();

            Files.delete(marker);
            assertThat(heldIngest.get(60, TimeUnit.SECONDS).status()).isEqualTo(IngestOutcome.Status.INGESTED);
            Await.until("both BTCUSDT days settled", Duration.ofSeconds(60),
                    () -> Files.exists(done.resolve(btc1.getFileName())) && Files.exists(done.resolve(btc2.getFileName())));
            Await.until("no file in flight", Duration.ofSeconds(10), () -> lanes.busy().isEmpty());
        } finally {
            pool.shutdownNow();
        }
        Offsets btc = OffsetsCodec.read(root.resolve("data/spot/BTCUSDT/metadata/offsets.json"));
        assertThat(btc.months().get(MONTH.toString()).files()).extracting(Offsets.FileEntry::name)
                .as("committed in the order they arrived").containsExactly(held.getFileName().toString(),
                        btc1.getFileName().toString(), btc2.getFileName().toString());
        assertThat(btc.rows()).isEqualTo(3 * 1440);
        assertThat(OffsetsCodec.read(root.resolve("data/spot/ETHUSDT/metadata/offsets.json")).rows()).isEqualTo(ROWS);
        assertThat(inbox.resolve(".failed")).doesNotExist();
    }

    private static void drop(Path zip, Path inbox) throws Exception {
        Files.move(checksum(zip), inbox.resolve(checksum(zip).getFileName()));
        Files.move(zip, inbox.resolve(zip.getFileName()));
    }

    private static Path month(Path dir, String symbol, long seed) throws Exception {
        Path csv = dir.resolve(symbol + "-1m-" + MONTH + ".csv");
        new KlineGenerator(seed).writeMonth(MONTH, csv, List.of());
        Path zip = BinanceArchive.zipWithChecksum(csv, dir);
        Files.delete(csv);
        return zip;
    }

    private static Path day(Path dir, String symbol, long seed) throws Exception {
        return day(dir, symbol, seed, MONTH.atDay(1));
    }

    private static Path day(Path dir, String symbol, long seed, LocalDate day) throws Exception {
        Path csv = dir.resolve(symbol + "-1m-" + day + ".csv");
        new KlineGenerator(seed).writeDay(day, csv, List.of());
        Path zip = BinanceArchive.zipWithChecksum(csv, dir);
        Files.delete(csv);
        return zip;
    }

    private static Path checksum(Path zip) {
        return zip.resolveSibling(zip.getFileName() + ".CHECKSUM");
    }
}
