package api;

import static api.ApiClient.json;
import static api.ApiClient.problem;
import static api.ApiClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import backtest.sweep.SweepMetric;
import cli.InProcessCli;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import support.Await;
import support.TestApp;

/**
 * Sweeps through the API with a real HTTP client, every answer checked against /openapi.json: a posted sweep and
 * {@code backtest sweep} in the CLI with the same config and grid give the same id and byte-identical ranking files;
 * the same post answers the existing sweep; CLI sweep folders are served; the answer's shape; bad bodies are 400
 * problems naming the key path.
 */
class ApiSweepsIT {
    @TempDir
    static Path root;
    static PipelineRuntime app;
    static ApiClient api;
    static Path runs;
    /** The CLI's sweep folders: the first moved aside (the API makes it again), the second left for the API to serve. */
    static Path cliMoved;
    static String cliId;
    static String cliServedId;

    static final String BASE = """
            start: 2024-01-05
            end: 2024-01-25
            interval: 15m
            indicators: {ema_fast: 12, ema_slow: 26}
            strategy: {type: ema-cross, decision_every: 15m}
            """;
    static final String BASE_JSON = """
            {"start": "2024-01-05", "end": "2024-01-25", "interval": "15m",
             "indicators": {"ema_fast": 12, "ema_slow": 26},
             "strategy": {"type": "ema-cross", "decision_every": "15m"}}""";

    @BeforeAll
    static void start() throws Exception {
        TestApp.ingestGeneratedMonths(root, 13, YearMonth.of(2024, 1));
        runs = root.resolve("data/backtests");
        Path cfg = Files.writeString(root.resolve("sweep.yaml"), BASE + "output_dir: " + runs.toString().replace("\\", "/")
                + "\n");
        cliId = cliSweep(cfg, "--grid", "ema_fast=5:20:5", "--grid", "ema_slow=20,40", "--rerun-best", "1");
        cliMoved = root.resolve("cli-sweep");
        Files.move(runs.resolve(cliId), cliMoved);
        cliServedId = cliSweep(cfg, "--grid", "ema_fast=6,8", "--rank-by", "max_drawdown_pct");
        int port = ApiClient.freePort();
        app = TestApp.longLived(root, Map.of("app.api.port", Integer.toString(port), "app.api.runs-dir", runs.toString(),
                "app.api.max-grid", "500"));
        api = new ApiClient(port).checkedAgainstOpenApi();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** {@code kline-pipeline backtest sweep --config CFG ARGS...} in this JVM; answers the new sweep folder's name. */
    private static String cliSweep(Path cfg, String... args) throws Exception {
        List<String> before = sweepFolders();
        System.setProperty("app.data.dir", root.resolve("data").toString());
        System.setProperty("app.inbox.dir", root.resolve("inbox").toString());
        try {
            List<String> all = new ArrayList<>(List.of("backtest", "sweep", "--config", cfg.toString(), "--threads", "2"));
            all.addAll(Arrays.asList(args));
            assertThat(InProcessCli.run(all.toArray(String[]::new))).isZero();
        } finally {
            System.clearProperty("app.data.dir");
            System.clearProperty("app.inbox.dir");
        }
        List<String> after = sweepFolders();
        after.removeAll(before);
        assertThat(after).hasSize(1);
        return after.get(0);
    }

    private static List<String> sweepFolders() throws Exception {
        if (!Files.isDirectory(runs)) {
            return new ArrayList<>();
        }
        try (Stream<Path> s = Files.list(runs)) {
            return new ArrayList<>(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("sweep-")).toList());
        }
    }

    private static JsonNode awaitSweep(String id, String... states) {
        JsonNode[] last = new JsonNode[1];
        Await.until(id + " in " + String.join("|", states), Duration.ofSeconds(120), () -> {
            last[0] = json(api.get("/sweeps/" + id));
            return List.of(states).contains(last[0].path("status").asText());
        });
        return last[0];
    }

    private static String body(String grid, String extra) {
        return "{\"config\": " + BASE_JSON + ", \"grid\": " + grid + extra + "}";
    }

