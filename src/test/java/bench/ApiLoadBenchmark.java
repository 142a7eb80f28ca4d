package bench;

import gen.BinanceArchive;
import gen.KlineGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import support.LoadDriver;
import support.TestApp;

/**
 * Service load benchmark (not a test): the packaged jar started by {@code bin/run} as a user starts it (its own JVM,
 * default flags), on loopback, against a store of two generated months (2024-01, 2024-02). Measured from this JVM
 * with {@link LoadDriver} (closed loop, HTTP/1.1 keep-alive, each client thread sends its next request when the
 * previous answer is read in full):
 * <ol>
 * <li>start-up: process start to {@code /observe/health/ready} answering 200;
 * <li>baseline: 5,000 {@code GET /observe/health/live} at 32 concurrent - the HTTP stack with next to no work, in the
 * same run, so the features figures can be read as a ratio;
 * <li>{@code GET /features/latest?n=100} (1m, the default indicators): 10,000 warm-up requests, then 5,000 at 32
 * concurrent with the inbox idle, then 5,000 at 32 concurrent while the inbox ingests a third month (2024-03) and
 * 200 identical {@code POST /backtests} at 16 concurrent run beside them (one run executes; all answers carry its id).
 * </ol>
 * Prints p50/p90/p99/max latency and requests/s per phase, and the targets (p99 < 50 ms warm, >= 2,000 req/s).
 *
 * <p>Run with {@code bin/bench-api [--requests N] [--keep]}.
 */
public final class ApiLoadBenchmark {
    static final double TARGET_P99_MS = 50;
    static final double TARGET_RPS = 2_000;

