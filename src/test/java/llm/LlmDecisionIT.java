package llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import backtest.config.BacktestConfig;
import backtest.run.RunSummary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import gen.BinanceArchive;
import gen.KlineGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import support.TestApp;
import support.TreeSnapshot;

/**
 * LLM decisions through the real application and {@code direct:llm-decide}, with WireMock as the OpenAI-compatible
 * server: each failure ends as a HOLD with its reason and the run completes; a full run is cached and replayable.
 */
class LlmDecisionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/v1/chat/completions";
    @TempDir
    static Path root;
    static WireMockServer llm;
    static PipelineRuntime app;

    @BeforeAll
    static void start() throws Exception {
        Path in = Files.createDirectories(root.resolve("in"));
        llm = new WireMockServer(options().dynamicPort().notifier(new com.github.tomakehurst.wiremock.common.ConsoleNotifier(false)));
        llm.start();
        app = TestApp.oneShot(root, Map.of(
                "app.llm.base-url", llm.baseUrl() + "/v1",
                "app.llm.model", "test-model",
                // realistic limits: a loaded CI machine must not turn a slow first answer into a retry
                "app.llm.response-timeout-ms", "5000",
                "app.llm.connect-timeout-ms", "2000",
                "app.llm.retries", "2",
                "app.llm.backoff-ms", "20",
                "app.llm.max-backoff-ms", "100",
                "app.llm.deadline-ms", "20000",
                "app.llm.breaker-failures", "100",
                "app.llm.price-in-per-1k", "0.5"));
        Path csv = in.resolve("BTCUSDT-1m-2024-01.csv");
        new KlineGenerator(7).writeMonth(YearMonth.of(2024, 1), csv, List.of());
        assertThat(app.ingest(BinanceArchive.zipWithChecksum(csv, in), false).ok()).isTrue();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        llm.stop();
    }

    @BeforeEach
    void reset() {
        llm.resetAll();
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static BacktestConfig config(String name, String start, String end, String interval, String every,
                                         int window, String llmExtra) {
        return BacktestConfig.parse("""
                symbol: BTCUSDT
                start: %s
                end: %s
                interval: %s
                initial_cash: 10000
                fee_rate: 0.001
                slippage_bps: 2
                strategy: {type: llm, decision_every: %s, window: %d, llm: {cache_dir: '%s'%s}}
                output_dir: %s
                """.formatted(start, end, interval, every, window, root.resolve("cache-" + name),
                llmExtra.isEmpty() ? "" : ", " + llmExtra, root.resolve("runs-" + name)));
    }

    /** Two hourly decisions (2024-01-10 00:00 and 01:00 bars). */
    private static BacktestConfig small(String name, String llmExtra) {
        return config(name, "2024-01-10T00:00:00Z", "2024-01-10T02:00:00Z", "1h", "1h", 4, llmExtra);
    }

    static String answer(String action, Object size) {
        ObjectNode d = JSON.createObjectNode();
        d.put("action", action);
        d.putPOJO("size_pct", size);
        d.put("note", "test");
        return Answers.content(d.toString());
    }

    private static void always(ResponseDefinitionBuilder response) {
        llm.stubFor(post(urlEqualTo(PATH)).willReturn(response));
    }

    private static List<JsonNode> decisions(RunSummary run) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.folder().resolve("decisions.jsonl"))) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static int requests() {
        return llm.countRequestsMatching(postRequestedFor(urlEqualTo(PATH)).build()).getCount();
    }

    /** Runs, then checks every decision is a HOLD with {@code reason}; returns the first decision line. */
    private static JsonNode holdsWith(String name, String reason) throws Exception {
        return holdsWith(name, reason, "");
    }

    private static JsonNode holdsWith(String name, String reason, String llmExtra) throws Exception {
        RunSummary run = app.backtest(small(name, llmExtra));
        List<JsonNode> ds = decisions(run);
        assertThat(ds).hasSize(2);
        for (JsonNode d : ds) {
            assertThat(d.get("action").asText()).isEqualTo("HOLD");
            assertThat(d.get("fallback_reason").asText()).isEqualTo(reason);
            assertThat(d.get("parsed_action").isNull()).isTrue();
            assertThat(d.get("note").asText()).isEqualTo("llm fallback: " + reason);
        }
        assertThat(run.fills()).isZero();
        return ds.get(0);
    }

    // --- answers -------------------------------------------------------------------------------------------

    @Test
    void valid_answers_buy_and_sell_with_their_size() throws Exception {
        llm.stubFor(post(urlEqualTo(PATH)).inScenario("s").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(answer("BUY", 0.5))).willSetStateTo("bought"));
        llm.stubFor(post(urlEqualTo(PATH)).inScenario("s").whenScenarioStateIs("bought")
                .willReturn(okJson(answer("SELL", 1.0))));
        RunSummary run = app.backtest(small("valid", ""));
        List<JsonNode> ds = decisions(run);
        assertThat(ds.get(0).get("action").asText()).isEqualTo("BUY");
        assertThat(ds.get(0).get("size_pct").asDouble()).isEqualTo(0.5);
        assertThat(ds.get(0).get("outcome").asText()).isEqualTo("FILLED");
        assertThat(ds.get(0).get("parsed_action").asText()).isEqualTo("BUY");
        assertThat(ds.get(0).get("fallback_reason").isNull()).isTrue();
        assertThat(ds.get(0).get("tokens_in").asLong()).isEqualTo(120);
        assertThat(ds.get(0).get("request_hash").asText()).hasSize(64);
        assertThat(ds.get(0).get("prompt_version").asText()).isEqualTo("decision-v2");
        // the very first decision already sees a full window: rows before the run's start come from the store
        assertThat(ds.get(0).get("features_window").get("rows").asInt()).isEqualTo(4);
        assertThat(ds.get(0).get("features_window").get("from").asText()).isEqualTo("2024-01-09T21:00:00Z");
        assertThat(ds.get(0).get("features_window").get("to").asText()).isEqualTo("2024-01-10T00:00:00Z");
        assertThat(ds.get(1).get("action").asText()).isEqualTo("SELL");
        assertThat(run.fills()).isEqualTo(2);
        assertThat(run.metrics().buys()).isEqualTo(1);
        assertThat(run.metrics().sells()).isEqualTo(1);
        assertThat(run.metrics().finalEquity()).isLessThan(10000 * 1.05).isGreaterThan(10000 * 0.95);
        var events = llm.getAllServeEvents(); // newest first
        String body = events.get(events.size() - 1).getRequest().getBodyAsString();
        assertThat(body).contains("\"model\":\"test-model\"", "\"temperature\":0.0", "json_schema",
                "last 7d", "cash 10000");
    }

    @Test
    void timeout_beyond_the_limit() throws Exception {
        // the run's own limit (1 s) below the server's 2.5 s answer; the process default (5 s) would wait it out
        always(okJson(answer("BUY", 0.5)).withFixedDelay(2500));
        JsonNode d = holdsWith("timeout", "timeout", "response_timeout_ms: 1000");
        assertThat(d.get("attempts").asInt()).isEqualTo(3);
    }

    @Test
    void connection_reset() throws Exception {
        always(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        assertThat(holdsWith("reset", "connection").get("attempts").asInt()).isEqualTo(3);
    }

    @Test
    void server_error_then_success_is_retried() throws Exception {
        llm.stubFor(post(urlEqualTo(PATH)).inScenario("r").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("ok"));
        llm.stubFor(post(urlEqualTo(PATH)).inScenario("r").whenScenarioStateIs("ok")
                .willReturn(okJson(answer("BUY", 0.5))));
        List<JsonNode> ds = decisions(app.backtest(small("retry500", "")));
        assertThat(ds.get(0).get("action").asText()).isEqualTo("BUY");
        assertThat(ds.get(0).get("attempts").asInt()).isEqualTo(2);
        assertThat(ds.get(0).get("fallback_reason").isNull()).isTrue();
        assertThat(requests()).isEqualTo(3);
    }

    @Test
    void rate_limited_waits_for_retry_after_then_succeeds() throws Exception {
        llm.stubFor(post(urlEqualTo(PATH)).inScenario("429").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("ok"));
        llm.stubFor(post(urlEqualTo(PATH)).inScenario("429").whenScenarioStateIs("ok")
                .willReturn(okJson(answer("BUY", 0.5))));
        List<JsonNode> ds = decisions(app.backtest(small("ratelimit", "")));
        assertThat(ds.get(0).get("action").asText()).isEqualTo("BUY");
        assertThat(ds.get(0).get("attempts").asInt()).isEqualTo(2);
        assertThat(ds.get(0).get("latency_ms").asLong()).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void rate_limited_past_the_deadline_gives_up_at_once() throws Exception {
        always(aResponse().withStatus(429).withHeader("Retry-After", "60"));
        JsonNode d = holdsWith("ratelimit-long", "rate_limited");
        assertThat(d.get("attempts").asInt()).isEqualTo(1);
        assertThat(d.get("latency_ms").asLong()).isLessThan(1000);
    }

    @Test
    void html_503_page() throws Exception {
        always(aResponse().withStatus(503).withHeader("Content-Type", "text/html")
                .withBody("<html><body><h1>503 Service Unavailable</h1></body></html>"));
        JsonNode d = holdsWith("html503", "http_5xx");
        assertThat(d.get("attempts").asInt()).isEqualTo(3);
        assertThat(d.get("llm_raw").asText()).contains("503 Service Unavailable");
    }

    @Test
    void other_client_errors_are_not_retried() throws Exception {
        always(aResponse().withStatus(400).withBody("{\"error\":\"bad model\"}"));
        assertThat(holdsWith("http400", "http_4xx").get("attempts").asInt()).isEqualTo(1);
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void invalid_json() throws Exception {
        always(okJson(Answers.content("{\"action\": BUY, size_pct: 0.5")));
        assertThat(holdsWith("invalid", "invalid_json").get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void json_inside_prose() throws Exception {
        always(okJson(Answers.content("Sure! {\"action\":\"BUY\",\"size_pct\":0.5,\"note\":\"x\"} Good luck.")));
        holdsWith("prose", "invalid_json");
    }

    @Test
    void fenced_json_is_accepted() throws Exception {
        always(okJson(Answers.content("```json\n{\"action\":\"BUY\",\"size_pct\":0.5,\"note\":\"x\"}\n```")));
        List<JsonNode> ds = decisions(app.backtest(small("fenced", "")));
        assertThat(ds.get(0).get("action").asText()).isEqualTo("BUY");
        assertThat(ds.get(0).get("llm_raw").asText()).startsWith("```json");
    }

    @Test
    void truncated_answer() throws Exception {
        always(okJson(Answers.content("{\"action\": \"BUY\", \"size_p", "length")));
        holdsWith("truncated", "truncated");
    }

    @Test
    void size_above_one_is_refused() throws Exception {
        always(okJson(answer("BUY", 1.7)));
        holdsWith("size17", "schema:size_pct");
    }

    @Test
    void size_as_a_string_is_refused() throws Exception {
        always(okJson(answer("BUY", "0.5")));
        holdsWith("sizestring", "schema:size_pct");
    }

    @Test
    void unknown_action_is_refused() throws Exception {
        always(okJson(answer("MOON", 0.5)));
        holdsWith("moon", "schema:action");
    }

    @Test
    void refusal() throws Exception {
        always(okJson(Answers.refusal("I cannot give financial advice.")));
        holdsWith("refusal", "refusal");
    }

    @Test
    void empty_choices() throws Exception {
        always(okJson(Answers.emptyChoices()));
        holdsWith("empty", "empty");
    }

    @Test
    void circuit_breaker_opens_after_repeated_failures() throws Exception {
        always(aResponse().withStatus(503));
        RunSummary run = app.backtest(config("breaker", "2024-01-10T00:00:00Z", "2024-01-10T04:00:00Z", "1h", "1h", 4,
                "breaker_failures: 2, breaker_open_ms: 600000"));
        List<JsonNode> ds = decisions(run);
        assertThat(ds).extracting(d -> d.get("fallback_reason").asText())
                .containsExactly("http_5xx", "http_5xx", "circuit_open", "circuit_open");
        assertThat(requests()).isEqualTo(6); // 2 decisions x 3 attempts, then none
        JsonNode metrics = JSON.readTree(run.folder().resolve("metrics.json").toFile()).get("llm");
        assertThat(metrics.at("/fallbacks_by_reason/circuit_open").asInt()).isEqualTo(2);
    }

    @Test
    void repeated_client_errors_open_the_circuit_breaker_too() throws Exception {
        always(aResponse().withStatus(401).withBody("{\"error\":\"invalid api key\"}"));
        RunSummary run = app.backtest(config("breaker401", "2024-01-10T00:00:00Z", "2024-01-10T06:00:00Z", "1h", "1h", 4,
                "breaker_failures: 3, breaker_open_ms: 600000"));
        assertThat(decisions(run)).extracting(d -> d.get("fallback_reason").asText())
                .containsExactly("http_4xx", "http_4xx", "http_4xx", "circuit_open", "circuit_open", "circuit_open");
        assertThat(requests()).isEqualTo(3); // a bad key costs breaker_failures requests, not one per decision
    }

    @Test
    void invalid_utf8_in_the_answer_is_refused() throws Exception {
        byte[] body = Answers.content("{\"action\":\"BUY\",\"size_pct\":0.5,\"note\":\"t~st\"}")
                .getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '~') {
                body[i] = (byte) 0xC3; // a lead byte followed by an ASCII letter: not UTF-8
            }
        }
        always(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body));
        JsonNode d = holdsWith("utf8", "invalid_encoding");
        assertThat(d.get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void bearer_token_comes_from_the_named_environment_variable_and_is_not_written() throws Exception {
        String home = System.getenv("HOME"); // any variable set in the test's environment stands in for a key
        always(okJson(answer("HOLD", 0)));
        RunSummary run = app.backtest(small("bearer", "api_key_env: HOME"));
        llm.verify(postRequestedFor(urlEqualTo(PATH)).withHeader("Authorization",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer " + home)));
        assertThat(Files.readString(run.folder().resolve("decisions.jsonl"))).doesNotContain("Bearer");
    }

    @Test
    void prompt_rows_are_the_decision_intervals_bars_aggregated() throws Exception {
        always(okJson(answer("HOLD", 0)));
        // one decision, at the 15m bar 00:45 that closes the hour 2024-01-10 00:00
        app.backtest(config("hourly", "2024-01-10T00:00:00Z", "2024-01-10T01:00:00Z", "15m", "1h", 8, ""));
        String prompt = JSON.readTree(llm.getAllServeEvents().get(0).getRequest().getBodyAsString())
                .at("/messages/0/content").asText();
        String csv = prompt.substring(prompt.indexOf("ts,open,high,low,close,volume"), prompt.indexOf("\nSeven-day"));
        List<String> rows = csv.lines().skip(1).toList();
        assertThat(rows).hasSize(8);
        // the oracle: the store's 1h bars, aggregated from 1m by features.Aggregator
        var store = new storage.KlineStore(root.resolve("data"), "BTCUSDT", java.time.Clock.systemUTC(),
                storage.CrashPoints.NONE);
        features.Bars hours = new features.ParquetDataSource(store, features.GapPolicy.FFILL, false).fetchOhlcv(
                features.Interval.H1, java.time.Instant.parse("2024-01-09T17:00:00Z"),
                java.time.Instant.parse("2024-01-10T01:00:00Z"));
        assertThat(hours.size()).isEqualTo(8);
        for (int i = 0; i < 8; i++) {
            String[] f = rows.get(i).split(",");
            assertThat(f[0]).isEqualTo(java.time.Instant.ofEpochMilli(hours.openTime[i]).toString());
            double[] want = {hours.open[i], hours.high[i], hours.low[i], hours.close[i], hours.volume[i]};
            for (int k = 0; k < 5; k++) {
                assertThat(Double.parseDouble(f[k + 1])).as("row %d column %d", i, k + 1)
                        .isCloseTo(want[k], org.assertj.core.data.Percentage.withPercentage(1e-5));
            }
        }
    }

    @Test
    void a_full_run_is_cached_and_replayable() throws Exception {
        // flat: buy half the cash; holding: sell everything - so every hourly decision trades
        llm.stubFor(post(urlEqualTo(PATH)).atPriority(1).withRequestBody(containing("position 0 BTC"))
                .willReturn(okJson(answer("BUY", 0.5))));
        llm.stubFor(post(urlEqualTo(PATH)).atPriority(2).willReturn(okJson(answer("SELL", 1.0))));
        BacktestConfig cfg = config("e2e", "2024-01-10", "2024-01-12", "15m", "1h", 8, "");
        RunSummary first = app.backtest(cfg);
        assertThat(first.decisions()).isEqualTo(48);
        assertThat(requests()).isEqualTo(48);
        assertThat(first.fills()).isEqualTo(48);
        JsonNode m1 = JSON.readTree(first.folder().resolve("metrics.json").toFile());
        assertThat(m1.at("/llm/llm_calls").asLong()).isEqualTo(48);
        assertThat(m1.at("/llm/cache_hits").asLong()).isZero();
        assertThat(m1.at("/llm/tokens_in").asLong()).isEqualTo(48 * 120);
        assertThat(m1.at("/llm/estimated_cost").asDouble()).isCloseTo(48 * 120 / 1000.0 * 0.5,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(m1.at("/llm/latency_ms_p95").isNumber()).isTrue();
        String parquet = support.DuckDb.parquet(first.folder().resolve("decisions.parquet"));
        assertThat(support.DuckDb.single("SELECT count(*) FROM " + parquet + " WHERE parsed_action IS NOT NULL"
                + " AND fallback_reason IS NULL AND length(request_hash) = 64 AND tokens_in = 120")).isEqualTo(48L);
        Map<String, String> files = TreeSnapshot.of(first.folder());

        llm.resetRequests();
        RunSummary again = app.backtest(cfg);
        assertThat(requests()).isZero();
        assertThat(again.folder()).isEqualTo(first.folder());
        assertThat(again.metrics()).isEqualTo(first.metrics());
        Map<String, String> files2 = TreeSnapshot.of(again.folder());
        assertThat(files2).containsOnlyKeys(files.keySet());
        files.forEach((f, sha) -> {
            if (!f.equals("metrics.json")) {
                assertThat(files2.get(f)).as(f).isEqualTo(sha);
            }
        });
        ObjectNode m2 = (ObjectNode) JSON.readTree(again.folder().resolve("metrics.json").toFile());
        assertThat(m2.at("/llm/llm_calls").asLong()).isZero();
        assertThat(m2.at("/llm/cache_hits").asLong()).isEqualTo(48);
        for (ObjectNode m : List.of((ObjectNode) m1, m2)) { // the two execution counters are all that differ
            ((ObjectNode) m.get("llm")).remove(List.of("llm_calls", "cache_hits"));
        }
        assertThat(m2).isEqualTo(m1);

        RunSummary replay = app.backtest(BacktestConfig.parse(cfg.toYaml()
                .replaceAll("(?s)strategy:.*?\noutput_dir", "strategy:\n  type: replay\n  decision_every: 1h\n"
                        + "  from_run: " + first.folder() + "\noutput_dir")));
        assertThat(replay.runId()).startsWith("replay-");
        assertThat(requests()).isZero();
        assertThat(replay.metrics()).isEqualTo(first.metrics());
        assertThat(Files.readAllBytes(replay.folder().resolve("fills.jsonl")))
                .isEqualTo(Files.readAllBytes(first.folder().resolve("fills.jsonl")));
    }
}
