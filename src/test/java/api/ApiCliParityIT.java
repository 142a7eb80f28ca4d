package api;

import static api.ApiClient.json;
import static api.ApiClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import cli.KlinePipeline;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.Await;
import support.ChildJvm;
import support.TestApp;
import support.TreeSnapshot;

/**
 * One set of behaviours, two doors, across processes: a config posted to the service (a child JVM running
 * {@code kline-pipeline run} in its own folder, default settings) and the same config file given to
 * {@code backtest --config} (another child JVM, in a folder holding a copy of the same store) give the same run id
 * and byte-identical run folders (SHA-256 of every file). Also after {@code kill -9} of the service with three jobs
 * queued or running: the restarted service finishes all three, byte-identical to CLI runs.
 */
class ApiCliParityIT {
    @TempDir
    static Path root;
    static Path store;

    static final List<String> CONFIGS = List.of("""
            start: 2024-01-03
            end: 2024-02-01
            interval: 15m
            indicators: {ema_fast: 10, ema_slow: 30, rsi: 14}
            strategy: {type: ema-cross, decision_every: 1h, size_pct: 0.5}
            """, """
            start: 2024-01-03
            end: 2024-02-01
            interval: 15m
            strategy: {type: rsi-threshold, decision_every: 15m, buy_below: 35, sell_above: 65}
            """, """
            start: 2024-01-02
            end: 2024-02-01
            interval: 1m
            strategy: {type: ema-cross, decision_every: 5m}
            """);

    @BeforeAll
    static void data() throws Exception {
        TestApp.ingestGeneratedMonths(root.resolve("ingest"), 17, YearMonth.of(2023, 12), YearMonth.of(2024, 1));
        store = root.resolve("ingest/data");
    }

