package cli;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import gen.BinanceArchive;
import gen.KlineGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import routes.PipelineRuntime;
import storage.Hashes;
import support.ChildJvm;
import support.TestApp;
import support.TreeSnapshot;

/**
 * "Same inputs, same bytes" across processes: every artefact is written in separate child JVMs (this JVM's binary
 * and test classpath, {@link ChildJvm}) and compared byte for byte. Within one JVM a nondeterminism that is fixed
 * per process (identity hash codes, e.g. the order of a hash set of enum values) cannot show; so each child also
 * shifts its identity hash codes by a different amount. One month of generated 1m bars, 15m bars, hourly decisions;
 * WireMock in this JVM is the LLM server.
 */
class CrossProcessDeterminismIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LLM_PATH = "/v1/chat/completions";
    private static final YearMonth MONTH = YearMonth.of(2024, 1);
    private static final String SWEEP_GRID_FAST = "ema_fast=5:20:5";
    private static final String SWEEP_GRID_SLOW = "ema_slow=20:40:10";

    @TempDir
    static Path root;
    static WireMockServer llm;
    static Path monthZip;
    static Path sharedData;

    @BeforeAll
    static void generateIngestAndStartTheLlmServer() throws Exception {
        llm = new WireMockServer(options().dynamicPort().notifier(new ConsoleNotifier(false)));
        llm.start();
        // flat: buy half the cash; holding: sell everything - so every decision trades
        llm.stubFor(post(urlEqualTo(LLM_PATH)).atPriority(1).withRequestBody(containing("position 0 BTC"))
                .willReturn(okJson(answer("BUY", 0.5))));
        llm.stubFor(post(urlEqualTo(LLM_PATH)).atPriority(2).willReturn(okJson(answer("SELL", 1.0))));

        Path in = Files.createDirectories(root.resolve("in"));
        Path csv = in.resolve("BTCUSDT-1m-" + MONTH + ".csv");
        new KlineGenerator(20240101L).writeMonth(MONTH, csv, List.of());
        monthZip = BinanceArchive.zipWithChecksum(csv, in);
        Path shared = root.resolve("shared");
        try (PipelineRuntime app = TestApp.oneShot(shared)) {
            assertThat(app.ingest(monthZip, false).ok()).isTrue();
        }
        sharedData = shared.resolve("data");
    }

    @AfterAll
    static void stopTheLlmServer() {
        if (llm != null) {
            llm.stop();
        }
    }

    @Test
    void every_kind_of_parquet_file_is_byte_identical_when_written_in_five_jvms() throws Exception {
        Path dir = root.resolve("five");
        Path llmConfig = config(dir, "llm.yaml", llmRun("2024-01-10", "2024-01-11", dir.resolve("llm-cache")));
        Path sweepConfig = config(dir, "sweep.yaml", emaCross("2024-01-10", "2024-02-01"));
        Map<String, Set<String>> hashesByFile = new TreeMap<>();
        llm.resetRequests();
        for (int jvm = 0; jvm < 5; jvm++) {
            Path work = dir.resolve("jvm-" + jvm);
            // the first child asks the LLM server, the others answer from its cache: the same decisions in all five
            ChildJvm.Run run = ChildJvm.run(work, settings(work.resolve("data")), jvm, Commands.class,
                    "ingest", monthZip.toString(), ";",
                    "features", "compute", "--start", "2024-01-20", "--end", "2024-01-25",
                    "--indicators", "ema,rsi,cmf,macd,atr", "--out", work.resolve("frame.parquet").toString(), ";",
                    "backtest", "--config", llmConfig.toString(), ";",
                    "backtest", "sweep", "--config", sweepConfig.toString(), "--grid", SWEEP_GRID_FAST,
                    "--grid", SWEEP_GRID_SLOW, "--threads", "2");
            assertThat(run.exitCode()).as(run::describe).isZero();
            System.out.printf("jvm %d (identity hash shift %d): %d ms%n", jvm, jvm, run.elapsedMs());
            Path runs = work.resolve("runs");
            Map<String, Path> files = new LinkedHashMap<>();
            files.put("month file", work.resolve("data/spot/BTCUSDT/klines_1m/" + MONTH + ".parquet"));
            files.put("feature frame", work.resolve("frame.parquet"));
            for (String table : List.of("fills", "equity", "decisions")) {
                files.put("llm run " + table + ".parquet", only(runs, "llm-").resolve(table + ".parquet"));
            }
            files.put("sweep ranking.parquet", only(runs, "sweep-").resolve("ranking.parquet"));
            for (Map.Entry<String, Path> f : files.entrySet()) {
                assertThat(f.getValue()).as(f.getKey()).isRegularFile();
                hashesByFile.computeIfAbsent(f.getKey(), k -> new TreeSet<>()).add(Hashes.sha256(f.getValue()));
            }
        }
        assertThat(llm.countRequestsMatching(postRequestedFor(urlEqualTo(LLM_PATH)).build()).getCount())
                .as("LLM calls: the first JVM only").isEqualTo(24);
        Map<String, Integer> distinct = new TreeMap<>();
        hashesByFile.forEach((file, hashes) -> distinct.put(file, hashes.size()));
        assertThat(distinct.values()).as("distinct SHA-256 per file over 5 JVMs: %s", distinct).containsOnly(1);
    }

    @Test
    void a_backtest_run_folder_is_byte_identical_when_run_in_two_processes() throws Exception {
        Path dir = root.resolve("backtest");
        Path config = config(dir, "backtest.yaml", emaCross("2024-01-10", "2024-02-01"));
        Map<String, byte[]> first = runFolder(cli(dir.resolve("a"), 0, "backtest", "--config", config.toString()));
        Map<String, byte[]> second = runFolder(cli(dir.resolve("b"), 3, "backtest", "--config", config.toString()));
        assertThat(first.keySet()).contains("config.yaml", "metrics.json", "fills.parquet", "fills.jsonl",
                "equity.parquet", "decisions.jsonl", "lineage.json", "report.html");
        assertSameFiles(first, second, Set.of());
    }

    @Test
    void sweep_files_are_byte_identical_across_processes_and_worker_counts() throws Exception {
        Path dir = root.resolve("sweep");
        Path config = config(dir, "sweep.yaml", emaCross("2024-01-10", "2024-02-01"));
        Map<String, byte[]> first = runFolder(cli(dir.resolve("a"), 0, "backtest", "sweep", "--config",
                config.toString(), "--grid", SWEEP_GRID_FAST, "--grid", SWEEP_GRID_SLOW, "--threads", "1",
                "--rerun-best", "1"));
        Map<String, byte[]> second = runFolder(cli(dir.resolve("b"), 5, "backtest", "sweep", "--config",
                config.toString(), "--grid", SWEEP_GRID_FAST, "--grid", SWEEP_GRID_SLOW, "--threads", "2",
                "--rerun-best", "1"));
        assertThat(first.keySet()).anyMatch(f -> f.matches("sweep-[^/]+/ranking\\.parquet"))
                .anyMatch(f -> f.matches("sweep-[^/]+/ranking\\.csv"))
                .anyMatch(f -> f.matches("sweep-[^/]+/sweep\\.json"))
                .anyMatch(f -> f.matches("ema-cross-[^/]+/report\\.html"));
        Set<String> timing = new TreeSet<>(first.keySet());
        timing.removeIf(f -> !f.endsWith("/sweep-timing.json")); // wall-clock times, by design
        assertThat(timing).hasSize(1);
        assertSameFiles(first, second, timing);
    }

    @Test
    void an_llm_rerun_from_the_cache_in_another_process_makes_no_calls_and_writes_the_same_files() throws Exception {
        Path dir = root.resolve("llm");
        Path config = config(dir, "llm.yaml", llmRun("2024-01-10", "2024-01-12", dir.resolve("llm-cache")));
        llm.resetRequests();
        Map<String, byte[]> first = runFolder(cli(dir.resolve("a"), 0, "backtest", "--config", config.toString()));
        assertThat(llmCalls()).as("first run: one call per hourly decision").isEqualTo(48);
        llm.resetRequests();
        Map<String, byte[]> second = runFolder(cli(dir.resolve("b"), 7, "backtest", "--config", config.toString()));
        assertThat(llmCalls()).as("re-run from the cache").isZero();

        assertThat(first.keySet()).contains("decisions.parquet", "decisions.jsonl", "fills.parquet", "report.html");
        assertSameFiles(first, second, Set.of("metrics.json"));
        ObjectNode m1 = (ObjectNode) JSON.readTree(first.get("metrics.json"));
        ObjectNode m2 = (ObjectNode) JSON.readTree(second.get("metrics.json"));
        assertThat(m1.at("/llm/llm_calls").asLong()).isEqualTo(48);
        assertThat(m1.at("/llm/cache_hits").asLong()).isZero();
        assertThat(m2.at("/llm/llm_calls").asLong()).isZero();
        assertThat(m2.at("/llm/cache_hits").asLong()).isEqualTo(48);
        for (ObjectNode m : List.of(m1, m2)) { // the two execution counters are all that may differ
            ((ObjectNode) m.get("llm")).remove(List.of("llm_calls", "cache_hits"));
        }
        assertThat(m2).isEqualTo(m1);
    }

    // ---- children -----------------------------------------------------------------------------------------

    /**
     * Child main: several CLI command lines, separated by {@code ;}, one after another in one JVM (each starts and
     * stops its own application, as in {@link CliTestBase}); exits with the first non-zero exit code.
     */
    public static final class Commands {
        public static void main(String[] args) {
            List<String> command = new ArrayList<>();
            List<String> all = new ArrayList<>(List.of(args));
            all.add(";");
            for (String arg : all) {
                if (!arg.equals(";")) {
                    command.add(arg);
                    continue;
                }
                int code = KlinePipeline.execute(command.toArray(String[]::new));
                if (code != 0) {
                    System.exit(code);
                }
                command.clear();
            }
            System.exit(0);
        }
    }

    /** {@code kline-pipeline ARGS} in a child JVM in {@code work}, on the shared store; returns {@code work/runs}. */
    private static Path cli(Path work, int hashShift, String... args) throws Exception {
        ChildJvm.Run run = ChildJvm.run(work, settings(sharedData), hashShift, KlinePipeline.class, args);
        assertThat(run.exitCode()).as(run::describe).isZero();
        System.out.printf("%s %s: %d ms%n", work.getFileName(), String.join(" ", args).replace(root.toString(), "~"),
                run.elapsedMs());
        return work.resolve("runs");
    }

    private static Map<String, String> settings(Path data) {
        Map<String, String> s = new HashMap<>();
        s.put("app.data.dir", data.toString());
        s.put("app.inbox.dir", data.resolveSibling("inbox").toString());
        s.put("app.features.refresh", ""); // no background work racing the commands
        s.put("app.backfill.enabled", "false");
        s.put("kline.log.camel", "WARN");
        return s;
    }

    // ---- configs -----------------------------------------------------------------------------------------

    /** Output under {@code runs/} of the child's working directory: both children resolve the same config. */
    private static String emaCross(String start, String end) {
        return """
                symbol: BTCUSDT
                start: %s
                end: %s
                interval: 15m
                initial_cash: 10000
                fee_rate: 0.001
                slippage_bps: 2
                indicators: {ema_fast: 12, ema_slow: 26, rsi: 14}
                strategy: {type: ema-cross, decision_every: 1h}
                output_dir: runs
                """.formatted(start, end);
    }

    private static String llmRun(String start, String end, Path cache) {
        return """
                symbol: BTCUSDT
                start: %s
                end: %s
                interval: 15m
                initial_cash: 10000
                fee_rate: 0.001
                slippage_bps: 2
                strategy:
                  type: llm
                  decision_every: 1h
                  window: 8
                  llm: {base_url: '%s', model: test-model, cache_dir: '%s'}
                output_dir: runs
                """.formatted(start, end, llm.baseUrl() + "/v1", cache);
    }

    private static Path config(Path dir, String name, String yaml) throws IOException {
        return Files.writeString(Files.createDirectories(dir).resolve(name), yaml);
    }

    private static String answer(String action, double size) {
        ObjectNode d = JSON.createObjectNode().put("action", action).put("size_pct", size).put("note", "test");
        ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
                .put("model", "test-model");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", d.toString());
        body.putObject("usage").put("prompt_tokens", 120).put("completion_tokens", 20).put("total_tokens", 140);
        return body.toString();
    }

    private static int llmCalls() {
        return llm.countRequestsMatching(postRequestedFor(urlEqualTo(LLM_PATH)).build()).getCount();
    }

    // ---- comparing ----------------------------------------------------------------------------------------

    /** The single folder under {@code runs} whose name starts with {@code prefix}. */
    private static Path only(Path runs, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(runs)) {
            List<Path> matches = s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
            assertThat(matches).as("%s* under %s", prefix, runs).hasSize(1);
            return matches.get(0);
        }
    }

    /**
     * Every file under {@code runs} (relative path -> bytes). A single run folder is unwrapped, so its files are
     * keyed by name alone.
     */
    private static Map<String, byte[]> runFolder(Path runs) throws IOException {
        Path base = runs;
        try (Stream<Path> s = Files.list(runs)) {
            List<Path> entries = s.toList();
            if (entries.size() == 1 && Files.isDirectory(entries.get(0))) {
                base = entries.get(0);
            }
        }
        Map<String, byte[]> files = new TreeMap<>();
        for (String f : TreeSnapshot.of(base).keySet()) {
            files.put(f, Files.readAllBytes(base.resolve(f)));
        }
        assertThat(files).as("files under %s", runs).isNotEmpty();
        return files;
    }

    /** The same file names, and every file but {@code except} byte for byte the same; names the ones that differ. */
    private static void assertSameFiles(Map<String, byte[]> first, Map<String, byte[]> second, Set<String> except) {
        assertThat(second.keySet()).as("files of the second process").isEqualTo(first.keySet());
        List<String> differing = first.keySet().stream().filter(f -> !except.contains(f))
                .filter(f -> !java.util.Arrays.equals(first.get(f), second.get(f))).toList();
        assertThat(differing).as("files whose bytes differ between the two processes").isEmpty();
    }
}
