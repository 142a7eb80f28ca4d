package backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backfill.RepairReport.From;
import backfill.RepairReport.Outcome;
import gen.KlineGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.CrashPoints;
import storage.Hashes;
import storage.KlineStore;

/**
 * {@code verify --repair} ({@link StoreRepair}) against {@link FakeVision}: a month whose file went missing is rebuilt
 * from its recorded sources, from kept raw CSV copies or from Binance Vision, each checked before use.
 */
class StoreRepairTest {
    private static final Instant NOW = Instant.parse("2025-02-03T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final YearMonth JAN = YearMonth.of(2025, 1);
    private static final VisionFile JAN_1 = VisionFile.day("BTCUSDT", LocalDate.of(2025, 1, 1));
    private static final VisionFile JAN_2 = VisionFile.day("BTCUSDT", LocalDate.of(2025, 1, 2));
    private static final VisionFile DEC_ZIP = VisionFile.month("BTCUSDT", YearMonth.of(2024, 12));

    @TempDir
    Path root;
    KlineStore store;
    FakeVision vision;
    Path downloads;

    @BeforeEach
    void setUp() {
        store = new KlineStore(root.resolve("data"), "BTCUSDT", CLOCK, CrashPoints.NONE);
        downloads = root.resolve("downloads");
        vision = new FakeVision(root.resolve("vision"), store, CLOCK, null);
    }

    private StoreRepair repair() {
        return new StoreRepair(store, new BackfillSettings("http://settings.test", "http://rest.test", false, 5, downloads),
                vision);
    }

    /** Backfills {@code from..to} from the fake (archives with source "archive", as the real run records them). */
    private void backfill(YearMonth from, YearMonth to) throws IOException {
        BackfillReport r = new BackfillService(store, new BackfillSettings(FakeVision.BASE, "http://rest.test", false, 5,
                downloads), CLOCK, vision).run(new BackfillRequest("BTCUSDT", from, to, null, null, null),
                BackfillProgress.NONE);
        assertThat(r.count(FileResult.Status.INGESTED)).isPositive();
    }

    private static RepairRequest fromVision() {
        return new RepairRequest(null, null, FakeVision.BASE);
    }

    private long rows(YearMonth m) throws IOException {
        return store.offsets().months().get(m.toString()).rows();
    }

    @Test
    void a_store_that_matches_offsets_needs_no_repair() throws Exception {
        vision.publish(JAN_1, 30);
        backfill(JAN, JAN);

        RepairReport r = repair().repair(RepairRequest.all());

        assertThat(r.months()).isEmpty();
        assertThat(r.failed()).isFalse();
        assertThat(r.text()).isEqualTo("repair: nothing to repair (every month file matches offsets.json)\n");
    }

    @Test
    void a_missing_month_is_rebuilt_from_its_recorded_archives_downloaded_and_verified_again() throws Exception {
        vision.publish(JAN_1, 30);
        vision.publish(JAN_2, 45);
        backfill(JAN, JAN);
        String parquet = Hashes.sha256(store.monthFile(JAN));
        Files.delete(store.monthFile(JAN));
        vision.ingests.clear();

        RepairReport r = repair().repair(fromVision());

        assertThat(r.months()).hasSize(1);
        RepairReport.MonthRepair m = r.months().get(0);
        assertThat(m.month()).isEqualTo("2025-01");
        assertThat(m.damage()).contains("is missing");
        assertThat(m.outcome()).isEqualTo(Outcome.REPAIRED);
        assertThat(m.sources()).containsExactly(
                new RepairReport.Source("BTCUSDT-1m-2025-01-01.zip", From.BINANCE_VISION, "30 rows"),
                new RepairReport.Source("BTCUSDT-1m-2025-01-02.zip", From.BINANCE_VISION, "45 rows"));
        // in their recorded order, the first rebuilding the month, each as it was first merged (nothing replaced)
        assertThat(vision.ingests).containsExactly("BTCUSDT-1m-2025-01-01.zip replace=false source=archive",
                "BTCUSDT-1m-2025-01-02.zip replace=false source=archive");
        assertThat(store.damage(JAN)).isEmpty();
        assertThat(Hashes.sha256(store.monthFile(JAN))).isEqualTo(parquet);
        assertThat(rows(JAN)).isEqualTo(75);
        assertThat(r.failed()).isFalse();
        assertThat(r.text()).isEqualTo("repair 2025-01: 2025-01.parquet is missing -> REPAIRED\n"
                + "  BINANCE_VISION BTCUSDT-1m-2025-01-01.zip - 30 rows\n"
                + "  BINANCE_VISION BTCUSDT-1m-2025-01-02.zip - 45 rows\n");
        try (Stream<Path> left = Files.list(downloads)) {
            assertThat(left).isEmpty(); // the work folder and its archives are gone
        }
    }

    @Test
    void a_kept_raw_csv_copy_is_restored_without_any_download() throws Exception {
        vision = new FakeVision(root.resolve("vision"), store, CLOCK, store.rawCsvDir());
        vision.publish(JAN_1, 30);
        backfill(JAN, JAN);
        Files.delete(store.monthFile(JAN));
        int requests = vision.texts.size() + vision.downloads.size();

        RepairReport r = repair().repair(fromVision());

        assertThat(r.months().get(0).outcome()).isEqualTo(Outcome.REPAIRED);
        assertThat(r.months().get(0).sources()).containsExactly(
                new RepairReport.Source("BTCUSDT-1m-2025-01-01.zip", From.RAW_CSV_COPY, "30 rows"));
        assertThat(vision.ingests).last().isEqualTo("restore BTCUSDT-1m-2025-01-01.zip replace=false");
        assertThat(vision.texts.size() + vision.downloads.size()).isEqualTo(requests);
        assertThat(store.damage(JAN)).isEmpty();
    }

    @Test
    void a_raw_copy_that_no_longer_matches_is_not_used_and_the_archive_is_downloaded() throws Exception {
        vision = new FakeVision(root.resolve("vision"), store, CLOCK, store.rawCsvDir());
        vision.publish(JAN_1, 30);
        backfill(JAN, JAN);
        Files.delete(store.monthFile(JAN));
        Path raw = store.rawCsvDir().resolve("BTCUSDT-1m-2025-01-01.csv");
        Files.writeString(raw, Files.readString(raw).replaceFirst(",", ",1"));

        RepairReport r = repair().repair(fromVision());

        assertThat(r.months().get(0).sources()).extracting(RepairReport.Source::from)
                .containsExactly(From.BINANCE_VISION);
        assertThat(r.months().get(0).outcome()).isEqualTo(Outcome.REPAIRED);
    }

    @Test
    void a_month_without_any_source_at_hand_is_left_as_it_is() throws Exception {
        // a CSV ingested by hand (no raw copy kept) and a REST day: neither can be fetched again by a repair
        Path csvDir = root.resolve("by-hand");
        Path csv = csvDir.resolve("BTCUSDT-1m-2025-01-05.csv");
        new KlineGenerator(3).write(Instant.parse("2025-01-05T00:00:00Z"), Instant.parse("2025-01-05T00:20:00Z"), csv,
                List.of());
        assertThat(vision.ingest(csv, false, null).ok()).isTrue();
        Path rest = csvDir.resolve("BTCUSDT-1m-2025-01-06.csv");
        new KlineGenerator(4).write(Instant.parse("2025-01-06T00:00:00Z"), Instant.parse("2025-01-06T00:10:00Z"), rest,
                List.of());
        assertThat(vision.ingest(rest, false, "rest").ok()).isTrue();
        Files.delete(store.monthFile(JAN));

        RepairReport r = repair().repair(fromVision());

        RepairReport.MonthRepair m = r.months().get(0);
        assertThat(m.outcome()).isEqualTo(Outcome.NOT_REPAIRED);
        assertThat(m.sources()).extracting(RepairReport.Source::from).containsExactly(From.NOT_AT_HAND, From.NOT_AT_HAND);
        assertThat(m.sources().get(0).detail()).isEqualTo("csv input without a kept raw CSV copy: ingest it again");
        assertThat(m.sources().get(1).detail())
                .isEqualTo("rest input without a kept raw CSV copy: backfill --rest-gap-fill fetches its minutes again");
        assertThat(r.failed()).isFalse(); // nothing failed: there was simply nothing to rebuild from
        assertThat(r.text()).startsWith("repair 2025-01: 2025-01.parquet is missing -> NOT_REPAIRED "
                + "(no recorded source at hand; the month is left as it is)\n  NOT_AT_HAND    BTCUSDT-1m-2025-01-05.csv - ");
        assertThat(store.damage(JAN)).isPresent();
        assertThat(vision.texts).isEmpty();
    }

    @Test
    void sources_binance_no_longer_serves_or_serves_wrong_are_reported_and_the_rest_rebuilds_the_month() throws Exception {
        vision.publish(JAN_1, 30);
        vision.publish(JAN_2, 45);
        VisionFile jan3 = VisionFile.day("BTCUSDT", LocalDate.of(2025, 1, 3));
        VisionFile jan4 = VisionFile.day("BTCUSDT", LocalDate.of(2025, 1, 4));
        vision.publish(jan3, 10);
        vision.publish(jan4, 10);
        backfill(JAN, JAN);
        Files.delete(store.monthFile(JAN));
        vision.checksum(JAN_1, "garbage"); // no readable CHECKSUM any more
        vision.unpublishZip(JAN_2); // CHECKSUM there, ZIP 404
        vision.serve(jan3, "corrupt".getBytes()); // never matches
        vision.fail(jan4.checksumUrl(FakeVision.BASE), new BackfillPorts.FetchFailedException("c4", null));

        RepairReport r = repair().repair(fromVision());

        RepairReport.MonthRepair m = r.months().get(0);
        assertThat(m.outcome()).isEqualTo(Outcome.NOT_REPAIRED);
        assertThat(m.sources()).extracting(RepairReport.Source::from)
                .containsExactly(From.NOT_AT_HAND, From.NOT_AT_HAND, From.FAILED, From.FAILED);
        assertThat(m.sources().get(0).detail()).isEqualTo("Binance Vision has no readable CHECKSUM for it at "
                + JAN_1.checksumUrl(FakeVision.BASE));
        assertThat(m.sources().get(1).detail()).isEqualTo("Binance Vision answered 404 for " + JAN_2.zipUrl(FakeVision.BASE));
        assertThat(m.sources().get(2).detail()).startsWith("CHECKSUM_MISMATCH: downloaded twice, SHA-256 "
                + Hashes.sha256("corrupt".getBytes()) + " but Binance's CHECKSUM says ");
        assertThat(m.sources().get(3).detail()).isEqualTo("GET c4 failed: unknown");
        assertThat(vision.downloads.stream().filter(u -> u.endsWith("2025-01-03.zip"))).hasSize(1 + 2);
        assertThat(r.failed()).isTrue();

        // with one source back the month is rebuilt without the others: partial
        vision.publish(JAN_2, 45);
        RepairReport partial = repair().repair(fromVision());
        assertThat(partial.months().get(0).outcome()).isEqualTo(Outcome.PARTIAL);
        assertThat(partial.months().get(0).sources()).extracting(RepairReport.Source::from)
                .containsExactly(From.BINANCE_VISION, From.NOT_AT_HAND, From.FAILED, From.FAILED);
        assertThat(partial.months().get(0).sources().get(0).file()).isEqualTo("BTCUSDT-1m-2025-01-02.zip");
    }

    @Test
    void an_unreachable_host_fails_the_source_and_the_repair_goes_on() throws Exception {
        vision.publish(JAN_1, 30);
        backfill(JAN, JAN);
        Files.delete(store.monthFile(JAN));
        vision.fail(JAN_1.checksumUrl(FakeVision.BASE),
                new BackfillPorts.HostUnreachableException("vision.test", "UnknownHostException: vision.test", null));

        RepairReport r = repair().repair(fromVision());

        assertThat(r.months().get(0).sources()).containsExactly(new RepairReport.Source("BTCUSDT-1m-2025-01-01.zip",
                From.FAILED, "cannot reach vision.test (UnknownHostException: vision.test)"));
        assertThat(r.failed()).isTrue();
    }

    @Test
    void a_monthly_archive_recorded_for_a_month_is_fetched_as_a_monthly_archive() throws Exception {
        vision.publish(DEC_ZIP, 60);
        backfill(YearMonth.of(2024, 12), YearMonth.of(2024, 12));
        Files.delete(store.monthFile(YearMonth.of(2024, 12)));
        vision.downloads.clear();

        RepairReport r = repair().repair(fromVision());

        assertThat(vision.downloads).containsExactly(DEC_ZIP.zipUrl(FakeVision.BASE));
        assertThat(r.months().get(0).outcome()).isEqualTo(Outcome.REPAIRED);
    }

    @Test
    void only_months_inside_the_range_are_repaired_and_the_base_url_comes_from_the_settings_by_default() throws Exception {
        vision.publish(DEC_ZIP, 60);
        vision.publish(JAN_1, 30);
        backfill(YearMonth.of(2024, 12), JAN);
        Files.delete(store.monthFile(YearMonth.of(2024, 12)));
        Files.delete(store.monthFile(JAN));

        assertThat(repair().repair(new RepairRequest(YearMonth.of(2025, 2), null, FakeVision.BASE)).months()).isEmpty();
        assertThat(repair().repair(new RepairRequest(null, YearMonth.of(2024, 11), FakeVision.BASE)).months()).isEmpty();
        assertThat(vision.texts).noneMatch(u -> u.contains("2024-11") || u.contains("2025-02"));

        RepairReport jan = repair().repair(new RepairRequest(JAN, JAN, null));
        assertThat(jan.months()).extracting(RepairReport.MonthRepair::month).containsExactly("2025-01");
        assertThat(vision.texts).last().isEqualTo(JAN_1.checksumUrl("http://settings.test")); // not published there
        assertThat(jan.months().get(0).outcome()).isEqualTo(Outcome.NOT_REPAIRED);

        RepairReport both = repair().repair(fromVision());
        assertThat(both.months()).extracting(RepairReport.MonthRepair::month).containsExactly("2024-12", "2025-01");
        assertThat(both.months()).extracting(RepairReport.MonthRepair::outcome)
                .containsExactly(Outcome.REPAIRED, Outcome.REPAIRED);
        assertThat(store.damagedMonths()).isEmpty();
    }

    @Test
    void another_symbol_is_refused_by_a_single_store_repair() throws Exception {
        assertThatThrownBy(() -> repair().repair(new RepairRequest(null, null, null, "ETHUSDT")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("this store holds BTCUSDT, not ETHUSDT");
        assertThat(repair().repair(new RepairRequest(null, null, null, "BTCUSDT")).months()).isEmpty();
    }

    @Test
    void an_archive_that_comes_corrupt_once_is_downloaded_again_and_used() throws Exception {
        byte[] good = vision.publish(JAN_1, 30);
        backfill(JAN, JAN);
        Files.delete(store.monthFile(JAN));
        vision.serve(JAN_1, "corrupt".getBytes(), good);
        vision.downloads.clear();

        RepairReport r = repair().repair(fromVision());

        assertThat(r.months().get(0).outcome()).isEqualTo(Outcome.REPAIRED);
        assertThat(vision.downloads).hasSize(2);
    }

    @Test
    void sources_are_ingested_again_as_first_merged_a_monthly_archive_replacing_the_days_before_it() throws Exception {
        vision.publish(JAN_1, 30);
        vision.publish(JAN_2, 45);
        backfill(JAN, JAN); // January's days
        VisionFile jan = VisionFile.month("BTCUSDT", JAN);
        vision.publish(jan, 90);
        backfill(JAN, JAN); // then its monthly archive, replacing them
        List<String> recorded = store.offsets().months().get("2025-01").files().stream()
                .map(f -> f.name() + " replaced=" + f.replaced()).toList();
        Files.delete(store.monthFile(JAN));
        vision.ingests.clear();

        RepairReport r = repair().repair(fromVision());

        assertThat(r.months().get(0).outcome()).isEqualTo(Outcome.REPAIRED);
        assertThat(recorded).last().isEqualTo("BTCUSDT-1m-2025-01.zip replaced=75");
        List<String> expected = recorded.stream().map(f -> f.substring(0, f.indexOf(' ')) + " replace="
                + (recorded.indexOf(f) > 0 && !f.endsWith("replaced=0")) + " source=archive").toList();
        assertThat(vision.ingests).containsExactlyElementsOf(expected);
        assertThat(vision.ingests).last().isEqualTo("BTCUSDT-1m-2025-01.zip replace=true source=archive");
        assertThat(rows(JAN)).isEqualTo(90);
    }

    @Test
    void a_repair_of_another_symbol_repairs_that_symbol_store() throws Exception {
        storage.KlineStores stores = new storage.KlineStores(root.resolve("multi"), storage.Symbols.of("BTCUSDT",
                "ETHUSDT"), CLOCK, CrashPoints.NONE);
        KlineStore eth = stores.store("ETHUSDT");
        vision = new FakeVision(root.resolve("vision"), eth, CLOCK, null);
        VisionFile ethDay = VisionFile.day("ETHUSDT", LocalDate.of(2025, 1, 1));
        vision.publish(ethDay, 30);
        BackfillSettings settings = new BackfillSettings(FakeVision.BASE, "http://rest.test", false, 5, downloads);
        new BackfillService(stores, settings, CLOCK, vision, new BackfillRuns(CLOCK))
                .run(new BackfillRequest("ETHUSDT", JAN, JAN, null, null, null), BackfillProgress.NONE);
        Files.delete(eth.monthFile(JAN));

        RepairReport r = new StoreRepair(stores, settings, vision).repair(new RepairRequest(null, null, null, "ETHUSDT"));

        assertThat(r.months()).extracting(RepairReport.MonthRepair::outcome).containsExactly(Outcome.REPAIRED);
        assertThat(vision.downloads).last().isEqualTo(ethDay.zipUrl(FakeVision.BASE));
        assertThat(eth.damage(JAN)).isEmpty();
    }

    @Test
    void an_empty_download_is_a_checksum_mismatch_not_a_missing_archive() throws Exception {
        vision.publish(JAN_1, 30);
        backfill(JAN, JAN);
        Files.delete(store.monthFile(JAN));
        vision.serve(JAN_1, new byte[0]);

        RepairReport r = repair().repair(fromVision());

        assertThat(r.months().get(0).sources()).extracting(RepairReport.Source::from).containsExactly(From.FAILED);
        assertThat(r.months().get(0).sources().get(0).detail()).startsWith("CHECKSUM_MISMATCH: downloaded twice, SHA-256 "
                + Hashes.sha256(new byte[0]));
    }
}
