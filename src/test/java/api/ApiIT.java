package api;

import static api.ApiClient.json;
import static api.ApiClient.problem;
import static api.ApiClient.text;
import static api.ApiClient.type;
import static org.assertj.core.api.Assertions.assertThat;

import backtest.config.BacktestConfig;
import backtest.run.RunSummary;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import support.DuckDb;
import support.TestApp;

/**
 * The backtest endpoints over real HTTP against the running long-lived process: submit (YAML and JSON), the same
 * config answering the same run, status, artefacts (JSON lines and Parquet), the list with CLI runs, filters and
 * cursors, and the errors - every answer checked against /openapi.json.
 */
class ApiIT {
    @TempDir
    static Path root;
    static PipelineRuntime app;
    static ApiClient api;
    static Path runs;

    static final String CONFIG = """
            start: 2024-01-05
            end: 2024-02-01
            interval: 15m
            indicators: {ema_fast: 12, ema_slow: 26, rsi: 14}
            strategy: {type: ema-cross, decision_every: 1h, size_pct: 0.5}
            """;

    @BeforeAll
    static void start() throws Exception {
        TestApp.ingestGeneratedMonths(root, 11, YearMonth.of(2024, 1));
        runs = root.resolve("data/backtests");
        int port = ApiClient.freePort();
        app = TestApp.longLived(root, Map.of("app.api.port", Integer.toString(port), "app.api.runs-dir", runs.toString()));
        api = new ApiClient(port).checkedAgainstOpenApi();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static String submitAndFinish(String yaml) {
        HttpResponse<byte[]> r = api.post("/backtests", "application/yaml", yaml);
        assertThat(r.statusCode()).as(text(r)).isIn(200, 202);
        String id = json(r).path("id").asText();
        assertThat(api.awaitStatus(id, Duration.ofSeconds(60), "done", "failed").path("status").asText()).isEqualTo("done");
        return id;
    }

    @Test
    void a_posted_config_is_queued_runs_and_shows_its_metrics_and_links() {
        String yaml = CONFIG.replace("size_pct: 0.5", "size_pct: 0.4");
        HttpResponse<byte[]> r = api.post("/backtests", "application/yaml", yaml);
        assertThat(r.statusCode()).as(text(r)).isEqualTo(202);
        JsonNode queued = json(r);
        String id = queued.path("id").asText();
        assertThat(id).matches("ema-cross-[0-9a-f]{12}");
        assertThat(r.headers().firstValue("Location")).hasValue("/backtests/" + id);
        assertThat(queued.path("status").asText()).isIn("queued", "running");
        assertThat(queued.path("links").path("self").asText()).isEqualTo("/backtests/" + id);

        List<JsonNode> seen = new ArrayList<>();
        JsonNode done = api.awaitStatus(id, Duration.ofSeconds(60), "done", "failed");
        seen.add(done);
        assertThat(done.path("status").asText()).isEqualTo("done");
        assertThat(done.path("metrics").path("final_equity").isNumber()).isTrue();
        assertThat(done.path("metrics").has("data")).isTrue(); // all of metrics.json
        assertThat(done.path("duration_ms").asLong()).isPositive();
        assertThat(done.path("finished_at").asText()).isNotEmpty();
        for (String a : List.of("report", "fills", "equity", "decisions")) {
            assertThat(done.path("links").path(a).asText()).isEqualTo("/backtests/" + id + "/" + a);
        }
        assertThat(runs.resolve(id).resolve("metrics.json")).exists();
    }

    @Test
    void the_same_config_answers_the_same_run_and_runs_nothing_also_as_json() throws Exception {
        String id = submitAndFinish(CONFIG);
        long mtime = Files.getLastModifiedTime(runs.resolve(id).resolve("metrics.json")).toMillis();
        HttpResponse<byte[]> again = api.post("/backtests", "application/yaml", CONFIG);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).path("id").asText()).isEqualTo(id);
        assertThat(json(again).path("status").asText()).isEqualTo("done");
        HttpResponse<byte[]> asJson = api.post("/backtests", "application/json", """
                {"start": "2024-01-05", "end": "2024-02-01", "interval": "15m",
                 "indicators": {"ema_fast": 12, "ema_slow": 26, "rsi": 14},
                 "strategy": {"type": "ema-cross", "decision_every": "1h", "size_pct": 0.5}}""");
        assertThat(asJson.statusCode()).as(text(asJson)).isEqualTo(200);
        assertThat(json(asJson).path("id").asText()).isEqualTo(id);
        Thread.sleep(300);
        assertThat(Files.getLastModifiedTime(runs.resolve(id).resolve("metrics.json")).toMillis()).isEqualTo(mtime);
    }

    @Test
    void identical_posts_at_once_make_one_job_and_all_answers_carry_its_id() throws Exception {
        String yaml = CONFIG.replace("size_pct: 0.5", "size_pct: 0.25");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
            for (int i = 0; i < 96; i++) {
                answers.add(pool.submit(() -> api.post("/backtests", "application/yaml", yaml)));
            }
            Map<Integer, Integer> statuses = new java.util.TreeMap<>();
            Set<String> ids = new java.util.HashSet<>();
            for (var f : answers) {
                HttpResponse<byte[]> r = f.get();
                statuses.merge(r.statusCode(), 1, Integer::sum);
                ids.add(json(r).path("id").asText());
            }
            assertThat(statuses).containsEntry(202, 1).containsOnlyKeys(200, 202);
            assertThat(ids).hasSize(1);
            String id = ids.iterator().next();
            assertThat(api.awaitStatus(id, Duration.ofSeconds(60), "done", "failed").path("status").asText()).isEqualTo("done");
            assertThat(json(api.get("/backtests/" + id)).has("restarts")).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void artefacts_stream_as_json_lines_or_come_as_parquet() throws Exception {
        String id = submitAndFinish(CONFIG.replace("size_pct: 0.5", "size_pct: 0.7"));
        Path folder = runs.resolve(id);
        String base = "/backtests/" + id;

        HttpResponse<byte[]> report = api.get(base + "/report");
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(type(report)).startsWith("text/html");
        assertThat(report.body()).isEqualTo(Files.readAllBytes(folder.resolve("report.html")));

        for (String name : List.of("fills", "decisions")) {
            HttpResponse<byte[]> lines = api.get(base + "/" + name);
            assertThat(type(lines)).isEqualTo("application/x-ndjson");
            assertThat(lines.body()).isEqualTo(Files.readAllBytes(folder.resolve(name + ".jsonl")));
            HttpResponse<byte[]> parquet = api.get(base + "/" + name, "application/vnd.apache.parquet");
            assertThat(type(parquet)).isEqualTo("application/vnd.apache.parquet");
            assertThat(parquet.headers().firstValue("Content-Length").isPresent()
                    && parquet.headers().firstValue("Transfer-Encoding").isPresent()).as("both length and chunked").isFalse();
            assertThat(parquet.body()).isEqualTo(Files.readAllBytes(folder.resolve(name + ".parquet")));
        }

        HttpResponse<byte[]> equity = api.get(base + "/equity", "application/x-ndjson");
        assertThat(type(equity)).isEqualTo("application/x-ndjson");
        List<String> rows = text(equity).lines().toList();
        long bars = DuckDb.query("select count(*) from read_parquet('" + folder.resolve("equity.parquet") + "')")
                .get(0).get(0) instanceof Number n ? n.longValue() : -1;
        assertThat(rows).hasSize((int) bars).hasSize(27 * 96);
        JsonNode first = ApiClient.JSON.readTree(rows.get(0));
        assertThat(first.path("ts").asText()).isEqualTo("2024-01-05T00:00:00Z");
        assertThat(first.path("equity").asDouble()).isEqualTo(10_000.0);
        JsonNode last = ApiClient.JSON.readTree(rows.getLast());
        assertThat(last.path("equity").asDouble())
                .isEqualTo(json(api.get(base)).path("metrics").path("final_equity").asDouble());
        assertThat(api.get(base + "/equity", "application/vnd.apache.parquet").body())
                .isEqualTo(Files.readAllBytes(folder.resolve("equity.parquet")));
    }

    @Test
    void the_list_holds_api_and_cli_runs_newest_first_with_filters_and_a_cursor() throws Exception {
        String apiRun = submitAndFinish(CONFIG.replace("size_pct: 0.5", "size_pct: 0.3"));
        RunSummary cli;
        try (PipelineRuntime oneShot = TestApp.oneShot(root)) {
            cli = oneShot.backtest(BacktestConfig.parse(CONFIG.replace("ema-cross, decision_every: 1h, size_pct: 0.5",
                    "rsi-threshold, decision_every: 1h") + "output_dir: " + runs + "\n"));
        }
        JsonNode all = json(api.get("/backtests?limit=100"));
        List<String> ids = new ArrayList<>();
        all.path("items").forEach(i -> ids.add(i.path("id").asText()));
        assertThat(ids).contains(apiRun, cli.runId());
        assertThat(ids.indexOf(cli.runId())).isLessThan(ids.indexOf(apiRun)); // newest first
        JsonNode cliItem = all.path("items").get(ids.indexOf(cli.runId()));
        assertThat(cliItem.path("status").asText()).isEqualTo("done");
        assertThat(cliItem.path("strategy").asText()).isEqualTo("rsi-threshold");
        assertThat(cliItem.path("metrics").fieldNames()).toIterable()
                .containsExactly("total_return", "buy_hold_return", "max_drawdown_pct", "sharpe", "round_trips", "final_equity");
        assertThat(json(api.get("/backtests/" + cli.runId())).path("status").asText()).isEqualTo("done");

        JsonNode rsi = json(api.get("/backtests?strategy=rsi-threshold"));
        assertThat(rsi.path("items")).extracting(i -> i.path("strategy").asText()).containsOnly("rsi-threshold");
        assertThat(json(api.get("/backtests?status=failed")).path("items")).isEmpty();

        List<String> paged = new ArrayList<>();
        String next = "/backtests?limit=1";
        while (next != null) {
            JsonNode page = json(api.get(next));
            assertThat(page.path("items")).hasSizeLessThanOrEqualTo(1);
            page.path("items").forEach(i -> paged.add(i.path("id").asText()));
            next = page.path("links").has("next") ? page.path("links").path("next").asText() : null;
            if (next != null) {
                assertThat(next).contains("cursor=" + page.path("next_cursor").asText());
            }
        }
        assertThat(paged).containsExactlyElementsOf(ids);
    }

    @Test
    void bad_requests_are_problems_naming_what_is_wrong() {
        JsonNode p = problem(api.post("/backtests", "application/yaml", CONFIG.replace("size_pct: 0.5", "size_pct: 1.5")), 400);
        assertThat(p.path("key").asText()).isEqualTo("strategy.size_pct");
        assertThat(p.path("detail").asText()).isEqualTo("strategy.size_pct: must be within [0, 1], got 1.5");
        assertThat(problem(api.post("/backtests", "application/yaml", CONFIG + "strategy_typo: 1\n"), 400)
                .path("key").asText()).isEqualTo("strategy_typo");
        assertThat(problem(api.post("/backtests", "application/yaml", CONFIG.replace("2024-01-05", "2023-01-05")
                .replace("2024-02-01", "2023-02-01")), 400).path("key").asText()).isEqualTo("start"); // no bars stored
        assertThat(problem(api.post("/backtests", "application/yaml", CONFIG + "symbol: ETHUSDT\n"), 400)
                .path("key").asText()).isEqualTo("symbol");
        assertThat(problem(api.post("/backtests", "application/yaml", CONFIG + "output_dir: /tmp/elsewhere\n"), 400)
                .path("type").asText()).endsWith("path-not-allowed");
        assertThat(problem(api.post("/backtests", "application/yaml", CONFIG + "output_dir: data/../../x\n"), 400)
                .path("key").asText()).isEqualTo("output_dir");
        assertThat(problem(api.post("/backtests", "text/plain", CONFIG), 415).path("header").asText())
                .isEqualTo("Content-Type");
        assertThat(problem(api.send("POST", "/backtests", null, CONFIG.getBytes(StandardCharsets.UTF_8), null), 415)
                .path("header").asText()).isEqualTo("Content-Type");
        assertThat(problem(api.post("/backtests", "application/json", "{\"start\": "), 400).path("detail").asText())
                .startsWith("not valid JSON");
        assertThat(problem(api.post("/backtests?x=1", "application/yaml", CONFIG), 400).path("parameter").asText())
                .isEqualTo("x");

        assertThat(problem(api.get("/backtests?sort=return"), 400).path("parameter").asText()).isEqualTo("sort");
        assertThat(problem(api.get("/backtests?limit=0"), 400).path("parameter").asText()).isEqualTo("limit");
        assertThat(problem(api.get("/backtests?limit=101"), 400).path("parameter").asText()).isEqualTo("limit");
        assertThat(problem(api.get("/backtests?status=finished"), 400).path("parameter").asText()).isEqualTo("status");
        assertThat(problem(api.get("/backtests?strategy=macd"), 400).path("parameter").asText()).isEqualTo("strategy");
        assertThat(problem(api.get("/backtests?cursor=bm9wZQ"), 400).path("parameter").asText()).isEqualTo("cursor");
        assertThat(problem(api.get("/backtests/ema-cross-0123456789ab?verbose=1"), 400).path("parameter").asText())
                .isEqualTo("verbose");
        assertThat(problem(api.get("/openapi.json?x=1"), 400).path("parameter").asText()).isEqualTo("x");
    }

    @Test
    void ids_are_validated_and_never_read_as_paths() throws Exception {
        Files.writeString(root.resolve("secret.txt"), "secret");
        for (String id : List.of("..%2F..%2Fetc", "..%2F..%2F..%2Fsecret.txt", "%2E%2E", "ema-cross-XYZ", "a%00b",
                "ema-cross-0123456789ab%2F..%2F..")) {
            for (String suffix : List.of("", "/report", "/fills", "/equity", "/decisions")) {
                HttpResponse<byte[]> r = api.get("/backtests/" + id + suffix);
                problem(r, 404);
                assertThat(text(r)).doesNotContain("secret\"").doesNotContain("root:");
            }
            problem(api.delete("/backtests/" + id), 404);
        }
        problem(api.get("/backtests/ema-cross-0123456789ab"), 404);
        problem(api.get("/backtests/ema-cross-0123456789ab/report"), 404);
        problem(api.delete("/backtests/ema-cross-0123456789ab"), 404);
    }

    @Test
    void unknown_paths_wrong_methods_and_finished_runs_are_problems() {
        problem(api.get("/nope"), 404);
        problem(api.get("/backtests/ema-cross-0123456789ab/other"), 404);
        assertThat(api.get("/backtests/").statusCode()).isEqualTo(200); // the router ignores a trailing slash
        problem(api.send("PUT", "/backtests/", "application/yaml", new byte[0], null), 405); // so 405 does too
        JsonNode p = problem(api.send("PUT", "/backtests", "application/yaml", new byte[0], null), 405);
        assertThat(p.path("detail").asText()).contains("allowed: GET, POST");
        HttpResponse<byte[]> patch = api.send("PATCH", "/backtests/ema-cross-0123456789ab", null, null, null);
        problem(patch, 405);
        assertThat(patch.headers().firstValue("Allow")).hasValue("DELETE, GET");
        problem(api.send("POST", "/openapi.json", "application/json", "{}".getBytes(StandardCharsets.UTF_8), null), 405);
        String id = submitAndFinish(CONFIG.replace("size_pct: 0.5", "size_pct: 0.6"));
        assertThat(problem(api.delete("/backtests/" + id), 409).path("detail").asText()).contains("done");
    }

    @Test
    void the_openapi_document_describes_every_endpoint_parameter_body_and_error() {
        JsonNode doc = json(api.get("/openapi.json"));
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        JsonNode paths = doc.path("paths");
        assertThat(paths.fieldNames()).toIterable().contains("/backtests", "/backtests/{id}", "/backtests/{id}/report",
                "/backtests/{id}/fills", "/backtests/{id}/equity", "/backtests/{id}/decisions", "/openapi.json",
                "/observe/health/live", "/observe/health/ready");
        JsonNode post = paths.path("/backtests").path("post");
        assertThat(post.path("requestBody").path("content").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("application/yaml", "application/json");
        assertThat(post.path("responses").fieldNames()).toIterable()
                .contains("200", "202", "400", "401", "405", "413", "415", "429", "500");
        assertThat(paths.path("/backtests").path("get").path("parameters")).extracting(n -> n.path("name").asText())
                .containsExactlyInAnyOrder("strategy", "status", "limit", "cursor");
        assertThat(paths.path("/backtests/{id}").path("delete").path("responses").fieldNames()).toIterable()
                .contains("200", "202", "404", "409");
        Set<String> errorTypes = new java.util.TreeSet<>();
        paths.fields().forEachRemaining(path -> path.getValue().forEach(op -> op.path("responses").fields().forEachRemaining(e -> {
            if (!path.getKey().startsWith("/observe/") && e.getKey().compareTo("400") >= 0) { // health: Camel's JSON
                errorTypes.addAll(iterable(e.getValue().path("content").fieldNames()));
            }
        })));
        assertThat(errorTypes).containsExactly("application/problem+json");
        assertThat(doc.at("/components/schemas/ProblemDetail/required")).extracting(JsonNode::asText)
                .containsExactly("type", "title", "status", "detail");
    }

    @Test
    void health_is_up_once_started() {
        HttpResponse<byte[]> live = api.get("/observe/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        support.Await.until("ready", Duration.ofSeconds(10), () -> api.get("/observe/health/ready").statusCode() == 200);
        assertThat(json(api.get("/observe/health/ready")).path("status").asText()).isEqualTo("UP");
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
