package api;

import static api.ApiClient.json;
import static api.ApiClient.problem;
import static api.ApiClient.text;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backtest.config.BacktestConfig;
import com.github.tomakehurst.wiremock.WireMockServer;
import gen.BinanceArchive;
import gen.KlineGenerator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import support.Await;
import support.PrometheusText;
import support.TestApp;

/**
 * {@code GET /observe/metrics} of the running long-lived process, read with a Prometheus text parser: a month
 * dropped into the inbox counts as one file and its rows, a refused file under its code, a posted backtest as a run
 * with its time, LLM decisions (WireMock as the server) as calls, fallbacks by reason and cache hits; the JVM and
 * route meters are there; the endpoint is open like health when a token is set; one-shot commands have none.
 */
class MetricsIT {
    private static final String LLM_PATH = "/v1/chat/completions";
    private static final int JANUARY_ROWS = 31 * 1440;
    @TempDir
    static Path root;
    static PipelineRuntime app;
    static ApiClient api;
    static WireMockServer llm;

    @BeforeAll
    static void start() throws Exception {
        llm = new WireMockServer(options().dynamicPort().notifier(new com.github.tomakehurst.wiremock.common.ConsoleNotifier(false)));
        llm.start();
        int port = ApiClient.freePort();
        app = TestApp.longLived(root, Map.of("app.api.port", Integer.toString(port),
                "app.llm.base-url", llm.baseUrl() + "/v1", "app.llm.model", "test-model", "app.llm.retries", "0",
                "app.llm.response-timeout-ms", "2000", "app.llm.deadline-ms", "5000"));
        api = new ApiClient(port).checkedAgainstOpenApi();
        drop(2024, 1, true);
        Await.until("January ingested", Duration.ofSeconds(60),
                () -> metrics().value("kline_ingest_files_total", "status", "ingested") == 1);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        llm.stop();
    }

