package api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import gen.BinanceArchive;
import gen.KlineGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import storage.OffsetsCodec;
import support.Await;
import support.LoadDriver;
import support.TestApp;

/**
 * The service under the load of the issue, on loopback, while the inbox ingests a month: 5,000
 * {@code GET /features/latest?n=100} at 32 concurrent and 200 identical {@code POST /backtests} at 16 concurrent at
 * the same time. No answer is 5xx (or missing), every features answer holds 100 rows, exactly one run executes and
 * every POST answer carries its id, the month lands in the store and health is UP afterwards. Correctness only: the
 * latencies and requests/s are measured by {@code bin/bench-api} (docs/benchmarks.md), not asserted here.
 */
class ApiLoadIT {
    static final String CONFIG = """
            symbol: BTCUSDT
            start: 2024-01-20T00:00:00Z
            end: 2024-02-01T00:00:00Z
            interval: 15m
            strategy: {type: ema-cross}
            """;

    @TempDir
    Path root;

    @Test
    void features_and_identical_submissions_under_load_while_the_inbox_ingests_a_month() throws Exception {
        TestApp.ingestGeneratedMonths(root, 5, YearMonth.of(2024, 1), YearMonth.of(2024, 2));
        Path staged = Files.createDirectories(root.resolve("staged"));
        Path csv = staged.resolve("BTCUSDT-1m-2024-03.csv");
        new KlineGenerator(6).writeMonth(YearMonth.of(2024, 3), csv, List.of());
        Path zip = BinanceArchive.zipWithChecksum(csv, staged);
        int port = TestApp.freePort();
        try (PipelineRuntime app = TestApp.longLived(root, Map.of("app.api.port", Integer.toString(port),
                "app.api.queue", "16"))) {
            LoadDriver load = new LoadDriver(port);
            awaitReady(load);
            Path inbox = root.resolve("inbox");
            Files.copy(Path.of(zip + ".CHECKSUM"), inbox.resolve(zip.getFileName() + ".CHECKSUM"));
            Files.copy(zip, inbox.resolve(zip.getFileName() + ".part"));
            Files.move(inbox.resolve(zip.getFileName() + ".part"), inbox.resolve(zip.getFileName()),
                    StandardCopyOption.ATOMIC_MOVE);

            CompletableFuture<LoadDriver.Result> features = CompletableFuture.supplyAsync(() -> run(() ->
                    load.run(5_000, 32, i -> load.get("/features/latest?n=100"))));
            CompletableFuture<LoadDriver.Result> posts = CompletableFuture.supplyAsync(() -> run(() ->
                    load.run(200, 16, i -> load.post("/backtests", "application/yaml", CONFIG))));
            LoadDriver.Result f = features.join();
            LoadDriver.Result p = posts.join();

            assertThat(f.count5xxOrNone()).as(LoadDriver.describe(f)).isZero();
            assertThat(f.statuses()).as(LoadDriver.describe(f)).containsOnlyKeys(200);
            for (LoadDriver.Answer a : f.answers()) {
                assertThat(ApiClient.JSON.readTree(a.body()).path("rows").size()).isEqualTo(100);
            }
            assertThat(p.count5xxOrNone()).as(LoadDriver.describe(p)).isZero();
            assertThat(p.statuses()).as("one run created, every other post answered with it")
                    .isEqualTo(Map.of(200, 199, 202, 1));
            Set<String> ids = p.answers().stream().map(a -> read(a.body()).path("id").asText()).collect(Collectors.toSet());
            assertThat(ids).hasSize(1);
            String id = ids.iterator().next();

            Await.until("the run done", Duration.ofSeconds(60), () -> "done".equals(read(run(() -> load.run(1, 1, i -> load.get("/backtests/" + id)))
                    .answers().getFirst().body()).path("status").asText()));
            try (Stream<Path> runs = Files.list(root.resolve("data/backtests"))) {
                assertThat(runs.map(r -> r.getFileName().toString()).toList()).as("exactly one run executed")
                        .containsExactly(id);
            }
            Await.until("2024-03 ingested from the inbox", Duration.ofSeconds(60), () -> Files.exists(TestApp.monthFile(root, "2024-03")));
            assertThat(OffsetsCodec.read(root.resolve("data/spot/BTCUSDT/metadata/offsets.json")).months())
                    .containsKeys("2024-01", "2024-02", "2024-03");
            assertThat(load.run(1, 1, i -> load.get("/observe/health/ready")).answers().getFirst().status())
                    .isEqualTo(200);
        }
    }

    private static void awaitReady(LoadDriver load) {
        Await.until("ready", Duration.ofSeconds(30), () -> run(() -> load.run(1, 1, i -> load.get("/observe/health/ready")))
                .answers().getFirst().status() == 200);
    }

    private static JsonNode read(String body) {
        try {
            return ApiClient.JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    interface Load {
        LoadDriver.Result call() throws InterruptedException;
    }

    private static LoadDriver.Result run(Load load) {
        try {
            return load.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
