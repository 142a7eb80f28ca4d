package backfill;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import storage.Hashes;
import storage.Offsets;
import storage.OffsetsCodec;
import support.Await;
import support.ChildJvm;
import support.DuckDb;
import support.FakeBinance;
import support.TestApp;
import support.TreeSnapshot;
import verify.ProblemKind;
import verify.VerifyReport;
import verify.VerifyRequest;

/** Backfill through the real routes against WireMock serving Binance Vision's exact paths. */
class BackfillIT {
    private static final String NOW = "2025-02-03T10:00:00Z";

    @TempDir
    Path root;
    FakeBinance binance;

    @BeforeEach
    void start() {
        binance = new FakeBinance(root.resolve("binance"), 21);
    }

    @AfterEach
    void stop() {
        binance.close();
    }

    private PipelineRuntime app() throws Exception {
        return TestApp.oneShot(root, Map.of("app.clock.fixed", NOW, "app.backfill.base-url", binance.baseUrl()));
    }

    private BackfillReport backfill(YearMonth from, YearMonth to) throws Exception {
        try (PipelineRuntime app = app()) {
            return app.backfill(new BackfillRequest("BTCUSDT", from, to, null, null, null), null);
        }
    }

    private Offsets offsets() throws Exception {
        return OffsetsCodec.read(root.resolve("data/spot/BTCUSDT/metadata/offsets.json"));
    }

    private Map<String, String> store() {
        return TreeSnapshot.of(root.resolve("data/spot/BTCUSDT/klines_1m"));
    }

    @Test
    void two_months_and_the_current_month_by_days_then_a_second_run_downloads_nothing() throws Exception {
        binance.publishMonth(YearMonth.of(2024, 12), List.of());
        binance.publishMonth(YearMonth.of(2025, 1), List.of()); // µs timestamps
        binance.publishDay(LocalDate.of(2025, 2, 1));
        // 2025-02-02 is complete but not published yet; 2025-02-03 is today (incomplete): never asked for

        BackfillReport first;
        try (PipelineRuntime app = app()) {
            first = app.backfill(BackfillRequest.lastMonths("BTCUSDT", 2, YearMonth.of(2025, 2)), null);
        }
        assertThat(first.count(FileResult.Status.INGESTED)).as(first.summary()).isEqualTo(3);
        assertThat(first.daysNotPublished()).containsExactly(LocalDate.of(2025, 2, 2));
        assertThat(first.ok()).isTrue();
        assertThat(binance.gets("/data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2025-02-03.zip.CHECKSUM")).isZero();
        Offsets o = offsets();
        assertThat(o.months().get("2024-12").rows()).isEqualTo(44640);
        assertThat(o.months().get("2025-01").rows()).isEqualTo(44640);
        assertThat(o.months().get("2025-02").rows()).isEqualTo(1440);
        assertThat(DuckDb.single("SELECT count(*) FROM read_parquet('" + root.resolve("data/spot/BTCUSDT/klines_1m")
                + "/*.parquet')")).isEqualTo(44640L * 2 + 1440);
        assertThat(root.resolve("data/spot/BTCUSDT/downloads")).isEmptyDirectory();

        int zipGets = binance.zipGets();
        Map<String, String> before = store();
        BackfillReport second;
        try (PipelineRuntime app = app()) {
            second = app.backfill(BackfillRequest.lastMonths("BTCUSDT", 2, YearMonth.of(2025, 2)), null);
        }
        assertThat(binance.zipGets()).as("second run makes no ZIP request").isEqualTo(zipGets);
        assertThat(second.count(FileResult.Status.UP_TO_DATE)).isEqualTo(3);
        assertThat(second.count(FileResult.Status.INGESTED)).isZero();
        assertThat(store()).isEqualTo(before);
    }