    @Test
    void a_posted_sweep_matches_the_cli_byte_for_byte_and_the_same_post_runs_nothing() throws Exception {
        HttpResponse<byte[]> r = api.post("/sweeps", "application/json",
                body("{\"ema_fast\": \"5:20:5\", \"ema_slow\": [20, 40]}", ", \"rerun_best\": 1"));
        assertThat(r.statusCode()).as(text(r)).isEqualTo(202);
        JsonNode queued = json(r);
        String id = queued.path("id").asText();
        assertThat(id).as("the CLI's id for the same sweep").isEqualTo(cliId);
        assertThat(r.headers().firstValue("Location")).hasValue("/sweeps/" + id);
        assertThat(queued.path("status").asText()).isIn("queued", "running");
        assertThat(queued.path("combinations").asLong()).isEqualTo(8);
        assertThat(queued.path("grid").toString()).isEqualTo("{\"ema_fast\":[5,10,15,20],\"ema_slow\":[20,40]}");

        JsonNode done = awaitSweep(id, "done", "failed");
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("done");
        System.out.println("sweep done: " + json(api.get("/sweeps/" + id + "?top=2")));
        for (String f : List.of("ranking.csv", "ranking.parquet", "sweep.json", "reruns.json")) {
            assertThat(Files.readAllBytes(runs.resolve(id).resolve(f))).as(f)
                    .isEqualTo(Files.readAllBytes(cliMoved.resolve(f)));
        }

        List<String> names = new ArrayList<>();
        done.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("id", "status", "ranked_by", "order", "combinations", "ran", "skipped", "grid",
                "ranking", "links");
        assertThat(done.path("ranked_by").asText()).isEqualTo("sharpe");
        assertThat(done.path("order").asText()).isEqualTo("highest first");
        assertThat(done.path("ran").asInt()).isEqualTo(7);
        assertThat(done.path("skipped").asInt()).isEqualTo(1); // ema_fast 20 >= ema_slow 20
        JsonNode ranking = done.path("ranking");
        assertThat(ranking).hasSize(7);
        assertThat(ranking.get(0).path("rank").asInt()).isEqualTo(1);
        List<String> metrics = new ArrayList<>();
        ranking.get(0).path("metrics").fieldNames().forEachRemaining(metrics::add);
        assertThat(metrics).containsExactlyElementsOf(Arrays.stream(SweepMetric.values()).map(SweepMetric::code).toList());
        assertThat(ranking.get(0).path("params").path("ema_fast").isIntegralNumber()).isTrue();
        List<String> csv = Files.readAllLines(runs.resolve(id).resolve("ranking.csv"));
        String[] first = csv.get(1).split(",", -1);
        assertThat(ranking.get(0).path("params").path("ema_fast").asText()).isEqualTo(first[2]);
        assertThat(ranking.get(0).path("metrics").path("total_return").decimalValue())
                .isEqualByComparingTo(new java.math.BigDecimal(first[4]));
        for (int i = 1; i < ranking.size(); i++) {
            assertThat(ranking.get(i).path("metrics").path("sharpe").asDouble())
                    .isLessThanOrEqualTo(ranking.get(i - 1).path("metrics").path("sharpe").asDouble());
        }
        assertThat(json(api.get("/sweeps/" + id + "?top=3")).path("ranking")).hasSize(3);
        assertThat(json(api.get("/sweeps/" + id + "?top=all")).path("ranking")).hasSize(7);

        assertThat(done.path("links").path("self").asText()).isEqualTo("/sweeps/" + id);
        assertThat(done.path("links").path("ranking_csv").asText()).isEqualTo("/sweeps/" + id + "/ranking.csv");
        HttpResponse<byte[]> file = api.get("/sweeps/" + id + "/ranking.csv");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(ApiClient.type(file)).startsWith("text/csv");
        assertThat(file.body()).isEqualTo(Files.readAllBytes(runs.resolve(id).resolve("ranking.csv")));
        JsonNode reruns = done.path("links").path("reruns");
        assertThat(reruns).hasSize(1);
        JsonNode best = json(api.get(reruns.get(0).asText()));
        assertThat(best.path("status").asText()).isEqualTo("done");

        long mtime = Files.getLastModifiedTime(runs.resolve(id).resolve("sweep.json")).toMillis();
        String yaml = "config:\n" + BASE.indent(2) + "grid:\n  ema_fast: 5:20:5\n  ema_slow: [20, 40]\nrerun_best: 1\n";
        HttpResponse<byte[]> again = api.post("/sweeps", "application/yaml", yaml);
        assertThat(again.statusCode()).as(text(again)).isEqualTo(200);
        assertThat(json(again).path("id").asText()).isEqualTo(id);
        assertThat(json(again).path("status").asText()).isEqualTo("done");
        assertThat(Files.getLastModifiedTime(runs.resolve(id).resolve("sweep.json")).toMillis()).isEqualTo(mtime);
        problem(api.delete("/sweeps/" + id), 409);
    }