    /** A working folder holding a copy of the store under data/, as a user's folder would. */
    private static Path workFolder(String name) throws IOException {
        Path work = Files.createDirectories(root.resolve(name));
        try (Stream<Path> all = Files.walk(store)) {
            for (Path p : all.toList()) {
                Path target = work.resolve("data").resolve(store.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return work;
    }

    /** Default settings (relative folders), as `bin/run` in that folder would have them; no backfill, no network. */
    private static Map<String, String> settings(int port) {
        return Map.of("app.backfill.enabled", "false", "app.features.refresh", "", "app.api.port", Integer.toString(port),
                "app.inbox.poll-ms", "200");
    }

    private static ChildJvm service(Path work, int port) throws Exception {
        ChildJvm child = ChildJvm.start(work, settings(port), List.of("run"));
        ApiClient api = new ApiClient(port);
        Await.until("the service answering (" + child.log() + ")", Duration.ofSeconds(90), () -> {
            try {
                return api.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base + "/backtests"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        return child;
    }

    /** `backtest --config FILE` in {@code work} (a child JVM); answers the run folder it printed. */
    private static Path cli(Path work, String yaml, int n) throws Exception {
        Path cfg = Files.writeString(work.resolve("config-" + n + ".yaml"), yaml);
        ChildJvm.Run run = ChildJvm.run(work, settings(0), 1000 + n, KlinePipeline.class, "backtest", "--config",
                cfg.getFileName().toString());
        assertThat(run.exitCode()).as(run.describe()).isZero();
        String folder = run.output().lines().filter(l -> l.contains("run folder")).findFirst().orElseThrow()
                .replaceAll(".*run folder\\s+", "").trim();
        return work.resolve(folder);
    }

    private static void stop(ChildJvm child) throws InterruptedException {
        child.process().destroy(); // SIGTERM: a clean stop
        child.awaitExit();
    }

    @Test
    void a_posted_config_and_the_same_file_through_the_cli_give_byte_identical_run_folders() throws Exception {
        Path service = workFolder("service");
        Path cliWork = workFolder("cli");
        int port = ApiClient.freePort();
        ChildJvm child = service(service, port);
        try {
            ApiClient api = new ApiClient(port).checkedAgainstOpenApi();
            for (int i = 0; i < 2; i++) {
                HttpResponse<byte[]> r = api.post("/backtests", "application/yaml", CONFIGS.get(i));
                assertThat(r.statusCode()).as(text(r)).isEqualTo(202);
                String id = json(r).path("id").asText();
                assertThat(api.awaitStatus(id, Duration.ofSeconds(120), "done", "failed").path("status").asText())
                        .isEqualTo("done");
                Path viaApi = service.resolve("data/backtests").resolve(id);
                Path viaCli = cli(cliWork, CONFIGS.get(i), i);
                assertThat(viaCli.getFileName().toString()).isEqualTo(id);
                assertThat(viaCli).isEqualTo(cliWork.resolve("data/backtests").resolve(id));
                Map<String, String> api1 = TreeSnapshot.of(viaApi);
                assertThat(api1.keySet()).contains("config.yaml", "metrics.json", "fills.parquet", "fills.jsonl",
                        "equity.parquet", "decisions.jsonl", "decisions.parquet", "lineage.json", "report.html");
                assertThat(TreeSnapshot.of(viaCli)).as("run " + id).isEqualTo(api1);
            }
        } finally {
            stop(child);
        }
    }

    /**
     * Exports through both doors: POST /exports/klines, /exports/features and /exports/runs/{id} to the service and the
     * same {@code export} commands (child JVMs) in a copy of the same store give byte-identical export folders (CSVs,
     * their .sha256, the run bundle, manifest.json).
     */
    @Test
    void exports_posted_to_the_service_and_made_by_the_cli_are_byte_identical() throws Exception {
        Path service = workFolder("export-service");
        Path cliWork = workFolder("export-cli");
        Path viaCli = cli(cliWork, CONFIGS.get(0), 7); // the same run folder in both (deterministic id)
        String id = viaCli.getFileName().toString();
        cli(service, CONFIGS.get(0), 8);
        int port = ApiClient.freePort();
        ChildJvm child = service(service, port);
        try {
            ApiClient api = new ApiClient(port).checkedAgainstOpenApi();
            for (String post : List.of("/exports/klines?from=2023-12&to=2024-01",
                    "/exports/klines?from=2024-01&interval=1h&gap_policy=ffill",
                    "/exports/features?start=2024-01-05&end=2024-01-09&interval=15m&indicators=ema,rsi,macd",
                    "/exports/runs/" + id)) {
                HttpResponse<byte[]> r = api.post(post, null, "");
                assertThat(r.statusCode()).as(post + " " + text(r)).isEqualTo(200);
            }
        } finally {
            stop(child);
        }
        String[][] commands = {{"export", "klines", "--from", "2023-12", "--to", "2024-01"},
            {"export", "klines", "--from", "2024-01", "--interval", "1h", "--gap-policy", "ffill"},
            {"export", "features", "--start", "2024-01-05", "--end", "2024-01-09", "--interval", "15m", "--indicators",
                "ema,rsi,macd"},
            {"export", "run", id}};
        int n = 20;
        for (String[] args : commands) {
            ChildJvm.Run run = ChildJvm.run(cliWork, settings(0), 1000 + n++, KlinePipeline.class, args);
            assertThat(run.exitCode()).as(run.describe()).isZero();
        }
        Map<String, String> api1 = TreeSnapshot.of(service.resolve("exports"));
        api1.remove(".lock");
        Map<String, String> cli1 = TreeSnapshot.of(cliWork.resolve("exports"));
        cli1.remove(".lock");
        assertThat(api1.keySet()).contains("manifest.json", "klines_1m_2023-12.csv", "klines_1h_2024-01.csv",
                "features_15m_20240105T000000Z_20240109T000000Z.csv", "runs/" + id + ".zip", "runs/" + id + ".zip.sha256");
        assertThat(cli1).isEqualTo(api1);
    }

    @Test
    void after_kill_9_with_three_jobs_the_restarted_service_finishes_them_byte_identical_to_cli_runs() throws Exception {
        Path service = workFolder("killed");
        Path cliWork = workFolder("cli-kill");
        int port = ApiClient.freePort();
        ChildJvm child = service(service, port);
        List<String> ids = new ArrayList<>();
        ApiClient api = new ApiClient(port);
        for (String yaml : List.of(CONFIGS.get(2), CONFIGS.get(0), CONFIGS.get(1))) { // the long one first
            HttpResponse<byte[]> r = api.post("/backtests", "application/yaml", yaml);
            assertThat(r.statusCode()).as(text(r)).isEqualTo(202);
            ids.add(json(r).path("id").asText());
        }
        Await.until("the first job running", Duration.ofSeconds(60),
                () -> json(api.get("/backtests/" + ids.get(0))).path("status").asText().equals("running"));
        child.process().destroyForcibly(); // kill -9
        child.awaitExit();
        Path jobs = service.resolve("data/api/jobs");
        JsonNode first = ApiClient.JSON.readTree(jobs.resolve(ids.get(0) + ".json").toFile());
        assertThat(first.path("status").asText()).as("killed while running").isEqualTo("running");
        assertThat(ids.subList(1, 3)).allSatisfy(id -> assertThat(ApiClient.JSON.readTree(jobs.resolve(id + ".json")
                .toFile()).path("status").asText()).isEqualTo("queued"));

        child = service(service, port);
        try {
            for (String id : ids) {
                assertThat(api.awaitStatus(id, Duration.ofSeconds(180), "done", "failed").path("status").asText())
                        .as(id).isEqualTo("done");
            }
            assertThat(json(api.get("/backtests/" + ids.get(0))).path("restarts").asInt()).isEqualTo(1); // run again once
        } finally {
            stop(child);
        }
        try (Stream<Path> left = Files.list(service.resolve("data/backtests"))) {
            assertThat(left.map(p -> p.getFileName().toString()).sorted(Comparator.naturalOrder()).toList())
                    .containsExactlyInAnyOrderElementsOf(ids); // no half-written folder of the killed run is left
        }
        int n = 10;
        for (String id : ids) {
            String yaml = CONFIGS.get(List.of(2, 0, 1).get(ids.indexOf(id)));
            Path viaCli = cli(cliWork, yaml, n++);
            assertThat(viaCli.getFileName().toString()).isEqualTo(id);
            assertThat(TreeSnapshot.of(viaCli)).as("run " + id)
                    .isEqualTo(TreeSnapshot.of(service.resolve("data/backtests").resolve(id)));
        }
    }
}