    @Test
    void an_unpublished_month_falls_back_to_its_daily_archives() throws Exception {
        YearMonth feb = YearMonth.of(2023, 2);
        for (int d = 1; d <= 28; d++) {
            binance.publishDay(feb.atDay(d));
        }
        BackfillReport r = backfill(feb, feb);
        assertThat(r.count(FileResult.Status.INGESTED)).as(r.summary()).isEqualTo(28);
        assertThat(offsets().months().get("2023-02").rows()).isEqualTo(28 * 1440);
        assertThat(offsets().months().get("2023-02").files()).hasSize(28);
        assertThat(binance.server.findAll(com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor(
                urlEqualTo("/data/spot/monthly/klines/BTCUSDT/1m/BTCUSDT-1m-2023-02.zip")))).hasSize(1);
    }

    @Test
    void server_error_then_success_is_retried() throws Exception {
        YearMonth m = YearMonth.of(2024, 3);
        byte[] zip = binance.publishMonth(m, List.of());
        String path = binance.path(VisionFile.month("BTCUSDT", m));
        binance.server.stubFor(get(urlEqualTo(path)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
        binance.server.stubFor(get(urlEqualTo(path)).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withBody(zip)));
        BackfillReport r = backfill(m, m);
        assertThat(r.count(FileResult.Status.INGESTED)).as(r.summary()).isEqualTo(1);
        assertThat(binance.gets(path)).isEqualTo(2);
    }

    /**
     * Three 429s, then the ZIP: Apache HttpClient (under camel-http) retries a 429 once by itself, so only our own
     * retry policy gets past the third.
     */
    @Test
    void rate_limited_answers_are_retried_until_the_archive_comes() throws Exception {
        YearMonth m = YearMonth.of(2024, 3);
        byte[] zip = binance.publishMonth(m, List.of());
        String path = binance.path(VisionFile.month("BTCUSDT", m));
        String[] states = {Scenario.STARTED, "429 once", "429 twice", "served"};
        for (int i = 0; i < 3; i++) {
            binance.server.stubFor(get(urlEqualTo(path)).inScenario("rate").whenScenarioStateIs(states[i])
                    .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")).willSetStateTo(states[i + 1]));
        }
        binance.server.stubFor(get(urlEqualTo(path)).inScenario("rate").whenScenarioStateIs("served")
                .willReturn(aResponse().withStatus(200).withBody(zip)));
        BackfillReport r = backfill(m, m);
        assertThat(r.count(FileResult.Status.INGESTED)).as(r.summary()).isEqualTo(1);
        assertThat(binance.gets(path)).isEqualTo(4);
    }

    @Test
    void a_client_error_other_than_404_fails_the_file_at_once_without_retries() throws Exception {
        YearMonth m = YearMonth.of(2024, 3);
        binance.publishMonth(m, List.of());
        VisionFile file = VisionFile.month("BTCUSDT", m);
        binance.failNextZip(file, aResponse().withStatus(403));
        BackfillReport r = backfill(m, m);
        assertThat(r.ok()).isFalse();
        assertThat(r.files()).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(FileResult.Status.FAILED);
            assertThat(f.detail()).contains("403");
        });
        assertThat(binance.gets(binance.path(file))).as("403 is not retried").isEqualTo(1);
        assertThat(root.resolve("data/spot/BTCUSDT/klines_1m/2024-03.parquet")).doesNotExist();
    }