    private ApiLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int requests = 5_000;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--requests" -> requests = Integer.parseInt(args[++i]);
                case "--keep" -> keep = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--requests N, --keep)");
            }
        }
        Path repo = Path.of("").toAbsolutePath();
        Path root = Files.createTempDirectory("bench-api");
        System.out.printf("service load benchmark in %s (%d cores, %s)%n", root,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        TestApp.ingestGeneratedMonths(root, 42, YearMonth.of(2024, 1), YearMonth.of(2024, 2));
        Path staged = Files.createDirectories(root.resolve("staged"));
        Path csv = staged.resolve("BTCUSDT-1m-2024-03.csv");
        new KlineGenerator(43).writeMonth(YearMonth.of(2024, 3), csv, List.of());
        Path zip = BinanceArchive.zipWithChecksum(csv, staged);

        int port = TestApp.freePort();
        List<String> cmd = new ArrayList<>(List.of(repo.resolve("bin/run").toString(),
                "-Dapp.data.dir=" + root.resolve("data"), "-Dapp.inbox.dir=" + root.resolve("inbox"),
                "-Dapp.api.port=" + port, "-Dapp.api.runs-dir=" + root.resolve("data/backtests"),
                "-Dapp.backfill.enabled=false", "run"));
        Path log = root.resolve("server.log");
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // no AOT cache training in the background while the load runs (bin/bench-startup measures the cache)
        pb.environment().putIfAbsent("KLINE_AOT", "off");
        Process server = pb.start();
        try {
            LoadDriver load = new LoadDriver(port);
            double readyMs = awaitReady(load, server, log, t0);
            System.out.printf("start-up: bin/run to /observe/health/ready 200 in %.0f ms (jar already built)%n", readyMs);

            LoadDriver.Result live = load.run(requests, 32, i -> load.get("/observe/health/live"));
            System.out.println(live.line("baseline GET /observe/health/live, 32 conc"));

            load.run(10_000, 32, i -> load.get("/features/latest?n=100")); // the server's JIT warms up
            LoadDriver.Result idle = load.run(requests, 32, i -> load.get("/features/latest?n=100"));
            System.out.println(idle.line("GET /features/latest?n=100, 32 conc, idle"));

            Path inbox = root.resolve("inbox");
            Files.copy(Path.of(zip + ".CHECKSUM"), inbox.resolve(zip.getFileName() + ".CHECKSUM"));
            Files.copy(zip, inbox.resolve(zip.getFileName() + ".part"));
            Files.move(inbox.resolve(zip.getFileName() + ".part"), inbox.resolve(zip.getFileName()),
                    StandardCopyOption.ATOMIC_MOVE);
            final int n = requests;
            CompletableFuture<LoadDriver.Result> busy = CompletableFuture.supplyAsync(() -> unchecked(() ->
                    load.run(n, 32, i -> load.get("/features/latest?n=100"))));
            CompletableFuture<LoadDriver.Result> posts = CompletableFuture.supplyAsync(() -> unchecked(() ->
                    load.run(200, 16, i -> load.post("/backtests", "application/yaml", CONFIG))));
            LoadDriver.Result b = busy.join();
            LoadDriver.Result p = posts.join();
            System.out.println(b.line("GET /features/latest?n=100, 32 conc, ingesting"));
            System.out.println(p.line("POST /backtests (identical), 16 conc"));
            Set<String> ids = p.answers().stream().map(a -> id(a.body())).collect(Collectors.toSet());
            System.out.printf("  POST answers: %s, distinct ids %s%n", p.statuses(), ids);

            long bad = live.count5xxOrNone() + idle.count5xxOrNone() + b.count5xxOrNone() + p.count5xxOrNone();
            System.out.printf(Locale.ROOT, "%nfeatures/latest idle vs baseline: p99 %.2fx, req/s %.2fx%n",
                    idle.quantileMs(0.99) / live.quantileMs(0.99), idle.perSecond() / live.perSecond());
            System.out.printf(Locale.ROOT, "target p99 < %.0f ms warm: idle %.2f ms %s, ingesting %.2f ms %s%n",
                    TARGET_P99_MS, idle.quantileMs(0.99), pass(idle.quantileMs(0.99) < TARGET_P99_MS),
                    b.quantileMs(0.99), pass(b.quantileMs(0.99) < TARGET_P99_MS));
            System.out.printf(Locale.ROOT, "target >= %,.0f req/s: idle %,.0f %s, ingesting %,.0f %s%n", TARGET_RPS,
                    idle.perSecond(), pass(idle.perSecond() >= TARGET_RPS), b.perSecond(),
                    pass(b.perSecond() >= TARGET_RPS));
            System.out.printf("5xx or no answer: %d; runs executed for the identical POSTs: %d%n", bad,
                    countRuns(root.resolve("data/backtests"), ids));
            System.out.printf("2024-03 ingested meanwhile: %s%n", awaitFile(TestApp.monthFile(root, "2024-03")));
        } finally {
            server.destroy(); // SIGTERM, as an operator stops it
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
            if (!keep) {
                deleteTree(root);
            } else {
                System.out.println("kept " + root + " (server log: " + log + ")");
            }
        }
    }

    static final String CONFIG = """
            symbol: BTCUSDT
            start: 2024-01-20T00:00:00Z
            end: 2024-02-01T00:00:00Z
            interval: 15m
            strategy: {type: ema-cross}
            """;

    private static double awaitReady(LoadDriver load, Process server, Path log, long t0) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180); // bin/run may build the jar first
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited with " + server.exitValue() + ":\n"
                        + Files.readString(log));
            }
            if (load.run(1, 1, i -> load.get("/observe/health/ready")).answers().getFirst().status() == 200) {
                return (System.nanoTime() - t0) / 1e6;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("not ready after 180 s; log: " + log);
    }

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private static String id(String body) {
        Matcher m = ID.matcher(body);
        return m.find() ? m.group(1) : "(none: " + body.substring(0, Math.min(80, body.length())) + ")";
    }

    private static long countRuns(Path runs, Set<String> ids) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && ids.stream().noneMatch(id -> Files.isDirectory(runs.resolve(id)))) {
            sleep();
        }
        try (var s = Files.list(runs)) {
            return s.filter(Files::isDirectory).count();
        }
    }

    private static boolean awaitFile(Path file) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && !Files.exists(file)) {
            sleep();
        }
        return Files.exists(file);
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String pass(boolean ok) {
        return ok ? "PASS" : "FAIL";
    }

    interface Load {
        LoadDriver.Result call() throws InterruptedException;
    }

    private static LoadDriver.Result unchecked(Load load) {
        try {
            return load.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
