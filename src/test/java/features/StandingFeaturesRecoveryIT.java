package features;

import static org.assertj.core.api.Assertions.assertThat;

import gen.BinanceArchive;
import gen.KlineGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import storage.AtomicFiles;
import storage.Hashes;
import storage.KlineStore;
import storage.Tables;
import support.TestApp;

/**
 * Start-up recovery of the standing feature files: missing ones are computed, ones computed from other month files
 * than the store now holds are recomputed, fresh ones are left alone, temp files of dead writers are deleted.
 */
class StandingFeaturesRecoveryIT {
    private static final YearMonth MARCH = YearMonth.of(2024, 3);
    private static final YearMonth APRIL = YearMonth.of(2024, 4);
    private static final Map<String, String> FEATURES_ON = Map.of("app.features.refresh", "1m:ema,rsi,cmf");

    @TempDir
    Path root;

    private Path standing(YearMonth m) {
        return root.resolve("data/spot/BTCUSDT/features/1m-ema-rsi-cmf/" + m + ".parquet");
    }

    /** Starts the application (standing features on) and stops it: what start-up recovery leaves behind. */
    private void restart() throws Exception {
        try (PipelineRuntime ignored = TestApp.oneShot(root, FEATURES_ON)) {
            // start-up is the point
        }
    }

    @Test
    void missing_and_stale_standing_files_are_recomputed_at_start_up_and_fresh_ones_kept() throws Exception {
        KlineStore store = TestApp.ingestGeneratedMonths(root, 3, MARCH, APRIL); // standing features off meanwhile
        assertThat(standing(MARCH)).doesNotExist();

        restart();

        for (YearMonth m : List.of(MARCH, APRIL)) {
            assertThat(standing(m)).exists();
            assertThat(Tables.footer(standing(m)).get(FeatureService.SOURCES_KEY)).as("sources of %s", m)
                    .contains(m + "=" + store.offsets().months().get(m.toString()).parquetSha256());
        }
        assertThat(Tables.footer(standing(APRIL)).get(FeatureService.SOURCES_KEY)).as("April's warm-up reads March")
                .startsWith(MARCH + "=");
        String april = Hashes.sha256(standing(APRIL));
        long aprilModified = Files.getLastModifiedTime(standing(APRIL)).toMillis();

        // March changes while standing features are off (a corrected minute): March and April are stale
        Path in = root.resolve("fix");
        Path csv = in.resolve("BTCUSDT-1m-" + MARCH + ".csv");
        new KlineGenerator(3).writeMonth(MARCH, csv, List.of());
        List<String> lines = Files.readAllLines(csv);
        String[] f = lines.get(lines.size() - 1).split(",");
        f[5] = "4321.00000000";
        lines.set(lines.size() - 1, String.join(",", f));
        Files.write(csv, lines);
        try (PipelineRuntime app = TestApp.oneShot(root)) {
            assertThat(app.ingest(BinanceArchive.zip(csv, in), true).replaced()).isEqualTo(1);
        }
        String march = Hashes.sha256(standing(MARCH));

        restart();

        assertThat(Hashes.sha256(standing(MARCH))).as("March recomputed").isNotEqualTo(march);
        assertThat(Hashes.sha256(standing(APRIL))).as("April recomputed (its warm-up changed)").isNotEqualTo(april);
        assertThat(Tables.footer(standing(MARCH)).get(FeatureService.SOURCES_KEY))
                .isEqualTo(MARCH + "=" + store.offsets().months().get(MARCH.toString()).parquetSha256());

        long marchModified = Files.getLastModifiedTime(standing(MARCH)).toMillis();
        aprilModified = Files.getLastModifiedTime(standing(APRIL)).toMillis();
        Thread.sleep(20);
        restart();
        assertThat(Files.getLastModifiedTime(standing(MARCH)).toMillis()).as("fresh: not rewritten").isEqualTo(marchModified);
        assertThat(Files.getLastModifiedTime(standing(APRIL)).toMillis()).isEqualTo(aprilModified);
    }

