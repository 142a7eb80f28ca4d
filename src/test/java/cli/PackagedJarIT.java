package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.Await;
import support.DuckDb;
import support.Fixtures;

/**
 * Runs the shaded jar as a user would (after {@code package}, by failsafe): proves the merged jar still finds
 * every Camel component, runs the one-shot CLI and the long-lived process, and stops cleanly on SIGTERM.
 */
class PackagedJarIT {
    private static final Path JAR = Path.of("target/kline-pipeline.jar").toAbsolutePath();

    @TempDir
    Path root;
    private final int port = support.TestApp.freePort();

    private List<String> java(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Dapp.data.dir=" + root.resolve("data"));
        cmd.add("-Dapp.inbox.dir=" + root.resolve("inbox"));
        cmd.add("-Dapp.inbox.poll-ms=100");
        cmd.add("-Dapp.inbox.settle-ms=300");
        cmd.add("-Dapp.inbox.lock-timeout-ms=1500");
        cmd.add("-Dapp.backfill.enabled=false"); // no network here
        cmd.add("-Dapp.api.port=" + port);
        cmd.add("-Dapp.api.runs-dir=" + root.resolve("data/backtests"));
        if (Runtime.version().feature() >= 24) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.add("-jar");
        cmd.add(JAR.toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private Process start(Path log, String... args) throws IOException {
        return new ProcessBuilder(java(args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void one_shot_ingest_from_the_jar() throws Exception {
        assertThat(JAR).exists();
        Path zip = Fixtures.zip(root.resolve("in"), Fixtures.REAL_DAY, Fixtures.realCsv("1m"));
        Fixtures.checksum(zip);
        Path log = root.resolve("ingest.log");
        Process p = start(log, "ingest", zip.toString());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("INGESTED BTCUSDT-1m-2023-01-21.zip").doesNotContain("Exception");
        assertThat(DuckDb.single("SELECT count(*) FROM " + DuckDb.parquet(root.resolve("data/spot/BTCUSDT/klines_1m/2023-01.parquet"))))
                .isEqualTo(1440L);
    }

    @Test
    void long_lived_process_watches_the_inbox_and_stops_cleanly_on_sigterm() throws Exception {
        Path log = root.resolve("run.log");
        Process p = start(log);
        try {
            Await.until("Camel started", Duration.ofSeconds(60), () -> read(log).contains("started in"));
            Path zip = Fixtures.zip(root.resolve("staging"), Fixtures.REAL_DAY, Fixtures.realCsv("1m"));
            Files.createDirectories(root.resolve("inbox"));
            Files.move(zip, root.resolve("inbox").resolve(zip.getFileName()));
            Await.until("ingested by the running process", Duration.ofSeconds(30),
                    () -> Files.exists(root.resolve("inbox/.done/" + zip.getFileName())));
            assertThat(p.isAlive()).isTrue();
            // the shaded jar serves the REST API too (platform-http, REST DSL, OpenAPI found in the merged jar), and the
            // metrics with the Prometheus text writer kept by the pom's exclusions
            var http = java.net.http.HttpClient.newHttpClient();
            for (String path : new String[] {"/backtests", "/openapi.json", "/observe/health/live", "/observe/metrics"}) {
                var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            }
        } finally {
            p.destroy(); // SIGTERM
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
        String out = read(log);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("inbox: INGESTED").contains("shutdown").doesNotContain("ERROR");
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