    @Test
    void a_sweep_failing_while_it_runs_shows_its_problem_and_runs_again_when_posted_again() throws Exception {
        String cfg = BASE_JSON.replace("2024-01-05", "2024-01-20").replace("2024-01-25", "2024-02-20"); // 38 % stored
        String post = "{\"config\": " + cfg + ", \"grid\": {\"ema_fast\": [6, 9]}}";
        HttpResponse<byte[]> r = api.post("/sweeps", "application/json", post);
        assertThat(r.statusCode()).as(text(r)).isEqualTo(202);
        String id = json(r).path("id").asText();
        JsonNode failed = awaitSweep(id, "failed", "done");
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        List<String> names = new ArrayList<>();
        failed.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("id", "status", "ranked_by", "order", "combinations", "grid", "error", "links");
        assertThat(failed.path("error").path("type").asText()).endsWith(":invalid-config");
        assertThat(failed.path("error").path("key").asText()).isEqualTo("data.min_coverage");
        assertThat(failed.path("error").path("detail").asText()).contains("below data.min_coverage");
        assertThat(Files.exists(runs.resolve(id))).isFalse();
        problem(api.get("/sweeps/" + id + "/ranking.csv"), 409);
        HttpResponse<byte[]> again = api.post("/sweeps", "application/json", post);
        assertThat(again.statusCode()).as(text(again)).isEqualTo(202);
        assertThat(awaitSweep(id, "failed", "done").path("status").asText()).isEqualTo("failed");
    }

    @Test
    void a_sweep_made_by_the_cli_is_served_and_posting_it_runs_nothing() {
        JsonNode cli = json(api.get("/sweeps/" + cliServedId));
        assertThat(cli.path("status").asText()).isEqualTo("done");
        assertThat(cli.path("ranked_by").asText()).isEqualTo("max_drawdown_pct");
        assertThat(cli.path("order").asText()).isEqualTo("lowest first");
        assertThat(cli.path("ranking")).hasSize(2);
        assertThat(cli.path("links").path("reruns")).isEmpty();
        HttpResponse<byte[]> r = api.post("/sweeps", "application/json",
                body("{\"ema_fast\": [6, 8]}", ", \"rank_by\": \"max_drawdown_pct\""));
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        assertThat(json(r).path("id").asText()).isEqualTo(cliServedId);
    }