    /**
     * Every stored symbol has its standing files in its own folder: an ETHUSDT ingest refreshes ETHUSDT's (computed
     * from ETHUSDT's month, the default symbol's folder untouched), and start-up recovery recomputes a missing one of
     * ETHUSDT also when app.symbols no longer lists it (stored is enough).
     */
    @Test
    void standing_files_are_kept_for_every_stored_symbol_after_ingest_and_at_start_up() throws Exception {
        Path eth = root.resolve("data/spot/ETHUSDT/features/1m-ema-rsi-cmf/" + MARCH + ".parquet");
        Path in = Files.createDirectories(root.resolve("in"));
        Path csv = in.resolve("ETHUSDT-1m-" + MARCH + ".csv");
        new KlineGenerator(5).writeMonth(MARCH, csv, List.of());
        Map<String, String> twoSymbols = new java.util.HashMap<>(FEATURES_ON);
        twoSymbols.put("app.symbols", "BTCUSDT,ETHUSDT");
        try (PipelineRuntime app = TestApp.oneShot(root, twoSymbols)) {
            assertThat(app.ingest(BinanceArchive.zipWithChecksum(csv, in), false).ok()).isTrue();
            support.Await.until("ETHUSDT's standing file", java.time.Duration.ofSeconds(30), () -> Files.exists(eth));
        }
        KlineStore ethStore = new KlineStore(root.resolve("data"), "ETHUSDT", java.time.Clock.systemUTC(),
                storage.CrashPoints.NONE);
        String sources = MARCH + "=" + ethStore.offsets().months().get(MARCH.toString()).parquetSha256();
        assertThat(Tables.footer(eth).get(FeatureService.SOURCES_KEY)).isEqualTo(sources);
        assertThat(root.resolve("data/spot/BTCUSDT/features/1m-ema-rsi-cmf")).doesNotExist();
        String computed = Hashes.sha256(eth);

        Files.delete(eth);
        Path dead = Files.createFile(eth.resolveSibling(eth.getFileName() + AtomicFiles.TMP_MARKER
                + (Long.MAX_VALUE / 2) + "-1")); // left by a writer that is gone
        try (PipelineRuntime ignored = TestApp.oneShot(root, Map.of("app.features.refresh", "1m:ema,rsi,cmf",
                "app.symbols", "BTCUSDT"))) {
            // start-up is the point
        }
        assertThat(eth).as("recomputed at start-up").exists();
        assertThat(dead).as("ETHUSDT's temp files are tidied too").doesNotExist();
        assertThat(Hashes.sha256(eth)).isEqualTo(computed);
        assertThat(Tables.footer(eth).get(FeatureService.SOURCES_KEY)).isEqualTo(sources);
    }

    @Test
    void temp_files_of_dead_writers_are_deleted_at_start_up() throws Exception {
        TestApp.ingestGeneratedMonths(root, 3, MARCH);
        Path dir = Files.createDirectories(standing(MARCH).getParent());
        Path dead = Files.createFile(dir.resolve(MARCH + ".parquet" + AtomicFiles.TMP_MARKER + (Long.MAX_VALUE / 2) + "-1"));
        Path live = Files.createFile(AtomicFiles.tempSibling(dir.resolve(APRIL + ".parquet")));

        restart();

        assertThat(dead).doesNotExist();
        assertThat(live).as("a writer of this process may still be writing it").exists();
        assertThat(standing(MARCH)).exists();
    }

    @Test
    void months_ingested_back_to_back_leave_every_standing_file_computed_from_the_months_stored_now() throws Exception {
        Path in = Files.createDirectories(root.resolve("in"));
        List<YearMonth> months = List.of(YearMonth.of(2024, 1), YearMonth.of(2024, 2), MARCH, APRIL);
        KlineGenerator g = new KlineGenerator(4);
        List<Path> zips = new java.util.ArrayList<>();
        for (YearMonth m : months) {
            Path csv = in.resolve("BTCUSDT-1m-" + m + ".csv");
            g.writeMonth(m, csv, List.of());
            zips.add(BinanceArchive.zip(csv, in));
        }
        try (PipelineRuntime app = TestApp.oneShot(root, FEATURES_ON)) {
            for (Path zip : zips) { // each ingest refreshes its month and the next in the background
                assertThat(app.ingest(zip, false).ok()).isTrue();
            }
            // the refreshes run one after another in the background; on a loaded machine the last ones may still be
            // queued past the shutdown timeout (camel.main.shutdown-timeout), so wait for them here, not in close()
            KlineStore waiting = new KlineStore(root.resolve("data"), "BTCUSDT", java.time.Clock.systemUTC(),
                    storage.CrashPoints.NONE);
            support.Await.until("every month's standing file from the months stored now",
                    java.time.Duration.ofSeconds(120), () -> months.stream().allMatch(m -> current(m, waiting)));
        }

        KlineStore store = new KlineStore(root.resolve("data"), "BTCUSDT", java.time.Clock.systemUTC(),
                storage.CrashPoints.NONE);
        for (YearMonth m : months) {
            assertThat(Tables.footer(standing(m)).get(FeatureService.SOURCES_KEY)).as("sources of %s", m)
                    .isEqualTo(FeatureService.sources(FeatureSpec.parse("1m:ema,rsi,cmf", features.GapPolicy.FFILL), m,
                            store.offsets()));
        }
    }

    private boolean current(YearMonth m, KlineStore store) {
        try {
            return Files.exists(standing(m)) && FeatureService.sources(FeatureSpec.parse("1m:ema,rsi,cmf",
                    features.GapPolicy.FFILL), m, store.offsets()).equals(Tables.footer(standing(m))
                    .get(FeatureService.SOURCES_KEY));
        } catch (java.io.IOException e) {
            return false; // being replaced right now
        }
    }

    @Test
    void a_month_file_that_cannot_be_read_does_not_stop_start_up_its_standing_file_waits() throws Exception {
        TestApp.ingestGeneratedMonths(root, 3, MARCH); // standing features off meanwhile: none computed
        Path month = TestApp.monthFile(root, MARCH.toString());
        byte[] bytes = Files.readAllBytes(month);
        Files.write(month, java.util.Arrays.copyOf(bytes, bytes.length / 2)); // damaged after the ingest

        restart(); // must not throw: the damaged month is the store's to repair (verify --repair, or re-ingest)

        assertThat(standing(MARCH)).doesNotExist();
    }
}