    @Test
    void a_response_slower_than_the_timeout_is_retried() throws Exception {
        YearMonth m = YearMonth.of(2024, 3);
        byte[] zip = binance.publishMonth(m, List.of());
        String path = binance.path(VisionFile.month("BTCUSDT", m));
        binance.server.stubFor(get(urlEqualTo(path)).inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody(zip).withFixedDelay(5000)).willSetStateTo("fast"));
        binance.server.stubFor(get(urlEqualTo(path)).inScenario("slow").whenScenarioStateIs("fast")
                .willReturn(aResponse().withStatus(200).withBody(zip)));
        BackfillReport r = backfill(m, m);
        assertThat(r.count(FileResult.Status.INGESTED)).as(r.summary()).isEqualTo(1);
        assertThat(binance.gets(path)).isEqualTo(2);
    }

    @Test
    void a_body_dripping_within_the_idle_timeout_is_cut_at_the_attempt_limit_then_retried() throws Exception {
        YearMonth m = YearMonth.of(2024, 3);
        byte[] zip = binance.publishMonth(m, List.of());
        String path = binance.path(VisionFile.month("BTCUSDT", m));
        // 60 chunks over 30 s: a chunk every 0.5 s, well inside the 2 s idle (response) timeout
        binance.server.stubFor(get(urlEqualTo(path)).inScenario("drip").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody(zip).withChunkedDribbleDelay(60, 30_000))
                .willSetStateTo("fast"));
        binance.server.stubFor(get(urlEqualTo(path)).inScenario("drip").whenScenarioStateIs("fast")
                .willReturn(aResponse().withStatus(200).withBody(zip)));
        long t0 = System.nanoTime();
        BackfillReport r;
        try (PipelineRuntime app = TestApp.oneShot(root, Map.of("app.clock.fixed", NOW,
                "app.backfill.base-url", binance.baseUrl(), "app.backfill.http.attempt-timeout-ms", "3000"))) {
            r = app.backfill(new BackfillRequest("BTCUSDT", m, m, null, null, null), null);
        }
        assertThat(r.count(FileResult.Status.INGESTED)).as(r.summary()).isEqualTo(1);
        assertThat(binance.gets(path)).isEqualTo(2);
        assertThat((System.nanoTime() - t0) / 1e9).as("cut at 3 s, not after the 30 s drip").isLessThan(25);
        assertThat(offsets().months().get("2024-03").rows()).isEqualTo(31 * 1440);
    }

    @Test
    void a_dripping_body_that_never_ends_fails_the_file_naming_the_attempt_limit() throws Exception {
        YearMonth m = YearMonth.of(2024, 3);
        byte[] zip = binance.publishMonth(m, List.of());
        String path = binance.path(VisionFile.month("BTCUSDT", m));
        binance.server.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withStatus(200).withBody(zip)
                .withChunkedDribbleDelay(60, 30_000)));
        BackfillReport r;
        try (PipelineRuntime app = TestApp.oneShot(root, Map.of("app.clock.fixed", NOW,
                "app.backfill.base-url", binance.baseUrl(), "app.backfill.http.attempt-timeout-ms", "1500",
                "app.backfill.http.retries", "1"))) {
            r = app.backfill(new BackfillRequest("BTCUSDT", m, m, null, null, null), null);
        }
        assertThat(r.files()).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(FileResult.Status.FAILED);
            assertThat(f.detail()).contains("app.backfill.http.attempt-timeout-ms (1500 ms)");
        });
        assertThat(binance.gets(path)).as("one retry").isEqualTo(2);
        assertThat(root.resolve("data/spot/BTCUSDT/klines_1m/2024-03.parquet")).doesNotExist();
    }

    @Test
    void a_connection_cut_mid_body_is_retried_and_never_reaches_the_store() throws Exception {
        YearMonth m = YearMonth.of(2024, 3);
        byte[] zip = binance.publishMonth(m, List.of());
        String path = binance.path(VisionFile.month("BTCUSDT", m));
        binance.server.stubFor(get(urlEqualTo(path)).inScenario("cut").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(FakeBinance.fault(Fault.MALFORMED_RESPONSE_CHUNK)).willSetStateTo("whole"));
        binance.server.stubFor(get(urlEqualTo(path)).inScenario("cut").whenScenarioStateIs("whole")
                .willReturn(aResponse().withStatus(200).withBody(zip)));
        BackfillReport r = backfill(m, m);
        assertThat(r.count(FileResult.Status.INGESTED)).as(r.summary()).isEqualTo(1);
        assertThat(offsets().months().get("2024-03").rows()).isEqualTo(31 * 1440);
    }

    @Test
    void an_unreachable_host_stops_the_run_at_once_without_retries() throws Exception {
        Map<String, String> slowRetries = new HashMap<>(Map.of("app.clock.fixed", NOW, "app.backfill.http.retries", "4",
                "app.backfill.http.backoff-ms", "5000", "app.backfill.http.max-backoff-ms", "5000"));
        for (String host : List.of("http://127.0.0.1:9", "http://data.binance.invalid")) { // connection refused; no DNS
            BackfillReport r;
            long started = System.nanoTime();
            try (PipelineRuntime app = TestApp.oneShot(root, slowRetries)) {
                r = app.backfill(new BackfillRequest("BTCUSDT", YearMonth.of(2024, 3), YearMonth.of(2024, 4), host, null,
                        null), null);
            }
            long ms = (System.nanoTime() - started) / 1_000_000;
            assertThat(ms).as("no retry waited 5 s").isLessThan(5000);
            assertThat(r.ok()).isFalse();
            assertThat(r.files()).as("no file tried, none reported failed").isEmpty();
            assertThat(r.stop()).isNotNull().satisfies(s -> {
                assertThat(s.shutdown()).isFalse();
                assertThat(s.reason()).startsWith("cannot reach " + host.substring("http://".length()) + " (")
                        .containsAnyOf("(connection refused)", "(name not resolved");
                assertThat(s.notTried()).isEqualTo(2);
            });
            assertThat(r.summary()).contains("0 failed, 2 not tried (host unreachable)");
        }
        assertThat(root.resolve("data/spot/BTCUSDT/klines_1m")).doesNotExist();
    }

    @Test
    void connection_resets_are_still_retried_and_the_run_goes_on() throws Exception {
        binance.publishMonth(YearMonth.of(2024, 3), List.of());
        binance.publishMonth(YearMonth.of(2024, 5), List.of());
        VisionFile april = VisionFile.month("BTCUSDT", YearMonth.of(2024, 4));
        binance.serveChecksum(april, "ab".repeat(32));
        binance.server.stubFor(get(urlEqualTo(binance.path(april))).willReturn(FakeBinance.fault(Fault.CONNECTION_RESET_BY_PEER)));
        BackfillReport r = backfill(YearMonth.of(2024, 3), YearMonth.of(2024, 5));
        assertThat(r.count(FileResult.Status.INGESTED)).as(r.summary()).isEqualTo(2);
        assertThat(r.files()).filteredOn(f -> f.status() == FileResult.Status.FAILED).singleElement()
                .satisfies(f -> assertThat(f.file()).isEqualTo("BTCUSDT-1m-2024-04.zip"));
        assertThat(binance.gets(binance.path(april))).as("the first try and 3 retries").isEqualTo(4);
        assertThat(r.stop()).isNull();
    }

    @Test
    void a_truncated_body_is_downloaded_once_more_then_refused() throws Exception {
        YearMonth m = YearMonth.of(2024, 3);
        byte[] zip = binance.publishMonth(m, List.of());
        VisionFile file = VisionFile.month("BTCUSDT", m);
        binance.serveZip(file, FakeBinance.ok().withBody(Arrays.copyOf(zip, zip.length / 2)));
        BackfillReport r = backfill(m, m);
        assertThat(r.ok()).isFalse();
        assertThat(r.files()).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(FileResult.Status.REFUSED);
            assertThat(f.detail()).contains("CHECKSUM_MISMATCH", "downloaded twice");
        });
        assertThat(binance.gets(binance.path(file))).isEqualTo(2);
        assertThat(root.resolve("data/spot/BTCUSDT/klines_1m")).doesNotExist();
    }

    @Test
    void a_checksum_mismatch_is_refused_after_a_second_download() throws Exception {
        YearMonth m = YearMonth.of(2024, 3);
        binance.publishMonth(m, List.of());
        VisionFile file = VisionFile.month("BTCUSDT", m);
        binance.serveChecksum(file, "ab".repeat(32));
        BackfillReport r = backfill(m, m);
        assertThat(r.files()).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(FileResult.Status.REFUSED);
            assertThat(f.detail()).contains("CHECKSUM_MISMATCH", "ab".repeat(32));
        });
        assertThat(binance.gets(binance.path(file))).isEqualTo(2);
        assertThat(root.resolve("data/spot/BTCUSDT/klines_1m")).doesNotExist();
    }

    @Test
    void an_archive_without_checksum_is_refused_unread() throws Exception {
        YearMonth m = YearMonth.of(2024, 3);
        binance.publishMonth(m, List.of());
        VisionFile file = VisionFile.month("BTCUSDT", m);
        binance.server.stubFor(get(urlEqualTo(binance.path(file) + ".CHECKSUM")).willReturn(aResponse().withStatus(404)));
        BackfillReport r = backfill(m, m);
        assertThat(r.files()).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(FileResult.Status.REFUSED);
            assertThat(f.detail()).contains("CHECKSUM_MISSING");
        });
        assertThat(binance.zipGets()).isZero();
        assertThat(binance.gets(binance.path(file) + ".CHECKSUM")).as("404 is not retried").isEqualTo(1);
    }

    @Test
    void a_re_uploaded_archive_replaces_its_month() throws Exception {
        YearMonth m = YearMonth.of(2024, 3);
        byte[] firstZip = binance.publishMonth(m, List.of());
        backfill(m, m);
        Path month = root.resolve("data/spot/BTCUSDT/klines_1m/2024-03.parquet");
        String firstSha = Hashes.sha256(month);

        // Binance re-uploads the month with one corrected minute
        Path csv = root.resolve("binance/BTCUSDT-1m-2024-03.csv");
        List<String> lines = Files.readAllLines(csv);
        String[] f = lines.get(100).split(",");
        f[5] = "1234.56780000";
        lines.set(100, String.join(",", f));
        Path fixed = root.resolve("binance/fixed/BTCUSDT-1m-2024-03.csv");
        Files.createDirectories(fixed.getParent());
        Files.write(fixed, lines);
        byte[] fixedZip = binance.publish(VisionFile.month("BTCUSDT", m), fixed);

        BackfillReport r = backfill(m, m);
        assertThat(r.count(FileResult.Status.INGESTED)).as(r.summary()).isEqualTo(1);
        assertThat(r.files().get(0).detail()).contains("replaced 1");
        assertThat(Hashes.sha256(month)).isNotEqualTo(firstSha);
        long openTime = Long.parseLong(f[0]);
        assertThat(DuckDb.single("SELECT volume FROM " + DuckDb.parquet(month) + " WHERE epoch_ms(open_time) = " + openTime))
                .isEqualTo(1234.5678);
        // offsets.json records the re-uploaded archive and its CSV, not the first upload
        assertThat(Hashes.sha256(fixedZip)).isNotEqualTo(Hashes.sha256(firstZip));
        assertThat(offsets().months().get("2024-03").files()).singleElement().satisfies(e -> {
            assertThat(e.sha256()).isEqualTo(Hashes.sha256(fixedZip));
            assertThat(e.csvSha256()).isEqualTo(Hashes.sha256(fixed));
        });
    }

    @Test
    void verify_reports_a_30_minute_hole_exactly_and_rest_gap_fill_closes_it() throws Exception {
        YearMonth m = YearMonth.of(2024, 6);
        Instant hole = Instant.parse("2024-06-10T12:00:00Z");
        binance.publishMonth(m, List.of(new gen.KlineGenerator.Gap(hole, 30)));
        backfill(m, m);

        VerifyReport report;
        try (PipelineRuntime app = app()) {
            report = app.verify(new VerifyRequest("BTCUSDT", m, m));
        }
        assertThat(report.clean()).isFalse();
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.GAP);
            assertThat(p.ranges()).singleElement().satisfies(r -> {
                assertThat(r.start()).isEqualTo(hole);
                assertThat(r.end()).isEqualTo(Instant.parse("2024-06-10T12:29:00Z"));
                assertThat(r.minutes()).isEqualTo(30);
            });
        });

        // Binance's REST API serves the missing minutes: the same generator, without the hole
        Path full = root.resolve("full.csv");
        new gen.KlineGenerator(21).writeMonth(m, full, List.of());
        StringBuilder json = new StringBuilder("[");
        for (String line : Files.readAllLines(full)) {
            String[] f = line.split(",");
            long t = Long.parseLong(f[0]);
            if (t >= hole.toEpochMilli() && t < hole.toEpochMilli() + 30 * 60_000L) {
                json.append(json.length() > 1 ? "," : "").append(String.format(
                        "[%s,\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",%s,\"%s\",%s,\"%s\",\"%s\",\"0\"]",
                        f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10]));
            }
        }
        binance.server.stubFor(get(urlPathEqualTo("/api/v3/klines")).withQueryParam("symbol", equalTo("BTCUSDT"))
                .withQueryParam("interval", equalTo("1m"))
                .withQueryParam("startTime", equalTo(Long.toString(hole.toEpochMilli())))
                .willReturn(aResponse().withStatus(200).withBody(json.append("]").toString())));

        BackfillReport filled;
        try (PipelineRuntime app = app()) {
            filled = app.backfill(new BackfillRequest("BTCUSDT", m, m, null, true, binance.baseUrl()), null);
            report = app.verify(new VerifyRequest("BTCUSDT", m, m));
        }
        assertThat(filled.restRowsAdded()).as(filled.summary()).isEqualTo(30);
        assertThat(filled.restGapsLeft()).isEmpty();
        assertThat(binance.zipGets()).as("the archive was not fetched again").isEqualTo(1);
        assertThat(report.clean()).as(report.problems().toString()).isTrue();
        assertThat(offsets().months().get("2024-06").rows()).isEqualTo(30 * 1440);
        assertThat(offsets().months().get("2024-06").files()).extracting(Offsets.FileEntry::source)
                .containsExactly("archive", "rest");
    }

    @Test
    void the_timer_fills_data_in_the_long_lived_process_without_any_command() throws Exception {
        binance.publishMonth(YearMonth.of(2025, 1), List.of());
        for (int d = 1; d <= 2; d++) {
            binance.publishDay(LocalDate.of(2025, 2, d));
        }
        Map<String, String> p = new HashMap<>();
        p.put("app.clock.fixed", NOW);
        p.put("app.backfill.base-url", binance.baseUrl());
        p.put("app.backfill.enabled", "true");
        p.put("app.backfill.initial-delay-ms", "100");
        p.put("app.backfill.months", "1");
        try (PipelineRuntime app = TestApp.longLived(root, p)) {
            Await.until("timer backfill filled data/", Duration.ofSeconds(60), () -> {
                try {
                    return Files.exists(root.resolve("data/spot/BTCUSDT/metadata/offsets.json"))
                            && offsets().rows() == 44640 + 2 * 1440;
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    @Test
    void the_timer_fills_every_symbol_of_app_symbols_each_into_its_own_folder() throws Exception {
        for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
            binance.publishMonth(symbol, YearMonth.of(2025, 1), List.of());
        }
        Map<String, String> p = new HashMap<>();
        p.put("app.clock.fixed", NOW);
        p.put("app.symbols", "BTCUSDT,ETHUSDT");
        p.put("app.backfill.base-url", binance.baseUrl());
        p.put("app.backfill.enabled", "true");
        p.put("app.backfill.initial-delay-ms", "100");
        p.put("app.backfill.months", "1");
        try (PipelineRuntime app = TestApp.longLived(root, p)) {
            Await.until("timer backfill filled both symbols", Duration.ofSeconds(60), () -> {
                try {
                    return rows("BTCUSDT") == 44640 && rows("ETHUSDT") == 44640;
                } catch (Exception e) {
                    return false;
                }
            });
        }
        assertThat(OffsetsCodec.read(root.resolve("data/spot/ETHUSDT/metadata/offsets.json")).months().get("2025-01")
                .files()).extracting(Offsets.FileEntry::name).containsExactly("ETHUSDT-1m-2025-01.zip");
    }

    private long rows(String symbol) throws Exception {
        Path offsets = root.resolve("data/spot/" + symbol + "/metadata/offsets.json");
        return Files.exists(offsets) ? OffsetsCodec.read(offsets).rows() : -1;
    }

    private VerifyReport verify() throws Exception {
        try (PipelineRuntime app = app()) {
            return app.verify(VerifyRequest.all());
        }
    }

    @Test
    void a_deleted_month_file_is_downloaded_again_not_reported_up_to_date() throws Exception {
        YearMonth m = YearMonth.of(2024, 11);
        binance.publishMonth(m, List.of());
        backfill(m, m);
        Files.delete(root.resolve("data/spot/BTCUSDT/klines_1m/2024-11.parquet"));
        int zipGets = binance.zipGets();

        BackfillReport r = backfill(m, m);

        assertThat(r.count(FileResult.Status.INGESTED)).as(r.summary()).isEqualTo(1);
        assertThat(r.files().get(0).detail()).contains("REBUILT month 2024-11", "2024-11.parquet is missing");
        assertThat(binance.zipGets()).isEqualTo(zipGets + 1);
        assertThat(verify().problems()).isEmpty();
    }

    @Test
    void a_truncated_month_whose_upstream_checksum_changed_is_rebuilt_from_the_new_archive() throws Exception {
        YearMonth m = YearMonth.of(2024, 11);
        binance.publishMonth(m, List.of());
        backfill(m, m);
        Path month = root.resolve("data/spot/BTCUSDT/klines_1m/2024-11.parquet");
        byte[] whole = Files.readAllBytes(month);
        Files.write(month, Arrays.copyOf(whole, whole.length / 2));
        Path csv = root.resolve("binance/fixed/BTCUSDT-1m-2024-11.csv");
        new gen.KlineGenerator(99).writeMonth(m, csv, List.of());
        binance.publish(VisionFile.month("BTCUSDT", m), csv);

        BackfillReport r = backfill(m, m);

        assertThat(r.ok()).as(r.summary() + r.files()).isTrue();
        assertThat(r.files()).singleElement().satisfies(f -> assertThat(f.detail()).contains("REBUILT month 2024-11",
                "does not match offsets.json").doesNotContain("IO_ERROR"));
        assertThat(verify().problems()).isEmpty();
    }

    @Test
    void the_days_of_a_month_whose_file_is_gone_are_downloaded_again() throws Exception {
        binance.publishDay(LocalDate.of(2025, 2, 1));
        binance.publishDay(LocalDate.of(2025, 2, 2));
        YearMonth feb = YearMonth.of(2025, 2);
        backfill(feb, feb);
        Files.delete(root.resolve("data/spot/BTCUSDT/klines_1m/2025-02.parquet"));

        BackfillReport r = backfill(feb, feb);

        assertThat(r.count(FileResult.Status.INGESTED)).as(r.summary()).isEqualTo(2);
        assertThat(offsets().months().get("2025-02").rows()).isEqualTo(2 * 1440);
        assertThat(offsets().months().get("2025-02").files()).hasSize(2);
        assertThat(verify().problems()).isEmpty();
    }

    @Test
    void kill_9_during_a_download_leaves_a_run_folder_that_start_up_removes() throws Exception {
        YearMonth m = YearMonth.of(2024, 3);
        byte[] zip = binance.publishMonth(m, List.of());
        // the body trickles in over 20 s: the child is killed while the archive is half written
        binance.serveZip(VisionFile.month("BTCUSDT", m), FakeBinance.ok().withBody(zip).withChunkedDribbleDelay(200, 20_000));
        Path downloads = root.resolve("data/spot/BTCUSDT/downloads");
        Map<String, String> settings = Map.of("app.data.dir", root.resolve("data").toString(),
                "app.inbox.dir", root.resolve("inbox").toString(), "app.features.refresh", "",
                "app.clock.fixed", NOW, "app.backfill.http.response-timeout-ms", "60000");
        ChildJvm child = ChildJvm.start(root.resolve("child"), settings,
                List.of("backfill", "--from", "2024-03", "--to", "2024-03", "--base-url", binance.baseUrl()));
        Await.until("a half-written download", Duration.ofSeconds(60), () -> !leftovers(downloads).isEmpty());
        ChildJvm.Run killed = child.killAfter(0);
        assertThat(killed.exitCode()).as(killed::describe).isNotZero();
        assertThat(leftovers(downloads)).as("what kill -9 left").isNotEmpty();

        try (PipelineRuntime app = app()) {
            assertThat(leftovers(downloads)).as("after start-up").isEmpty();
        }
    }

    @Test
    void sigterm_during_a_cli_backfill_download_ends_it_at_once_and_leaves_no_download_folder() throws Exception {
        YearMonth m = YearMonth.of(2024, 3);
        byte[] zip = binance.publishMonth(m, List.of());
        binance.serveZip(VisionFile.month("BTCUSDT", m), FakeBinance.ok().withBody(zip).withChunkedDribbleDelay(300, 60_000));
        Path downloads = root.resolve("data/spot/BTCUSDT/downloads");
        Map<String, String> settings = Map.of("app.data.dir", root.resolve("data").toString(),
                "app.inbox.dir", root.resolve("inbox").toString(), "app.features.refresh", "", "app.clock.fixed", NOW);
        ChildJvm child = ChildJvm.start(root.resolve("child"), settings,
                List.of("backfill", "--from", "2024-03", "--to", "2024-03", "--base-url", binance.baseUrl()));
        Await.until("the download under way", Duration.ofSeconds(60), () -> !child.process().isAlive()
                || !leftovers(downloads).isEmpty() && binance.gets(binance.path(VisionFile.month("BTCUSDT", m))) > 0);
        Thread.sleep(500);
        long signalled = System.nanoTime();
        child.process().destroy(); // SIGTERM, as Ctrl-C would
        boolean ended = child.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        long ms = (System.nanoTime() - signalled) / 1_000_000;
        ChildJvm.Run run = child.awaitExit();
        System.out.println("SIGTERM during a CLI backfill: exit " + run.exitCode() + " after " + ms + " ms");
        assertThat(ended).as(run.describe()).isTrue();
        assertThat(run.exitCode()).as(run.describe()).isEqualTo(143); // an interrupted command says so
        assertThat(run.output()).as(run.describe()).doesNotContain("Forcing", "not yet shutdown");
        assertThat(leftovers(downloads)).as("the run folder removed by the run itself").isEmpty();
        assertThat(root.resolve("data/spot/BTCUSDT/klines_1m")).doesNotExist();
    }

    @Test
    void run_folders_of_dead_runs_are_removed_by_the_next_run() throws Exception {
        YearMonth m = YearMonth.of(2024, 3);
        binance.publishMonth(m, List.of());
        Path downloads = root.resolve("data/spot/BTCUSDT/downloads");
        long deadPid = Long.MAX_VALUE / 2;
        Files.createDirectories(downloads.resolve("run-" + deadPid + "-123"));
        Files.write(downloads.resolve("run-" + deadPid + "-123/BTCUSDT-1m-2024-02.zip"), new byte[] {1, 2});
        Files.createDirectories(downloads.resolve("run-8123456789")); // the older name, without a process id
        Files.write(downloads.resolve("run-8123456789/BTCUSDT-1m-2024-01.zip"), new byte[] {3});
        Path live = Files.createDirectories(downloads.resolve("run-" + ProcessHandle.current().pid() + "-9"));

        BackfillReport r;
        try (PipelineRuntime app = TestApp.oneShot(root, Map.of("app.clock.fixed", NOW, "app.backfill.base-url",
                binance.baseUrl()))) {
            Files.createDirectories(downloads.resolve("run-" + deadPid + "-456")); // appears while the process runs
            r = app.backfill(new BackfillRequest("BTCUSDT", m, m, null, null, null), null);
        }

        assertThat(r.count(FileResult.Status.INGESTED)).as(r.summary()).isEqualTo(1);
        assertThat(leftovers(downloads)).as("only the folder of a process still running").containsExactly(live);
    }

    private static List<Path> leftovers(Path downloads) {
        if (!Files.isDirectory(downloads)) {
            return List.of();
        }
        try (var files = Files.walk(downloads)) {
            return files.filter(p -> !p.equals(downloads)).filter(p -> p.getParent().equals(downloads)).toList();
        } catch (java.io.IOException e) {
            return List.of(); // a folder vanished while walking: ask again
        }
    }
}
