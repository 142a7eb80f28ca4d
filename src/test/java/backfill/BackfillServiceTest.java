package backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.CrashPoints;
import storage.Hashes;
import storage.KlineStore;

/**
 * {@link BackfillService} through its public API against {@link FakeVision} (real ZIPs and CHECKSUMs, the real ingest
 * steps, no Camel): what a run plans, downloads, refuses and reports. "Now" is 2025-02-03T10:00Z, so 2024-12 and
 * 2025-01 are complete months and February's complete days are the 1st and the 2nd.
 */
class BackfillServiceTest {
    private static final Instant NOW = Instant.parse("2025-02-03T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final YearMonth DEC = YearMonth.of(2024, 12);
    private static final YearMonth JAN = YearMonth.of(2025, 1);
    private static final YearMonth FEB = YearMonth.of(2025, 2);
    private static final VisionFile DEC_ZIP = VisionFile.month("BTCUSDT", DEC);
    private static final VisionFile JAN_ZIP = VisionFile.month("BTCUSDT", JAN);
    private static final VisionFile FEB_1 = VisionFile.day("BTCUSDT", LocalDate.of(2025, 2, 1));
    private static final VisionFile FEB_2 = VisionFile.day("BTCUSDT", LocalDate.of(2025, 2, 2));

    @TempDir
    Path root;
    KlineStore store;
    FakeVision vision;
    BackfillRuns runs;
    BackfillService service;
    Path downloads;

    @BeforeEach
    void setUp() {
        store = new KlineStore(root.resolve("data"), "BTCUSDT", CLOCK, CrashPoints.NONE);
        vision = new FakeVision(root.resolve("vision"), store, CLOCK, null);
        runs = new BackfillRuns(CLOCK);
        downloads = root.resolve("downloads");
        service = service(FakeVision.BASE, false);
    }

    private BackfillService service(String baseUrl, boolean restGapFill) {
        return new BackfillService(store, new BackfillSettings(baseUrl, "http://rest.test/", restGapFill, 5, downloads),
                CLOCK, vision, runs);
    }

    private static BackfillRequest request(YearMonth from, YearMonth to) {
        return new BackfillRequest("BTCUSDT", from, to, null, null, null);
    }

    /** Records the progress callbacks as lines. */
    private static final class Recorded implements BackfillProgress {
        final List<String> lines = new ArrayList<>();
        final List<Long> totals = new ArrayList<>();
        BackfillReport.Stop stop;

        @Override
        public void started(String file, int done, int planned) {
            lines.add("started " + file + " " + done + "/" + planned);
        }

        @Override
        public void finished(FileResult result, int done, int planned, long totalBytes, double bytesPerSecond) {
            lines.add("finished " + result.file() + " " + done + "/" + planned);
            totals.add(totalBytes);
            assertThat(bytesPerSecond).isGreaterThanOrEqualTo(0);
        }

        @Override
        public void stopped(BackfillReport.Stop stop) {
            this.stop = stop;
        }
    }

    private static List<String> lines(BackfillReport r) {
        return r.files().stream().map(f -> f.status() + " " + f.file()).toList();
    }

    /** Publishes December, January, February 1st to 3rd; returns the ZIP sizes of those a run fetches, in order. */
    private List<Long> publishAll() {
        List<Long> sizes = new ArrayList<>();
        for (VisionFile f : List.of(DEC_ZIP, JAN_ZIP, FEB_1, FEB_2)) {
            sizes.add((long) vision.publish(f, 60).length);
        }
        vision.publish(VisionFile.day("BTCUSDT", LocalDate.of(2025, 2, 3)), 60); // today: not complete, never asked for
        return sizes;
    }

    private long monthRows(YearMonth m) throws IOException {
        var e = store.offsets().months().get(m.toString());
        return e == null ? 0 : e.rows();
    }

    @Test
    void complete_months_come_as_monthly_archives_and_the_current_month_as_its_complete_days() throws Exception {
        List<Long> published = publishAll();
        Recorded progress = new Recorded();

        // a "to" after the current month ends at the current month
        BackfillReport r = service.run(request(DEC, YearMonth.of(2025, 5)), progress);

        assertThat(lines(r)).containsExactly("INGESTED BTCUSDT-1m-2024-12.zip", "INGESTED BTCUSDT-1m-2025-01.zip",
                "INGESTED BTCUSDT-1m-2025-02-01.zip", "INGESTED BTCUSDT-1m-2025-02-02.zip");
        assertThat(r.ok()).isTrue();
        assertThat(r.stop()).isNull();
        assertThat(r.daysNotPublished()).isEmpty();
        assertThat(vision.texts).noneMatch(u -> u.contains("2025-02-03") || u.contains("2025-03"));
        assertThat(r.files()).extracting(FileResult::bytes).containsExactlyElementsOf(published);
        assertThat(r.bytes()).isEqualTo(published.stream().mapToLong(Long::longValue).sum());
        assertThat(vision.ingests).containsExactly("BTCUSDT-1m-2024-12.zip replace=false source=archive",
                "BTCUSDT-1m-2025-01.zip replace=false source=archive",
                "BTCUSDT-1m-2025-02-01.zip replace=false source=archive",
                "BTCUSDT-1m-2025-02-02.zip replace=false source=archive");
        assertThat(monthRows(DEC)).isEqualTo(60);
        assertThat(monthRows(JAN)).isEqualTo(60);
        assertThat(monthRows(FEB)).isEqualTo(120);

        // planned before the first download: the total never moves and "done" counts up to it
        assertThat(progress.lines).containsExactly(
                "started BTCUSDT-1m-2024-12.zip 0/4", "finished BTCUSDT-1m-2024-12.zip 1/4",
                "started BTCUSDT-1m-2025-01.zip 1/4", "finished BTCUSDT-1m-2025-01.zip 2/4",
                "started BTCUSDT-1m-2025-02-01.zip 2/4", "finished BTCUSDT-1m-2025-02-01.zip 3/4",
                "started BTCUSDT-1m-2025-02-02.zip 3/4", "finished BTCUSDT-1m-2025-02-02.zip 4/4");
        assertThat(progress.totals).isSorted().last().isEqualTo(r.bytes());
        assertThat(progress.stop).isNull();

        assertThat(r.summary()).startsWith("backfill: 4 downloaded, 0 up to date, 0 refused, 0 failed, "
                + "0 day(s) not published yet; ");
        assertThat(runs.status().running()).isNull();
        assertThat(runs.status().last().rowsAdded()).isEqualTo(240);
        assertThat(runs.status().last().report()).isSameAs(r);
        assertThat(runs.status().last().run().source()).isEqualTo(BackfillRuns.Source.TIMER);
        // the run's work folder and the verified archives are gone
        try (Stream<Path> left = Files.list(downloads)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void archives_already_ingested_with_binance_checksum_are_not_downloaded_again() throws Exception {
        publishAll();
        service.run(request(DEC, FEB), BackfillProgress.NONE);
        int downloaded = vision.downloads.size();

        BackfillReport again = service.run(request(DEC, FEB), BackfillProgress.NONE);

        assertThat(lines(again)).containsExactly("UP_TO_DATE BTCUSDT-1m-2024-12.zip", "UP_TO_DATE BTCUSDT-1m-2025-01.zip",
                "UP_TO_DATE BTCUSDT-1m-2025-02-01.zip", "UP_TO_DATE BTCUSDT-1m-2025-02-02.zip");
        assertThat(vision.downloads).hasSize(downloaded);
        assertThat(again.bytes()).isZero();
        assertThat(again.ok()).isTrue();
        assertThat(again.summary()).startsWith("backfill: 0 downloaded, 4 up to date,");
        assertThat(runs.status().last().rowsAdded()).isZero();
    }

    @Test
    void a_re_upload_with_a_new_checksum_is_downloaded_and_replaces_its_month() throws Exception {
        publishAll();
        service.run(request(DEC, FEB), BackfillProgress.NONE);
        byte[] reUpload = vision.publish(JAN_ZIP, 90);

        BackfillReport r = service.run(request(DEC, FEB), BackfillProgress.NONE);

        assertThat(lines(r)).containsExactly("UP_TO_DATE BTCUSDT-1m-2024-12.zip", "INGESTED BTCUSDT-1m-2025-01.zip",
                "UP_TO_DATE BTCUSDT-1m-2025-02-01.zip", "UP_TO_DATE BTCUSDT-1m-2025-02-02.zip");
        assertThat(vision.ingests).last().isEqualTo("BTCUSDT-1m-2025-01.zip replace=true source=archive");
        assertThat(r.bytes()).isEqualTo(reUpload.length);
        assertThat(monthRows(JAN)).isEqualTo(90);
        assertThat(store.offsets().months().get("2025-01").files()).last()
                .satisfies(f -> assertThat(f.sha256()).isEqualTo(Hashes.sha256(reUpload)));
        assertThat(runs.status().last().rowsAdded()).isEqualTo(30);
    }

    @Test
    void a_month_file_that_went_missing_is_downloaded_again_although_its_checksum_is_recorded() throws Exception {
        publishAll();
        service.run(request(JAN, JAN), BackfillProgress.NONE);
        Files.delete(store.monthFile(JAN));

        BackfillReport r = service.run(request(JAN, JAN), BackfillProgress.NONE);

        assertThat(lines(r)).containsExactly("INGESTED BTCUSDT-1m-2025-01.zip");
        assertThat(store.damage(JAN)).isEmpty();
        assertThat(monthRows(JAN)).isEqualTo(60);
    }

    @Test
    void a_month_not_published_yet_becomes_its_days_and_a_later_monthly_archive_replaces_them() throws Exception {
        vision.publishDay(LocalDate.of(2025, 1, 1), 30);
        vision.publishDay(LocalDate.of(2025, 1, 2), 30);
        Recorded progress = new Recorded();

        BackfillReport r = service.run(request(JAN, JAN), progress);

        assertThat(r.files()).hasSize(31);
        assertThat(lines(r).subList(0, 3)).containsExactly("INGESTED BTCUSDT-1m-2025-01-01.zip",
                "INGESTED BTCUSDT-1m-2025-01-02.zip", "NOT_PUBLISHED BTCUSDT-1m-2025-01-03.zip");
        assertThat(r.count(FileResult.Status.NOT_PUBLISHED)).isEqualTo(29);
        assertThat(r.daysNotPublished()).hasSize(29).startsWith(LocalDate.of(2025, 1, 3))
                .endsWith(LocalDate.of(2025, 1, 31));
        assertThat(r.ok()).isTrue(); // not published yet is no problem
        assertThat(progress.lines).first().isEqualTo("started BTCUSDT-1m-2025-01-01.zip 0/31");
        assertThat(progress.lines).last().isEqualTo("finished BTCUSDT-1m-2025-01-31.zip 31/31");
        assertThat(r.summary()).contains("29 day(s) not published yet [2025-01-03, 2025-01-04");
        // the monthly archive was asked for once (its CHECKSUM, then whether the ZIP exists), never downloaded
        assertThat(vision.heads).contains(JAN_ZIP.zipUrl(FakeVision.BASE));
        assertThat(vision.downloads).noneMatch(u -> u.endsWith("2025-01.zip"));
        assertThat(monthRows(JAN)).isEqualTo(60);

        vision.publish(JAN_ZIP, 100);
        BackfillReport later = service.run(request(JAN, JAN), BackfillProgress.NONE);

        assertThat(lines(later)).containsExactly("INGESTED BTCUSDT-1m-2025-01.zip");
        // the monthly archive supersedes the daily rows of its month
        assertThat(vision.ingests).last().isEqualTo("BTCUSDT-1m-2025-01.zip replace=true source=archive");
        assertThat(monthRows(JAN)).isEqualTo(100);
    }

    @Test
    void a_month_of_days_stops_at_the_last_complete_day_of_the_current_month() throws Exception {
        // February is the current month: its monthly archive is never asked for, only its complete days
        BackfillReport r = service.run(request(FEB, FEB), BackfillProgress.NONE);

        assertThat(lines(r)).containsExactly("NOT_PUBLISHED BTCUSDT-1m-2025-02-01.zip",
                "NOT_PUBLISHED BTCUSDT-1m-2025-02-02.zip");
        assertThat(vision.texts).noneMatch(u -> u.endsWith("2025-02.zip.CHECKSUM"));
        assertThat(r.summary()).contains("2 day(s) not published yet [2025-02-01, 2025-02-02]");
    }

    @Test
    void an_archive_published_without_its_checksum_is_refused_and_not_downloaded() throws Exception {
        vision.publish(DEC_ZIP, 60);
        vision.checksum(DEC_ZIP, null);
        vision.publish(FEB_1, 60);
        vision.checksum(FEB_1, null);

        BackfillReport r = service.run(request(DEC, DEC), BackfillProgress.NONE);
        BackfillReport day = service.run(request(FEB, FEB), BackfillProgress.NONE);

        assertThat(lines(r)).containsExactly("REFUSED BTCUSDT-1m-2024-12.zip");
        assertThat(r.files().get(0).detail()).startsWith("CHECKSUM_MISSING");
        assertThat(r.ok()).isFalse();
        assertThat(r.summary()).startsWith("backfill: 0 downloaded, 0 up to date, 1 refused, 0 failed");
        assertThat(lines(day)).containsExactly("REFUSED BTCUSDT-1m-2025-02-01.zip", "NOT_PUBLISHED BTCUSDT-1m-2025-02-02.zip");
        assertThat(day.files().get(0).detail()).startsWith("CHECKSUM_MISSING");
        assertThat(day.daysNotPublished()).containsExactly(LocalDate.of(2025, 2, 2));
        assertThat(vision.downloads).isEmpty();
        assertThat(store.offsets().months()).isEmpty();
    }

    @Test
    void an_unreadable_checksum_is_refused_and_an_upper_case_one_without_file_name_is_accepted() throws Exception {
        vision.publish(DEC_ZIP, 60);
        vision.checksum(DEC_ZIP, "<html>not found</html>");
        byte[] jan = vision.publish(JAN_ZIP, 60);
        vision.checksum(JAN_ZIP, "  " + Hashes.sha256(jan).toUpperCase() + "\n");
        vision.publish(FEB_1, 60);
        vision.checksum(FEB_1, Hashes.sha256(jan) + "x  BTCUSDT-1m-2025-02-01.zip"); // 65 hex digits

        BackfillReport r = service.run(request(DEC, FEB), BackfillProgress.NONE);

        assertThat(lines(r)).containsExactly("REFUSED BTCUSDT-1m-2024-12.zip", "INGESTED BTCUSDT-1m-2025-01.zip",
                "REFUSED BTCUSDT-1m-2025-02-01.zip", "NOT_PUBLISHED BTCUSDT-1m-2025-02-02.zip");
        assertThat(r.files().get(0).detail()).isEqualTo("CHECKSUM_UNREADABLE: " + DEC_ZIP.checksumUrl(FakeVision.BASE)
                + " is not '<sha256>  <file>'");
        assertThat(r.files().get(2).detail()).startsWith("CHECKSUM_UNREADABLE");
        assertThat(vision.downloads).containsExactly(JAN_ZIP.zipUrl(FakeVision.BASE));
    }

    @Test
    void a_download_that_does_not_match_the_checksum_is_fetched_once_more() throws Exception {
        byte[] good = vision.publish(DEC_ZIP, 60);
        byte[] corrupt = "not the archive".getBytes();
        vision.serve(DEC_ZIP, corrupt, good);
        byte[] jan = vision.publish(JAN_ZIP, 60);
        vision.serve(JAN_ZIP, corrupt); // every download corrupt

        BackfillReport r = service.run(request(DEC, JAN), BackfillProgress.NONE);

        assertThat(lines(r)).containsExactly("INGESTED BTCUSDT-1m-2024-12.zip", "REFUSED BTCUSDT-1m-2025-01.zip");
        assertThat(r.files().get(0).bytes()).isEqualTo(corrupt.length + good.length);
        assertThat(r.files().get(1).bytes()).isEqualTo(2L * corrupt.length);
        assertThat(r.files().get(1).detail()).isEqualTo("CHECKSUM_MISMATCH: downloaded twice, SHA-256 "
                + Hashes.sha256(corrupt) + " but Binance's CHECKSUM says " + Hashes.sha256(jan));
        assertThat(r.bytes()).isEqualTo(3L * corrupt.length + good.length);
        assertThat(vision.downloads).hasSize(4);
        assertThat(monthRows(DEC)).isEqualTo(60);
        assertThat(store.offsets().months()).doesNotContainKey("2025-01");
        assertThat(r.ok()).isFalse();
    }

    @Test
    void failed_requests_fail_their_archive_and_the_run_goes_on() throws Exception {
        publishAll();
        vision.fail(DEC_ZIP.checksumUrl(FakeVision.BASE), new BackfillPorts.FetchFailedException("x", new IOException("503")));
        vision.fail(JAN_ZIP.zipUrl(FakeVision.BASE), new BackfillPorts.FetchFailedException("y", new IOException("reset")));
        vision.unpublishZip(FEB_1); // CHECKSUM published, ZIP answers 404
        vision.checksum(FEB_2, null);
        vision.fail(FEB_2.zipUrl(FakeVision.BASE), new BackfillPorts.FetchFailedException("z", new IOException("HEAD 500")));

        BackfillReport r = service.run(request(DEC, FEB), BackfillProgress.NONE);

        assertThat(lines(r)).containsExactly("FAILED BTCUSDT-1m-2024-12.zip", "FAILED BTCUSDT-1m-2025-01.zip",
                "FAILED BTCUSDT-1m-2025-02-01.zip", "FAILED BTCUSDT-1m-2025-02-02.zip");
        assertThat(r.files().get(0).detail()).isEqualTo("GET x failed: 503");
        assertThat(r.files().get(1).detail()).isEqualTo("GET y failed: reset");
        assertThat(r.files().get(2).detail()).isEqualTo("CHECKSUM published but the archive answered 404");
        assertThat(r.files().get(3).detail()).isEqualTo("GET z failed: HEAD 500");
        assertThat(r.summary()).startsWith("backfill: 0 downloaded, 0 up to date, 0 refused, 4 failed, ");
        assertThat(r.ok()).isFalse();
        assertThat(r.stop()).isNull();
    }

    @Test
    void a_month_whose_monthly_checksum_fails_is_not_split_into_days() throws Exception {
        vision.fail(JAN_ZIP.checksumUrl(FakeVision.BASE), new BackfillPorts.FetchFailedException("c", null));
        vision.checksum(DEC_ZIP, null);
        vision.fail(DEC_ZIP.zipUrl(FakeVision.BASE), new BackfillPorts.FetchFailedException("h", null));

        BackfillReport r = service.run(request(DEC, JAN), BackfillProgress.NONE);

        assertThat(lines(r)).containsExactly("FAILED BTCUSDT-1m-2024-12.zip", "FAILED BTCUSDT-1m-2025-01.zip");
        assertThat(r.files().get(1).detail()).isEqualTo("GET c failed: unknown");
        assertThat(vision.texts).noneMatch(u -> u.contains("daily"));
    }

    @Test
    void an_ingest_refusal_is_reported_with_the_ingest_summary() throws Exception {
        vision.publish(DEC_ZIP, 0); // an archive without a single kline

        BackfillReport r = service.run(request(DEC, DEC), BackfillProgress.NONE);

        assertThat(lines(r)).containsExactly("REFUSED BTCUSDT-1m-2024-12.zip");
        assertThat(r.files().get(0).detail()).contains("EMPTY");
        assertThat(r.files().get(0).problem()).isTrue();
        assertThat(r.summary()).startsWith("backfill: 0 downloaded, 0 up to date, 1 refused, 0 failed");
    }

    @Test
    void an_unreachable_host_ends_the_run_and_counts_what_was_not_tried() throws Exception {
        publishAll();
        vision.fail(JAN_ZIP.checksumUrl(FakeVision.BASE),
                new BackfillPorts.HostUnreachableException("vision.test", "UnknownHostException: vision.test", null));
        Recorded progress = new Recorded();

        BackfillReport planning = service.run(request(DEC, FEB), progress);

        assertThat(planning.files()).isEmpty(); // it happened while planning: nothing was fetched
        assertThat(planning.stop()).isEqualTo(new BackfillReport.Stop(false,
                "cannot reach vision.test (UnknownHostException: vision.test)", 4));
        assertThat(progress.stop).isEqualTo(planning.stop());
        assertThat(planning.ok()).isFalse();
        assertThat(planning.summary()).contains(", 4 not tried (host unreachable)");

        vision.fail(JAN_ZIP.checksumUrl(FakeVision.BASE), null);
        vision.fail(FEB_1.zipUrl(FakeVision.BASE),
                new BackfillPorts.HostUnreachableException("vision.test", "ConnectException: refused", null));
        BackfillReport fetching = service.run(request(DEC, FEB), BackfillProgress.NONE);

        assertThat(lines(fetching)).containsExactly("INGESTED BTCUSDT-1m-2024-12.zip", "INGESTED BTCUSDT-1m-2025-01.zip");
        assertThat(fetching.stop().notTried()).isEqualTo(2);
        assertThat(fetching.stop().shutdown()).isFalse();
        assertThat(runs.status().last().report()).isSameAs(fetching);
    }

    @Test
    void a_stopping_process_ends_the_run_without_reporting_the_aborted_request_as_a_failure() throws Exception {
        publishAll();
        vision.before(JAN_ZIP.zipUrl(FakeVision.BASE), url -> {
            service.stop();
            throw new BackfillPorts.FetchFailedException(url, new IOException("aborted"));
        });
        Recorded progress = new Recorded();

        BackfillReport r = service.run(request(DEC, FEB), progress);

        assertThat(lines(r)).containsExactly("INGESTED BTCUSDT-1m-2024-12.zip");
        assertThat(r.stop()).isEqualTo(new BackfillReport.Stop(true, "the process is stopping", 3));
        assertThat(progress.stop).isEqualTo(r.stop());
        assertThat(r.summary()).contains("1 downloaded").contains(", 3 not tried (stopping)");

        // asked for while stopping: ends before its first request
        int requests = vision.texts.size() + vision.downloads.size() + vision.heads.size();
        BackfillReport next = service.run(request(DEC, FEB), BackfillProgress.NONE);
        assertThat(next.files()).isEmpty();
        assertThat(next.stop()).isEqualTo(new BackfillReport.Stop(true, "the process is stopping", 4));
        assertThat(vision.texts.size() + vision.downloads.size() + vision.heads.size()).isEqualTo(requests);
    }

    @Test
    void a_host_found_unreachable_while_stopping_is_still_reported_as_unreachable() throws Exception {
        publishAll();
        vision.before(DEC_ZIP.zipUrl(FakeVision.BASE), url -> {
            service.stop();
            throw new BackfillPorts.HostUnreachableException("vision.test", "NoRouteToHostException", null);
        });

        BackfillReport r = service.run(request(DEC, DEC), BackfillProgress.NONE);

        assertThat(r.stop().shutdown()).isFalse();
        assertThat(r.stop().reason()).contains("NoRouteToHostException");
        assertThat(r.stop().notTried()).isEqualTo(1);
    }

    @Test
    void the_request_base_url_overrides_the_setting_and_a_trailing_slash_is_ignored() throws Exception {
        vision.publish(DEC_ZIP, 60);
        BackfillService elsewhere = service("http://nowhere.test", false);

        BackfillReport r = elsewhere.run(new BackfillRequest("BTCUSDT", DEC, DEC, FakeVision.BASE + "/", null, null),
                BackfillProgress.NONE);

        assertThat(lines(r)).containsExactly("INGESTED BTCUSDT-1m-2024-12.zip");
        assertThat(vision.texts).allMatch(u -> u.startsWith(FakeVision.BASE + "/data/spot/monthly/"));
    }

    @Test
    void rest_gap_fill_runs_when_the_request_or_else_the_setting_asks_for_it() throws Exception {
        vision.publish(DEC_ZIP, 60);
        BackfillService withRest = service(FakeVision.BASE, true);

        BackfillReport off = withRest.run(new BackfillRequest("BTCUSDT", DEC, DEC, null, false, null),
                BackfillProgress.NONE);
        assertThat(vision.texts).noneMatch(u -> u.contains("/api/v3/klines"));
        assertThat(off.restGapsLeft()).isEmpty();

        BackfillReport on = withRest.run(request(DEC, DEC), BackfillProgress.NONE);
        assertThat(vision.texts).anyMatch(u -> u.startsWith("http://rest.test/api/v3/klines?symbol=BTCUSDT"));
        // the fake API serves nothing: the rest of December stays missing and is reported
        assertThat(on.restGapsLeft()).hasSize(1);
        assertThat(on.restRowsAdded()).isZero();
        assertThat(on.summary()).contains("; REST gap fill added 0 row(s), still missing [");

        BackfillReport other = service.run(new BackfillRequest("BTCUSDT", DEC, DEC, null, true, "http://other.test"),
                BackfillProgress.NONE);
        assertThat(vision.texts).anyMatch(u -> u.startsWith("http://other.test/api/v3/klines?symbol=BTCUSDT"));
        assertThat(other.restGapsLeft()).hasSize(1);
    }

    @Test
    void one_run_at_a_time_and_a_reserved_ticket_is_the_one_used() throws Exception {
        vision.publish(DEC_ZIP, 60);
        BackfillRuns.Ticket api = runs.reserve(BackfillRuns.Source.API, DEC, DEC);

        assertThatThrownBy(() -> service.run(request(DEC, DEC), BackfillProgress.NONE))
                .isInstanceOf(BackfillBusyException.class);
        assertThat(vision.texts).isEmpty();

        BackfillReport r = service.run(request(DEC, DEC), null, api); // null progress: logged
        assertThat(r.ok()).isTrue();
        assertThat(runs.status().running()).isNull();
        assertThat(runs.status().last().run()).isSameAs(api);
        assertThat(runs.status().last().rowsAdded()).isEqualTo(60);
        assertThat(api.progress()).isEqualTo(new BackfillRuns.Progress("BTCUSDT-1m-2024-12.zip", 1, 1, r.bytes()));
        assertThat(service.runs()).isSameAs(runs);
    }

    @Test
    void a_symbol_the_store_does_not_hold_is_refused_and_the_run_recorded_as_failed() {
        assertThatThrownBy(() -> service.storeFor("ETHUSDT")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("this store holds BTCUSDT, not ETHUSDT");
        assertThat(service.storeFor("BTCUSDT")).isSameAs(store);

        assertThatThrownBy(() -> service.run(new BackfillRequest("ETHUSDT", DEC, DEC, null, null, null), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(runs.status().running()).isNull();
        assertThat(runs.status().last().error()).isEqualTo("this store holds BTCUSDT, not ETHUSDT");
        assertThat(runs.status().last().report()).isNull();
    }

    @Test
    void the_timer_asks_for_the_last_complete_months_and_the_current_one() throws Exception {
        assertThat(service.timerRequest(2)).isEqualTo(new BackfillRequest("BTCUSDT", DEC, FEB, null, null, null));
        assertThat(service.timerRequests(1)).containsExactly(new BackfillRequest("BTCUSDT", JAN, FEB, null, null, null));
        assertThatThrownBy(() -> new BackfillRequest("BTCUSDT", FEB, JAN, null, null, null))
                .hasMessage("--from 2025-02 is after --to 2025-01");
    }

    @Test
    void work_folders_of_runs_whose_process_ended_are_removed_and_a_live_one_is_kept() throws Exception {
        Path dead = Files.createDirectories(downloads.resolve("run-2147483646-123"));
        Files.writeString(dead.resolve("BTCUSDT-1m-2024-12.zip"), "half a download");
        Path old = Files.createDirectories(downloads.resolve("run-abc"));
        Path alive = Files.createDirectories(downloads.resolve("run-" + ProcessHandle.current().pid() + "-456"));
        Path other = Files.createDirectories(downloads.resolve("keep-me"));

        assertThat(service.removeLeftovers()).containsExactlyInAnyOrder("run-2147483646-123", "run-abc");

        assertThat(dead).doesNotExist();
        assertThat(old).doesNotExist();
        assertThat(alive).isDirectory();
        assertThat(other).isDirectory();
        // and every run tidies up as it starts
        Files.createDirectories(dead);
        service.run(request(DEC, DEC), BackfillProgress.NONE);
        assertThat(dead).doesNotExist();
        assertThat(alive).isDirectory();
    }

    @Test
    void no_leftovers_to_remove_when_the_download_folder_does_not_exist() {
        assertThat(service.removeLeftovers()).isEmpty();
        assertThat(downloads).doesNotExist();
    }

    @Test
    void a_month_split_into_days_counts_its_days_as_not_tried_when_the_host_goes_away() throws Exception {
        vision.publishDay(LocalDate.of(2025, 1, 1), 10);
        vision.publishDay(LocalDate.of(2025, 1, 2), 10);
        VisionFile jan3 = VisionFile.day("BTCUSDT", LocalDate.of(2025, 1, 3));
        vision.fail(jan3.checksumUrl(FakeVision.BASE),
                new BackfillPorts.HostUnreachableException("vision.test", "ConnectException: refused", null));

        BackfillReport r = service.run(request(JAN, FEB), BackfillProgress.NONE);

        assertThat(r.count(FileResult.Status.INGESTED)).isEqualTo(2);
        // January 3rd to 31st and February's two complete days
        assertThat(r.stop().notTried()).isEqualTo(29 + 2);
    }

    @Test
    void an_empty_download_is_a_checksum_mismatch_not_a_missing_archive() throws Exception {
        vision.publish(DEC_ZIP, 60);
        vision.serve(DEC_ZIP, new byte[0]);

        BackfillReport r = service.run(request(DEC, DEC), BackfillProgress.NONE);

        assertThat(lines(r)).containsExactly("REFUSED BTCUSDT-1m-2024-12.zip");
        assertThat(r.files().get(0).detail()).startsWith("CHECKSUM_MISMATCH: downloaded twice, SHA-256 "
                + Hashes.sha256(new byte[0]));
    }

    @Test
    void the_run_time_and_the_download_rate_are_measured_over_the_run() throws Exception {
        publishAll();
        List<double[]> rates = new ArrayList<>();
        BackfillProgress progress = new BackfillProgress() {
            @Override
            public void started(String file, int done, int planned) {
            }

            @Override
            public void finished(FileResult result, int done, int planned, long totalBytes, double bytesPerSecond) {
                rates.add(new double[] {totalBytes, bytesPerSecond});
            }
        };
        long before = System.currentTimeMillis();
        BackfillReport r = service.run(request(DEC, FEB), progress);
        long after = System.currentTimeMillis();

        assertThat(r.millis()).isBetween(0L, after - before);
        double outerSeconds = Math.max(1e-3, (after - before) / 1e3);
        assertThat(rates).hasSize(4).allSatisfy(x -> {
            // bytes over at most the whole run's seconds, at least 1 ms
            assertThat(x[1]).isGreaterThanOrEqualTo(x[0] / outerSeconds).isLessThanOrEqualTo(x[0] * 1e3);
        });
        assertThat(runs.status().last().run().startedAt()).isEqualTo(NOW);
        assertThat(runs.status().last().finishedAt()).isEqualTo(NOW);
    }

    @Test
    void rest_gap_fill_ingests_the_minutes_the_api_serves_through_the_guarded_ports() throws Exception {
        vision.publish(DEC_ZIP, 60);
        long t = Instant.parse("2024-12-01T01:00:00Z").toEpochMilli(); // the first minute the archive lacks
        vision.rest = url -> url.contains("startTime=" + t + "&") ? "[[" + t + ",\"96000.00\",\"96010.00\",\"95990.00\","
                + "\"96005.00\",\"1.50000000\"," + (t + 59_999) + ",\"144007.5\",42,\"0.70000000\",\"67203.5\",\"0\"]]"
                : "[]";

        BackfillReport r = service.run(new BackfillRequest("BTCUSDT", DEC, DEC, null, true, null), BackfillProgress.NONE);

        assertThat(lines(r)).containsExactly("INGESTED BTCUSDT-1m-2024-12.zip", "INGESTED REST 2024-12-01");
        assertThat(r.restRowsAdded()).isEqualTo(1);
        assertThat(vision.ingests).last().isEqualTo("BTCUSDT-1m-2024-12-01.csv replace=false source=rest");
        assertThat(monthRows(DEC)).isEqualTo(61);
        assertThat(r.restGapsLeft()).hasSize(1);
        assertThat(r.summary()).contains("; REST gap fill added 1 row(s), still missing [");
    }

    @Test
    void rest_gaps_running_across_a_month_end_are_one_gap() throws Exception {
        BackfillReport r = service.run(new BackfillRequest("BTCUSDT", DEC, JAN, null, true, null), BackfillProgress.NONE);

        // nothing published, nothing served: December and January are missing as one stretch
        assertThat(r.restGapsLeft()).containsExactly("2024-12-01T00:00:00Z..2025-01-31T23:59:00Z (89280 min)");
    }

    @Test
    void every_symbol_of_the_stores_has_its_own_store_and_the_timer_asks_for_each() throws Exception {
        storage.KlineStores stores = new storage.KlineStores(root.resolve("multi"), storage.Symbols.of("BTCUSDT",
                "ETHUSDT"), CLOCK, CrashPoints.NONE);
        KlineStore eth = stores.store("ETHUSDT");
        vision = new FakeVision(root.resolve("vision"), eth, CLOCK, null);
        BackfillService multi = new BackfillService(stores, new BackfillSettings(FakeVision.BASE, "http://rest.test",
                false, 5, downloads), CLOCK, vision, runs);
        vision.publish(VisionFile.day("ETHUSDT", LocalDate.of(2025, 2, 1)), 30);

        assertThat(multi.storeFor("ETHUSDT")).isSameAs(eth);
        assertThat(multi.storeFor("BTCUSDT")).isSameAs(stores.defaultStore());
        assertThatThrownBy(() -> multi.storeFor("SOLUSDT")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("this store does not hold SOLUSDT (app.symbols=BTCUSDT,ETHUSDT)");
        assertThat(multi.timerRequests(1)).containsExactly(new BackfillRequest("BTCUSDT", JAN, FEB, null, null, null),
                new BackfillRequest("ETHUSDT", JAN, FEB, null, null, null));

        BackfillReport r = multi.run(new BackfillRequest("ETHUSDT", FEB, FEB, null, null, null), BackfillProgress.NONE);

        assertThat(lines(r)).containsExactly("INGESTED ETHUSDT-1m-2025-02-01.zip", "NOT_PUBLISHED ETHUSDT-1m-2025-02-02.zip");
        assertThat(eth.offsets().months().get("2025-02").rows()).isEqualTo(30);
        assertThat(stores.defaultStore().offsets().months()).isEmpty();
        assertThat(runs.status().last().rowsAdded()).isEqualTo(30);

        // "*": every symbol with a folder in the store; none yet, so the default one
        storage.KlineStores any = new storage.KlineStores(root.resolve("any"), storage.Symbols.parse("*"), CLOCK,
                CrashPoints.NONE);
        BackfillService anySymbol = new BackfillService(any, new BackfillSettings(FakeVision.BASE, "http://rest.test",
                false, 5, downloads), CLOCK, vision, runs);
        assertThat(anySymbol.timerRequests(1)).extracting(BackfillRequest::symbol).containsExactly("BTCUSDT");
        Files.createDirectories(root.resolve("any/spot/ETHUSDT"));
        assertThat(anySymbol.timerRequests(1)).extracting(BackfillRequest::symbol).containsExactly("ETHUSDT");
    }
}
