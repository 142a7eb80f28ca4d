package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.Await;

/**
 * {@code bin/run}'s AOT caches (JDK 25+, README "Start-up"): the first call of a kind (verify, backtest, the service,
 * every other command) trains that kind's cache next to the jar in the background; later calls start from it and
 * print and exit exactly as without it; a rebuilt jar never uses the old caches. Runs on a copy of the packaged jar in a temporary folder, so target/ gets no cache from this test.
 */
class BinRunAotJarIT {
    @TempDir
    Path root;

    record Result(int exitCode, String stdout, String stderr) {
    }

    private Result run(Path jar, String aot, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(root, "out-", ".txt");
        Path err = Files.createTempFile(root, "err-", ".txt");
        Path cwd = Files.createDirectories(root.resolve("work"));
        ProcessBuilder pb = BinRunJarIT.binRun(cwd, out, Map.of("KLINE_JAR", jar.toString(), "KLINE_AOT", aot), args)
                .redirectErrorStream(false).redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("bin/run finished").isTrue();
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The commands' shared cache (every command without one of its own). */
    private static List<Path> caches(Path dir) throws IOException {
        return caches(dir, "");
    }

    /** The caches of one kind: {@code ""} (the commands' shared one), {@code ".verify"}, {@code ".service"}, ... */
    private static List<Path> caches(Path dir, String kind) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString()
                    .matches("kline-pipeline\\.\\d+" + kind.replace(".", "\\.") + "\\.aot")).toList();
        }
    }

    /** Where the JVM loaded {@code cli.KlinePipeline} from, by its class-load log, for {@code --version}. */
    private String mainClassSource(Path jar, String aot) throws Exception {
        return mainClassSource(jar, aot, "--version");
    }

    /** Where the JVM loaded {@code cli.KlinePipeline} from, by its class-load log, for a command (exit 0). */
    private String mainClassSource(Path jar, String aot, String... command) throws Exception {
        Path log = root.resolve("classload-" + System.nanoTime() + ".log");
        List<String> args = new java.util.ArrayList<>(List.of("-Xlog:class+load=info:file=" + log));
        args.addAll(List.of(command));
        Result r = run(jar, aot, args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return Files.readAllLines(log).stream().filter(l -> l.contains(" cli.KlinePipeline ")).findFirst().orElseThrow();
    }

    @Test
    void the_cache_is_built_on_first_use_changes_no_output_and_a_rebuilt_jar_does_not_use_it() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 25,
                "the AOT cache needs JDK 25 (bin/run skips it on older JDKs)");
        Path dir = Files.createDirectories(root.resolve("jar"));
        Path jar = dir.resolve("kline-pipeline.jar");
        Files.copy(BinRunJarIT.JAR, jar);

        // off: no cache and no training
        Result plainVerify = run(jar, "off", "verify");
        assertThat(caches(dir)).isEmpty();
        assertThat(hasLock(dir)).isFalse();

        // first use: this call runs as before while the cache is trained in the background, written once complete;
        // verify has a cache of its own (trained on verify), the other commands share one (trained on ingest)
        Result first = run(jar, "on", "verify");
        assertThat(first.exitCode()).isEqualTo(plainVerify.exitCode());
        assertThat(first.stdout()).isEqualTo(plainVerify.stdout());
        awaitCache(dir, ".verify");
        assertThat(caches(dir)).as("verify trains its own cache only").isEmpty();
        Path verifyCache = caches(dir, ".verify").getFirst();
        assertThat(mainClassSource(jar, "on", "verify")).contains("source: shared objects file");
        assertThat(run(jar, "on", "--version").stdout()).startsWith("kline-pipeline ");
        awaitCache(dir, "");
        Path cache = caches(dir).getFirst();
        assertThat(Files.size(cache)).isGreaterThan(1_000_000L);
        assertThat(Files.size(verifyCache)).as("verify's cache holds fewer classes (no ingest writers)")
                .isLessThan(Files.size(cache));

        // with the cache: the classes come from it, and every output and exit code is the one without
        assertThat(mainClassSource(jar, "on")).contains("source: shared objects file");
        assertThat(mainClassSource(jar, "off")).doesNotContain("shared objects file");
        for (String[] args : new String[][] {{"verify"}, {"--help"}, {"--version"}, {"verify", "--no-such-option"},
            {"-Dapp.inbox.pol-ms=500", "verify"}, {"backtest", "--config", "missing.yaml"}}) {
            Result with = run(jar, "on", args);
            Result without = run(jar, "off", args);
            assertThat(with.exitCode()).as(String.join(" ", args)).isEqualTo(without.exitCode());
            assertThat(with.stdout()).as(String.join(" ", args)).isEqualTo(without.stdout());
            assertThat(with.stderr().lines().filter(l -> !l.matches("^\\d{4}-\\d\\d-\\d\\dT.*")).toList())
                    .as("stderr of " + String.join(" ", args))
                    .isEqualTo(without.stderr().lines().filter(l -> !l.matches("^\\d{4}-\\d\\d-\\d\\dT.*")).toList());
        }
        awaitCache(dir, ".backtest"); // the loop's backtest trained its own
        assertThat(caches(dir, ".verify")).containsExactly(verifyCache);
        serviceCache(jar, dir, cache);
        assertThat(run(jar, "on", "verify", "--no-such-option").exitCode()).isEqualTo(2);

        // the jar rebuilt (same path, new bytes and time): the old cache is not used and nothing is printed about it
        Files.copy(BinRunJarIT.JAR, jar, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        String source = mainClassSource(jar, "on");
        assertThat(source).doesNotContain("shared objects file");
        Result stale = run(jar, "on", "verify");
        assertThat(stale.stdout()).isEqualTo(plainVerify.stdout());
        assertThat(stale.stdout() + stale.stderr()).doesNotContain("aot").doesNotContain("AOT");
        // ... and a new one replaces each once trained; a kind not started since keeps its old one until it is
        Await.until("new AOT caches written", Duration.ofMinutes(8), () -> {
            try {
                return caches(dir).size() == 1 && !caches(dir).contains(cache)
                        && caches(dir, ".verify").size() == 1 && !caches(dir, ".verify").contains(verifyCache)
                        && !hasLock(dir);
            } catch (IOException e) {
                return false;
            }
        });
        assertThat(caches(dir, ".backtest")).hasSize(1);
        assertThat(mainClassSource(jar, "on")).contains("source: shared objects file");
        assertThat(mainClassSource(jar, "on", "verify")).contains("source: shared objects file");
    }

    /**
     * The long-lived process has a cache of its own (its HTTP stack is not in the commands' cache, and a shared one
     * would preload it for every command): its first start trains it in the background - the command cache stays -
     * and the next start loads its classes from it and answers HTTP as before.
     */
    private void serviceCache(Path jar, Path dir, Path commandCache) throws Exception {
        assertThat(serviceCaches(dir)).isEmpty();
        Process first = startService(jar, "first", null);
        first.destroy(); // SIGTERM: the training goes on detached
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Await.until("service AOT cache written", Duration.ofMinutes(8), () -> {
            try {
                return serviceCaches(dir).size() == 1 && !hasLock(dir);
            } catch (IOException e) {
                return false;
            }
        });
        assertThat(caches(dir)).as("the commands' cache is kept").containsExactly(commandCache);
        assertThat(Files.size(serviceCaches(dir).getFirst())).isGreaterThan(Files.size(commandCache));
        Path log = root.resolve("service-classload.log");
        Process second = startService(jar, "second", log);
        second.destroy();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readAllLines(log).stream().filter(l -> l.contains(" cli.KlinePipeline ")).findFirst()
                .orElseThrow()).contains("source: shared objects file");
        // the commands still start from their own cache
        assertThat(mainClassSource(jar, "on")).contains("source: shared objects file");
    }

    /** Starts the long-lived process through bin/run (AOT on) and waits until its REST API answers. */
    private Process startService(Path jar, String name, Path classLoadLog) throws Exception {
        int port = support.TestApp.freePort();
        Path cwd = Files.createDirectories(root.resolve("service-" + name));
        List<String> args = new java.util.ArrayList<>(List.of("-Dapp.api.port=" + port, "-Dapp.backfill.enabled=false"));
        if (classLoadLog != null) {
            args.add("-Xlog:class+load=info:file=" + classLoadLog);
        }
        Process p = BinRunJarIT.binRun(cwd, root.resolve("service-" + name + ".log"),
                Map.of("KLINE_JAR", jar.toString(), "KLINE_AOT", "on"), args.toArray(String[]::new)).start();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest live = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/observe/health/live")).build();
        Await.until("service " + name + " answering", Duration.ofMinutes(2), () -> {
            try {
                return http.send(live, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        return p;
    }

    private static List<Path> serviceCaches(Path dir) throws IOException {
        return caches(dir, ".service");
    }

    /** Waits until one cache of {@code kind} is written and no training runs. */
    private static void awaitCache(Path dir, String kind) {
        Await.until("AOT cache" + kind + " written", Duration.ofMinutes(8), () -> {
            try {
                return caches(dir, kind).size() == 1 && !hasLock(dir);
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static boolean hasLock(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(f -> f.getFileName().toString().endsWith(".lock"));
        }
    }
}