    @Test
    void bad_bodies_are_400_problems_naming_the_key_path() {
        String ok = "{\"ema_fast\": [5, 10]}";
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{}", "config");
        cases.put("{\"config\": 5, \"grid\": " + ok + "}", "config");
        cases.put("{\"config\": " + BASE_JSON + "}", "grid");
        cases.put(body("{}", ""), "grid");
        cases.put(body("[1, 2]", ""), "grid");
        cases.put(body("{\"ema_fats\": \"1:3:1\"}", ""), "grid.ema_fats");
        cases.put(body("{\"ema_fast\": \"5:1:1\"}", ""), "grid.ema_fast");
        cases.put(body("{\"ema_fast\": \"5:x:1\"}", ""), "grid.ema_fast");
        cases.put(body("{\"ema_fast\": [5, \"a\"]}", ""), "grid.ema_fast[1]");
        cases.put(body("{\"ema_fast\": true}", ""), "grid.ema_fast");
        cases.put(body("{\"ema_fast\": []}", ""), "grid.ema_fast");
        cases.put(body("{\"ema_fast\": [0.5]}", ""), "grid.ema_fast");
        cases.put(body("{\"rsi\": [7, 14]}", ""), "grid.rsi"); // not computed by this config
        cases.put(body("{\"buy_below\": [30]}", ""), "grid.buy_below"); // not an rsi-threshold config
        cases.put(body("{\"ema_fast\": [40, 50], \"ema_slow\": [20, 30]}", ""), "grid"); // no combination can run
        cases.put(body("{\"ema_fast\": \"1:100:1\", \"ema_slow\": \"101:200:1\"}", ""), "grid"); // 10,000 > 500
        cases.put(body(ok, ", \"rank_by\": \"nope\""), "rank_by");
        cases.put(body(ok, ", \"rank_by\": 5"), "rank_by");
        cases.put(body(ok, ", \"rerun_best\": 11"), "rerun_best");
        cases.put(body(ok, ", \"rerun_best\": \"1\""), "rerun_best");
        cases.put(body(ok, ", \"top\": 0"), "top");
        cases.put(body(ok, ", \"grids\": 1"), "grids");
        cases.put("{\"config\": " + BASE_JSON.replace("\"15m\"}}", "\"15m\", \"size_pct\": 2}}") + ", \"grid\": " + ok
                + "}", "config.strategy.size_pct");
        cases.put("{\"config\": " + BASE_JSON.replace("{\"start\"", "{\"output_dir\": \"/tmp\", \"start\"") + ", \"grid\": "
                + ok + "}", "config.output_dir");
        cases.put("{\"config\": " + BASE_JSON.replace("{\"start\"", "{\"symbol\": \"ETHUSDT\", \"start\"") + ", \"grid\": "
                + ok + "}", "config.symbol");
        cases.put("{\"config\": " + BASE_JSON.replace("2024-01-05", "2023-05-01").replace("2024-01-25", "2023-06-01")
                + ", \"grid\": " + ok + "}", "config.start");
        cases.forEach((b, key) -> {
            JsonNode p = problem(api.post("/sweeps", "application/json", b), 400);
            assertThat(p.path("key").asText()).as(b + " -> " + p).isEqualTo(key);
        });
        assertThat(problem(api.post("/sweeps", "application/json", "{\"config\": "), 400).has("key")).isFalse();
        problem(api.post("/sweeps", "application/yaml", "config: [unclosed\n"), 400);
        problem(api.post("/sweeps", "text/plain", body(ok, "")), 415);
        assertThat(problem(api.post("/sweeps", "application/json", body("{\"ema_fast\": [5, 10], \"ema_fast\": [6]}", "")), 400)
                .path("detail").asText()).contains("ema_fast");
        assertThat(problem(api.post("/sweeps?x=1", "application/json", body(ok, "")), 400).path("parameter").asText())
                .isEqualTo("x");
        problem(api.get("/sweeps/sweep-000000000000"), 404);
        problem(api.get("/sweeps/nope"), 404);
        problem(api.get("/sweeps/..%2F..%2Fetc"), 404);
        problem(api.get("/sweeps/sweep-000000000000/ranking.csv"), 404);
        problem(api.delete("/sweeps/sweep-000000000000"), 404);
        assertThat(problem(api.get("/sweeps/" + cliServedId + "?top=0"), 400).path("parameter").asText()).isEqualTo("top");
        assertThat(problem(api.get("/sweeps/" + cliServedId + "?top=501"), 400).path("parameter").asText()).isEqualTo("top");
        assertThat(problem(api.get("/sweeps/" + cliServedId + "?tops=1"), 400).path("parameter").asText()).isEqualTo("tops");
        HttpResponse<byte[]> wrongMethod = api.send("POST", "/sweeps/" + cliServedId, "application/json", new byte[0], null);
        problem(wrongMethod, 405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("DELETE, GET");
        assertThat(problem(api.get("/sweeps?limit=0"), 400).path("parameter").asText()).isEqualTo("limit");
        assertThat(problem(api.get("/sweeps?cursor=abc"), 400).path("parameter").asText()).isEqualTo("cursor");
        assertThat(problem(api.send("PUT", "/sweeps", "application/json", new byte[0], null), 405).path("detail")
                .asText()).contains("GET, POST");
    }

    @Test
    void the_list_shows_jobs_and_cli_folders_newest_first_paged() {
        JsonNode page = json(api.get("/sweeps?status=done&limit=1"));
        assertThat(page.path("items")).hasSize(1);
        assertThat(page.path("items").get(0).has("ranking")).isFalse();
        List<String> ids = new ArrayList<>();
        ids.add(page.path("items").get(0).path("id").asText());
        String next = page.path("links").path("next").asText(null);
        while (next != null) {
            JsonNode more = json(api.get(next));
            more.path("items").forEach(i -> ids.add(i.path("id").asText()));
            next = more.path("links").path("next").asText(null);
        }
        assertThat(ids).doesNotHaveDuplicates().contains(cliServedId);
        assertThat(json(api.get("/sweeps?status=cancelled")).path("items")).isEmpty();
    }

    @Test
    void the_documented_sweep_curls_work_as_written() throws Exception {
        List<String> commands = ApiDocsIT.curls(Path.of("docs/api.md"), "## Sweeps");
        assertThat(commands).hasSizeGreaterThanOrEqualTo(7);
        String port = api.base.substring(api.base.lastIndexOf(':') + 1);
        String id = null;
        for (String documented : commands) {
            String cmd = documented.replace("127.0.0.1:8080", "127.0.0.1:" + port);
            if (id != null) {
                cmd = cmd.replace("sweep-3f0c2a9b7d41", id);
            }
            boolean delete = cmd.contains("-X DELETE");
            if (id != null && !cmd.contains("-X POST")) {
                awaitSweep(id, "done");
            }
            Process p = new ProcessBuilder("bash", "-c", delete ? cmd : cmd.replaceFirst("^curl ", "curl --fail-with-body "))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(cmd + "\n" + out).isZero();
            if (delete) {
                assertThat(out).as(cmd).contains("\"status\":409");
            } else if (cmd.contains("-X POST")) {
                String posted = ApiClient.JSON.readTree(out).path("id").asText();
                assertThat(id == null ? posted : id).as(out).isEqualTo(posted).startsWith("sweep-");
                id = posted;
            }
        }
        assertThat(json(api.get("/sweeps/" + id)).path("links").path("reruns")).hasSize(1);
    }

    /** Values no grid key, config key below or sweep option takes. */
    private static final String[] BAD = {"-1", "1e400", "'abc'", "{a: 1}", "''", "null", "~", "true", "'5:1:1'", "[]",
        ".nan", "'1,,2'", "[-3]", "'1:2'", "2024-13-45", "'../../etc'", "/etc/passwd", "[1, [2]]"};
    private static final String[] CONFIG_KEYS = {"symbol", "start", "end", "interval", "initial_cash", "fee_rate",
        "slippage_bps", "gap_policy", "output_dir"};
    private static final String[] GRID_KEYS = {"ema_fast", "ema_slow", "size_pct", "fee_rate", "slippage_bps", "rsi",
        "buy_below", "macd_fast", "nope", "EMA_FAST", "ema_fast ", "a=b"};

    @Test
    void fuzzed_sweep_requests_get_4xx_problems_and_never_a_5xx() {
        java.util.Random rnd = new java.util.Random(20261201);
        String base = "{start: 2024-01-05, end: 2024-01-25, interval: 15m, strategy: {type: ema-cross}";
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < 240; i++) {
            String bad = BAD[rnd.nextInt(BAD.length)];
            HttpResponse<byte[]> r = switch (i % 8) {
                case 0 -> api.post("/sweeps", "application/yaml", "config: " + base + ", " + CONFIG_KEYS[rnd.nextInt(
                        CONFIG_KEYS.length)] + ": " + bad + "}\ngrid: {ema_fast: [5, 10]}\n");
                case 1 -> api.post("/sweeps", "application/yaml", "config: " + base + "}\ngrid: {"
                        + GRID_KEYS[rnd.nextInt(GRID_KEYS.length)] + ": " + bad + "}\n");
                case 2 -> api.post("/sweeps", "application/yaml", "config: " + base + "}\ngrid: {ema_fast: [5]}\n"
                        + List.of("rank_by", "rerun_best", "top", "grid", "config", "extra").get(rnd.nextInt(6)) + ": "
                        + (bad.equals("null") || bad.equals("~") ? "[]" : bad) + "\n"); // null: an option left out
                case 3 -> {
                    String valid = body("{\"ema_fast\": [5, 10], \"ema_slow\": \"30:60:30\"}", "");
                    yield api.post("/sweeps", "application/json", valid.substring(0, rnd.nextInt(valid.length() - 1)));
                }
                case 4 -> {
                    byte[] junk = new byte[1 + rnd.nextInt(300)];
                    rnd.nextBytes(junk);
                    yield api.send("POST", "/sweeps", rnd.nextBoolean() ? "application/json" : "application/yaml", junk, null);
                }
                case 5 -> api.get("/sweeps/" + List.of("sweep-" + Long.toHexString(rnd.nextLong()), "sweep-", "SWEEP-0123456789ab",
                        "sweep-0123456789ab%2F..", "ema-cross-0123456789ab", "%00").get(rnd.nextInt(6))
                        + List.of("", "/ranking.csv", "?top=" + bad.replace(" ", "%20").replace("'", "")).get(rnd.nextInt(3)));
                case 6 -> api.get("/sweeps?" + List.of("limit=", "limit=101", "status=finished", "cursor=" + Long.toHexString(
                        rnd.nextLong()), "top=1", "limit=1&limit=2").get(rnd.nextInt(6)));
                default -> api.send(List.of("PUT", "PATCH", "DELETE").get(rnd.nextInt(3)), List.of("/sweeps",
                        "/sweeps/" + cliServedId + "/ranking.csv", "/sweeps/sweep-0123456789ab").get(rnd.nextInt(3)),
                        null, null, null);
            };
            statuses.merge(r.statusCode(), 1, Integer::sum);
            assertThat(r.statusCode()).as(i + " -> " + text(r)).isBetween(400, 499);
            problem(r, r.statusCode());
        }
        assertThat(statuses.keySet()).contains(400, 404, 405);
    }
}