    /** Generates a month as a Binance ZIP + CHECKSUM (a wrong checksum when not {@code valid}) and moves it in. */
    private static void drop(int year, int month, boolean valid) throws IOException {
        Path staging = Files.createDirectories(root.resolve("staging"));
        Path csv = staging.resolve("BTCUSDT-1m-" + YearMonth.of(year, month) + ".csv");
        new KlineGenerator(month).writeMonth(YearMonth.of(year, month), csv, List.of());
        Path zip = BinanceArchive.zipWithChecksum(csv, staging);
        Path checksum = zip.resolveSibling(zip.getFileName() + ".CHECKSUM");
        if (!valid) {
            Files.writeString(checksum, "0".repeat(64) + "  " + zip.getFileName() + "\n", StandardCharsets.US_ASCII);
        }
        Path inbox = Files.createDirectories(root.resolve("inbox"));
        Files.move(checksum, inbox.resolve(checksum.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        Files.move(zip, inbox.resolve(zip.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }

    static PrometheusText metrics() {
        HttpResponse<byte[]> r = api.get("/observe/metrics");
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return PrometheusText.parse(text(r));
    }

    @Test
    void a_month_dropped_into_the_inbox_counts_one_file_and_its_rows() {
        PrometheusText m = metrics();
        assertThat(m.type("kline_ingest_files_total")).isEqualTo("counter");
        assertThat(m.value("kline_ingest_files_total", "status", "ingested")).isEqualTo(1);
        assertThat(m.value("kline_ingest_files_total", "status", "already_ingested")).isZero();
        assertThat(m.value("kline_ingest_rows_read_total")).isEqualTo(JANUARY_ROWS);
        assertThat(m.value("kline_ingest_rows_stored_total", "change", "added")).isEqualTo(JANUARY_ROWS);
        assertThat(m.value("kline_ingest_rows_stored_total", "change", "replaced")).isZero();
    }

    @Test
    void a_refused_file_counts_under_its_reject_code() throws Exception {
        drop(2024, 2, false);
        Await.until("February refused", Duration.ofSeconds(60),
                () -> metrics().value("kline_ingest_refusals_total", "code", "CHECKSUM_MISMATCH") == 1);
        PrometheusText m = metrics();
        assertThat(m.value("kline_ingest_files_total", "status", "rejected")).isEqualTo(1);
        double refusals = m.samples("kline_ingest_refusals_total").stream().mapToDouble(PrometheusText.Sample::value).sum();
        assertThat(refusals).isEqualTo(1);
        assertThat(m.samples("kline_ingest_refusals_total")).hasSize(ingest.RejectCode.values().length);
        assertThat(m.value("kline_ingest_rows_read_total")).isEqualTo(JANUARY_ROWS); // nothing read from it
    }

    @Test
    void a_posted_backtest_counts_its_run_and_its_time() {
        PrometheusText before = metrics();
        HttpResponse<byte[]> r = api.post("/backtests", "application/yaml", """
                start: 2024-01-05
                end: 2024-02-01
                interval: 15m
                strategy: {type: ema-cross, decision_every: 1h, size_pct: 0.3}
                """);
        assertThat(r.statusCode()).as(text(r)).isEqualTo(202);
        String id = json(r).path("id").asText();
        assertThat(api.awaitStatus(id, Duration.ofSeconds(60), "done", "failed").path("status").asText()).isEqualTo("done");
        Await.until("run counted", Duration.ofSeconds(5), () -> delta(before, metrics(), "kline_backtest_runs_total",
                "kind", "run", "outcome", "done") == 1);
        PrometheusText after = metrics();
        assertThat(delta(before, after, "kline_backtest_duration_seconds_count", "kind", "run", "outcome", "done")).isEqualTo(1);
        assertThat(delta(before, after, "kline_backtest_duration_seconds_sum", "kind", "run", "outcome", "done")).isPositive();
        assertThat(delta(before, after, "kline_backtest_runs_total", "kind", "run", "outcome", "failed")).isZero();
        assertThat(after.type("kline_backtest_jobs_queued")).isEqualTo("gauge");
        assertThat(after.value("kline_backtest_jobs_queued", "kind", "run")).isZero();
        assertThat(after.value("kline_backtest_jobs_queued", "kind", "sweep")).isZero();
    }

    @Test
    void llm_decisions_count_calls_latency_fallbacks_and_cache_hits() {
        llm.resetAll();
        llm.stubFor(post(urlEqualTo(LLM_PATH)).willReturn(okJson(answer())));
        PrometheusText t0 = metrics();
        app.backtest(llmConfig("ok", 4)); // two decisions asked of the server
        PrometheusText t1 = metrics();
        assertThat(delta(t0, t1, "kline_llm_decisions_total", "source", "server")).isEqualTo(2);
        assertThat(delta(t0, t1, "kline_llm_calls_total")).isEqualTo(2);
        assertThat(delta(t0, t1, "kline_llm_latency_seconds_count")).isEqualTo(2);
        assertThat(delta(t0, t1, "kline_llm_tokens_total", "direction", "in")).isEqualTo(240);
        assertThat(delta(t0, t1, "kline_llm_cache_hits_total")).isZero();

        app.backtest(llmConfig("ok", 4)); // the same requests again: both answered by the cache
        PrometheusText t2 = metrics();
        assertThat(delta(t1, t2, "kline_llm_cache_hits_total")).isEqualTo(2);
        assertThat(delta(t1, t2, "kline_llm_decisions_total", "source", "cache")).isEqualTo(2);
        assertThat(delta(t1, t2, "kline_llm_calls_total")).isZero();

        llm.resetAll();
        llm.stubFor(post(urlEqualTo(LLM_PATH)).willReturn(aResponse().withStatus(400).withBody("{}")));
        app.backtest(llmConfig("refused", 5)); // 4xx: no retry, HOLD http_4xx
        PrometheusText t3 = metrics();
        assertThat(delta(t2, t3, "kline_llm_fallbacks_total", "reason", "http_4xx")).isEqualTo(2);
        assertThat(delta(t2, t3, "kline_llm_calls_total")).isEqualTo(2);
        assertThat(t3.type("kline_llm_fallbacks_total")).isEqualTo("counter");
        assertThat(delta(t0, t3, "kline_backtest_runs_total", "kind", "run", "outcome", "done")).isEqualTo(3);
    }

    @Test
    void jvm_and_camel_route_meters_are_served_too() {
        PrometheusText m = metrics();
        assertThat(m.samples("jvm_memory_used_bytes", "area", "heap")).isNotEmpty();
        assertThat(m.value("jvm_threads_live_threads")).isPositive();
        assertThat(m.names()).anyMatch(n -> n.startsWith("jvm_gc_"));
        assertThat(m.samples("camel_exchanges_total", "routeId", "ingest-file")).isNotEmpty();
        problem(api.post("/observe/metrics", "application/json", "{}"), 405);
        // a Prometheus server's scrape (which accepts the 0.0.4 text too) is answered in OpenMetrics text
        HttpResponse<byte[]> scrape = api.get("/observe/metrics", "application/openmetrics-text;version=1.0.0,"
                + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
        assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
        assertThat(PrometheusText.parse(text(scrape)).value("kline_ingest_files_total", "status", "ingested")).isEqualTo(1);
    }

    @Test
    void readiness_needs_the_store_check_and_every_route_running() throws Exception {
        Await.until("ready", Duration.ofSeconds(10), () -> api.get("/observe/health/ready").statusCode() == 200);
        com.fasterxml.jackson.databind.JsonNode full = json(api.get("/observe/health/ready?exposureLevel=full"));
        List<String> up = new java.util.ArrayList<>();
        full.path("checks").forEach(c -> up.add(c.path("name").asText() + "=" + c.path("status").asText()));
        assertThat(up).contains("store=UP", "route:ingest-file=UP", "route:backtest=UP", "consumer:ingest-inbox=UP");

        var routes = app.main().getCamelContext().getRouteController();
        routes.stopRoute("backtest"); // a route that should run and does not: not ready, named
        try {
            HttpResponse<byte[]> ready = api.get("/observe/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(text(ready)).contains("route:backtest");
            assertThat(api.get("/observe/health/live").statusCode()).isEqualTo(200);
        } finally {
            routes.startRoute("backtest");
        }
        assertThat(api.get("/observe/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void with_a_token_metrics_stay_open_like_health() throws Exception {
        String tokenEnv = "HOME"; // an environment variable every test JVM has (as ApiSecurityIT)
        Assumptions.assumeTrue(System.getenv(tokenEnv) != null && !System.getenv(tokenEnv).isBlank());
        int port = ApiClient.freePort();
        Path other = Files.createDirectories(root.resolve("token"));
        try (PipelineRuntime secured = TestApp.longLived(other, Map.of("app.api.port", Integer.toString(port),
                "app.api.token-env", tokenEnv))) {
            ApiClient anonymous = new ApiClient(port);
            HttpResponse<byte[]> r = anonymous.get("/observe/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(PrometheusText.parse(text(r)).value("kline_ingest_files_total", "status", "ingested")).isZero();
            assertThat(anonymous.get("/observe/health/live").statusCode()).isEqualTo(200);
            problem(anonymous.get("/backtests"), 401);
        }
    }

    @Test
    void one_shot_commands_have_no_metrics_registry_and_open_no_port() throws Exception {
        int port = ApiClient.freePort();
        Path other = Files.createDirectories(root.resolve("one-shot"));
        try (PipelineRuntime cli = TestApp.oneShot(other, Map.of("app.api.port", Integer.toString(port)))) {
            var registry = cli.main().getCamelContext().getRegistry();
            assertThat(registry.lookupByName("metricsRegistry")).isNull();
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                }
            }).isInstanceOf(IOException.class);
            Path csv = other.resolve("BTCUSDT-1m-2024-03.csv");
            new KlineGenerator(3).writeMonth(YearMonth.of(2024, 3), csv, List.of());
            assertThat(cli.ingest(BinanceArchive.zipWithChecksum(csv, other), false).ok()).isTrue(); // meters idle
        }
    }

    /** How much a series grew; a series created after {@code before} (a new fallback reason) started at 0. */
    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.value(name, labels) - (before.samples(name, labels).isEmpty() ? 0 : before.value(name, labels));
    }

    private static BacktestConfig llmConfig(String name, int window) {
        return BacktestConfig.parse("""
                symbol: BTCUSDT
                start: 2024-01-10T00:00:00Z
                end: 2024-01-10T02:00:00Z
                interval: 1h
                strategy: {type: llm, decision_every: 1h, window: %d, llm: {cache_dir: '%s'}}
                output_dir: %s
                """.formatted(window, root.resolve("cache-" + name), root.resolve("runs-" + name)));
    }

    /** A chat/completions answer: BUY 10 % (120 prompt tokens, 20 completion tokens). */
    private static String answer() {
        return """
                {"id":"chatcmpl-1","object":"chat.completion","model":"test-model",
                 "choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant",
                   "content":"{\\"action\\":\\"BUY\\",\\"size_pct\\":0.1,\\"note\\":\\"test\\"}"}}],
                 "usage":{"prompt_tokens":120,"completion_tokens":20,"total_tokens":140}}""";
    }
}
