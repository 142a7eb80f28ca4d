package bench;

import backtest.config.BacktestConfig;
import backtest.run.RunSummary;
import com.sun.net.httpserver.HttpServer;
import features.FeatureEngine;
import features.FeatureFrame;
import features.ParquetDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import llm.LlmSettings;
import llm.PromptTiming;
import routes.PipelineRuntime;
import storage.KlineStore;
import support.TestApp;

/**
 * LLM runs on the real path (not a test): generated months ingested into a temp store, an llm config of N hourly
 * decisions on 15m bars (window 24, EMA/RSI/CMF as the example config), run through the application
 * ({@code PipelineRuntime.backtest}: features, the LLM strategy, prompts, request hashes, the decision cache, the engine,
 * every artefact of the run folder). First run against an instant local OpenAI-compatible server (the JDK HttpServer,
 * answering at once: BUY half when flat, else SELL all) to fill the cache - timed, the HTTP-bound figure; then the
 * re-run entirely from the cache, best/median of N in process (target >= 10,000 decisions/s). Also: prompt building
 * alone per decision (target < 50 µs) and hashing, and one whole CLI process ({@code backtest --config}) of the
 * cached re-run. Called by {@link ReplayBenchmark} ({@code bin/bench-replay}).
 */
public final class LlmRerunBenchmark {
    static final double TARGET_PER_S = 10_000;
    static final double TARGET_PROMPT_US = 50;
    private static final Instant START = Instant.parse("2024-01-08T00:00:00Z");

    private LlmRerunBenchmark() {
    }

    /** One llm run's figures, printed side by side at the end. */
    private record Row(int decisions, double firstS, long requests, double cachedBestS, double cachedMedianS,
                       double promptUs, double hashUs, long[] sevenDay) {
    }

    public static void run(int[] decisionCounts, int reps, boolean cli) throws Exception {
        double loadBefore = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<Row> rows = new ArrayList<>();
        int max = Arrays.stream(decisionCounts).max().orElse(1000);
        Instant lastEnd = START.plus(Duration.ofHours(max));
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = YearMonth.of(2024, 1); !m.atDay(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC)
                .isAfter(lastEnd); m = m.plusMonths(1)) {
            months.add(m);
        }
        Path root = Files.createTempDirectory("kline-llm-bench");
        AtomicLong answered = new AtomicLong();
        HttpServer server = instantServer(answered);
        try {
            long t0 = System.nanoTime();
            KlineStore store = TestApp.ingestGeneratedMonths(root, 7, months.toArray(YearMonth[]::new));
            System.out.printf(Locale.ROOT, "%nLLM runs: %d generated months ingested (%s..%s) in %.1f s; instant server "
                            + "on port %d%n", months.size(), months.getFirst(), months.getLast(),
                    (System.nanoTime() - t0) / 1e9, server.getAddress().getPort());
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
            try (PipelineRuntime app = TestApp.oneShot(root, Map.of("app.llm.base-url", base,
                    "app.llm.model", "bench-model", "app.llm.breaker-failures", "1000000"))) {
                for (int n : decisionCounts) {
                    rows.add(one(app, store, root, base, n, reps, cli, answered));
                }
            }
            summary(rows, reps, loadBefore);
        } finally {
            server.stop(0);
            try (var files = Files.walk(root)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * The three figures of each run beside each other: what the targets are about (cached re-run >= 10,000
     * decisions/s, prompt building < 50 µs a decision, the first run against an instant server HTTP-bound).
     */
    private static void summary(List<Row> rows, int reps, double loadBefore) {
        double loadAfter = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf(Locale.ROOT, "%nLLM runs side by side (one JVM, load average %.2f before, %.2f after):%n",
                loadBefore, loadAfter);
        System.out.printf(Locale.ROOT, "  %9s | %-32s | %-22s | %-34s | %-27s | %s%n", "decisions",
                "cached re-run, in process, best", "prompt building", "first run, instant local server",
                "HTTP share of the first run", "seven-day text: index vs walk");
        for (Row r : rows) {
            double share = (r.firstS - r.cachedBestS) / r.firstS;
            System.out.printf(Locale.ROOT, "  %,9d | %,8.0f/s (%5.1f µs a decision)  | %6.1f µs (+ hash %4.1f) | "
                            + "%,7.0f/s (%6.0f µs a decision)      | %3.0f %%: %s-bound          | %.1f vs %.1f µs%n",
                    r.decisions,
                    r.decisions / r.cachedBestS, r.cachedBestS / r.decisions * 1e6, r.promptUs, r.hashUs,
                    r.decisions / r.firstS, r.firstS / r.decisions * 1e6, 100 * share, share > 0.5 ? "HTTP" : "CPU",
                    r.sevenDay[0] / 1e3 / r.sevenDay[2], r.sevenDay[1] / 1e3 / r.sevenDay[2]);
        }
        System.out.printf(Locale.ROOT, """
                  cached re-run: PipelineRuntime.backtest of the llm config, every answer from the decision cache (zero
                    requests, checked): feature frame, LlmStrategy (rows, seven-day view, prompt, request hash, cache
                    file read), engine, every artefact of the run folder; best of %d after one untimed run.
                  prompt building: llm.PromptTiming per decision - LlmStrategy.prompt inside an engine run: feature
                    rows (read in place, one line formatted a decision) + seven-day text + PromptBuilder.render
                    (a fresh source; its months already decoded by the runs before, shared by the
                    process's sources); the SHA-256 request hash apart.
                  first run: the same config with an empty cache, one request per decision to the instant local
                    OpenAI-compatible server (JDK HttpServer on 127.0.0.1), answers written to the cache; wall time.
                  HTTP share = (first run - cached re-run) / first run: the part of the first run the cache removes
                    (round trips, request JSON, response parsing, cache writes); above 50 %%: HTTP-bound.
                  seven-day text: features.SevenDayTiming, the run's decisions' views both ways in one loop on two
                    fresh sources (texts checked equal): sevenDayText (block index) vs sevenDayView(asOf).toText();
                    month decoding and the daily bars (shared, once a day) done untimed at each new day.
                  targets: cached re-run >= %,.0f decisions/s, prompt building < %.0f µs, first run HTTP-bound.
                """, reps, TARGET_PER_S, TARGET_PROMPT_US);
    }

    private static Row one(PipelineRuntime app, KlineStore store, Path root, String base, int n, int reps,
                            boolean cli, AtomicLong answered) throws Exception {
        String yaml = config(root, n);
        BacktestConfig cfg = BacktestConfig.parse(yaml);
        long before = answered.get();
        long t0 = System.nanoTime();
        RunSummary first = app.backtest(cfg);
        double http = (System.nanoTime() - t0) / 1e9;
        long calls = answered.get() - before;
        if (first.decisions() != n || calls != n) {
            throw new AssertionError("first run: " + first.decisions() + " decisions, " + calls + " requests, want " + n);
        }
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] cpu = {Double.MAX_VALUE};
        double[] cached = BacktestBenchmark.times(reps, () -> {
            long c0 = threads.getCurrentThreadCpuTime();
            RunSummary again = app.backtest(cfg);
            cpu[0] = Math.min(cpu[0], (threads.getCurrentThreadCpuTime() - c0) / 1e9);
            if (again.decisions() != n) {
                throw new AssertionError(again.decisions() + " decisions");
            }
        });
        if (answered.get() - before != n) {
            throw new AssertionError("the cached re-runs made " + (answered.get() - before - n) + " requests");
        }
        // prompt building alone, on the run's frame and store (as LlmStrategy.decide builds them)
        ParquetDataSource source = new ParquetDataSource(store, cfg.gapPolicy(), false);
        FeatureFrame frame = new FeatureEngine(source).computeWithGaps(cfg.featureSpec(), cfg.start(), cfg.end()).frame();
        LlmSettings s = LlmSettings.defaults().with(Map.of("model", "bench-model"));
        long[] best = null;
        for (int r = 0; r < Math.max(3, reps); r++) {
            long[] p = PromptTiming.run(new ParquetDataSource(store, cfg.gapPolicy(), false), frame, cfg, s, "BTCUSDT",
                    24, 4, "1h");
            best = best == null || p[0] < best[0] ? p : best;
        }
        // the seven-day text alone, both ways in one loop (the same views, the same load): the block index the
        // strategy uses and the builder's walk over 10,080 minutes it replaced
        long[] seven = null;
        for (int r = 0; r < Math.max(3, reps); r++) {
            long[] p = features.SevenDayTiming.run(new ParquetDataSource(store, cfg.gapPolicy(), false),
                    new ParquetDataSource(store, cfg.gapPolicy(), false), cfg.start().toEpochMilli() + 3_600_000L,
                    3_600_000L, n);
            seven = seven == null || p[0] < seven[0] ? p : seven;
        }
        System.out.printf(Locale.ROOT, "%nllm run, %,d hourly decisions on 15m bars (window 24), %s..%s, %d fills%n", n,
                cfg.start(), cfg.end(), first.fills());
        System.out.printf(Locale.ROOT, "  %-34s %9.1f ms %14.0f decisions/s (%.0f µs a decision, %,d requests)%n",
                "first run, instant local server", http * 1e3, n / http, http / n * 1e6, calls);
        System.out.printf(Locale.ROOT, "  %-34s best %8.1f ms (median %8.1f ms) %,12.0f decisions/s; the run's thread "
                        + "CPU time best %.1f ms (%,.0f decisions/s: steadier than wall time under load)%n",
                "cached re-run (in process)", cached[0] * 1e3, cached[reps / 2] * 1e3, n / cached[0], cpu[0] * 1e3,
                n / cpu[0]);
        System.out.printf(Locale.ROOT, "  HTTP share of the first run: (first - cached best) / first = %.0f %% "
                        + "(%.0f µs of HTTP a decision)%n", 100 * (http - cached[0]) / http, (http - cached[0]) / n * 1e6);
        System.out.printf(Locale.ROOT, "  prompt building %.1f µs a decision (7-day view + rows + template, %,d decisions, "
                        + "%,d chars a prompt), request hash %.1f µs; target < %.0f µs: %s%n",
                best[0] / 1e3 / best[2], best[2], best[3] / best[2], best[1] / 1e3 / best[2], TARGET_PROMPT_US,
                best[0] / 1e3 / best[2] < TARGET_PROMPT_US ? "PASS" : "FAIL");
        System.out.printf(Locale.ROOT, "  seven-day text %.1f µs a decision (block index; %,d of %,d decided by the "
                        + "estimate, %,d by the builder's loop) vs %.1f µs walking the window (sevenDayView().toText(), "
                        + "the former path), same loop: %.1fx%n", seven[0] / 1e3 / seven[2], seven[3], seven[2],
                seven[4], seven[1] / 1e3 / seven[2], (double) seven[1] / seven[0]);
        System.out.printf(Locale.ROOT, "  cached re-run target >= %,.0f decisions/s: %s%n", TARGET_PER_S,
                n / cached[0] >= TARGET_PER_S ? "PASS" : "FAIL");
        if (cli) {
            cli(root, base, yaml, n);
        }
        return new Row(n, http, calls, cached[0], cached[reps / 2], best[0] / 1e3 / best[2], best[1] / 1e3 / best[2],
                seven);
    }

    /** The cached re-run as a user types it: one whole JVM process of {@code backtest --config FILE}. */
    private static void cli(Path root, String base, String yaml, int n) throws Exception {
        Path file = root.resolve("llm-" + n + ".yaml");
        Files.writeString(file, yaml);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx2g", "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 24) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(List.of("-Dapp.data.dir=" + root.resolve("data"), "-Dapp.llm.base-url=" + base,
                "-Dapp.llm.model=bench-model", "-Dapp.backfill.enabled=false", "-cp",
                System.getProperty("java.class.path"), "cli.KlinePipeline", "backtest", "--config", file.toString()));
        double[] s = new double[3];
        String out = "";
        for (int r = 0; r < s.length; r++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            s[r] = (System.nanoTime() - t0) / 1e9;
            if (rc != 0) {
                throw new AssertionError("backtest --config exited " + rc + ":\n" + out);
            }
        }
        Arrays.sort(s);
        String line = out.lines().filter(l -> l.startsWith("backtest ")).findFirst().orElse("?");
        System.out.printf(Locale.ROOT, "  whole CLI process, cached re-run (backtest --config, JVM start included): "
                + "best %.2f s, median %.2f s of 3 (%,.0f decisions/s); it reports \"%s\"%n", s[0], s[1], n / s[0], line);
    }

    static String config(Path root, int n) {
        return """
                symbol: BTCUSDT
                start: %s
                end: %s
                interval: 15m
                initial_cash: 10000
                fee_rate: 0.001
                slippage_bps: 1
                indicators: {ema_fast: 12, ema_slow: 26, rsi: 14, cmf: 20}
                strategy: {type: llm, decision_every: 1h, window: 24, llm: {model: bench-model, cache_dir: '%s'}}
                output_dir: %s
                """.formatted(START, START.plus(Duration.ofHours(n)), root.resolve("llm-cache-" + n),
                root.resolve("runs"));
    }

    /** chat/completions answered at once: BUY half the cash when the prompt says flat, else SELL everything. */
    private static HttpServer instantServer(AtomicLong answered) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        s.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "instant-llm");
            t.setDaemon(true); // the benchmark's JVM ends with main
            return t;
        }));
        s.createContext("/v1/chat/completions", ex -> {
            String body;
            try (InputStream in = ex.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String content = body.contains("position 0 BTC")
                    ? "{\\\"action\\\":\\\"BUY\\\",\\\"size_pct\\\":0.5,\\\"note\\\":\\\"flat\\\"}"
                    : "{\\\"action\\\":\\\"SELL\\\",\\\"size_pct\\\":1.0,\\\"note\\\":\\\"holding\\\"}";
            byte[] out = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"bench-model\",\"choices\":"
                    + "[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\""
                    + content + "\"}}],\"usage\":{\"prompt_tokens\":1800,\"completion_tokens\":20,"
                    + "\"total_tokens\":1820}}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
            answered.incrementAndGet();
        });
        s.start();
        return s;
    }
}
