package api;

import static api.ApiClient.json;
import static api.ApiClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import backtest.config.BacktestConfig;
import backtest.service.BacktestService;
import backtest.walkforward.WalkForwardFolds;
import backtest.walkforward.WalkForwardRequest;
import backtest.walkforward.WalkForwardSummary;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import storage.KlineStore;
import support.TestApp;

/**
 * {@code POST /walk-forward}: the folds and out-of-sample metrics of the CLI's walk-forward (the same folder id and
 * byte-identical folds.csv as the service bean run directly), its files served, bad requests refused naming the key.
 */
class ApiWalkForwardIT {
    @TempDir
    static Path root;

    @Test
    void a_posted_walk_forward_equals_the_cli_one_and_serves_its_files() throws Exception {
        KlineStore store = TestApp.ingestGeneratedMonths(root, 6, YearMonth.of(2024, 1), YearMonth.of(2024, 2));
        Path runs = root.resolve("data/backtests");
        int port = ApiClient.freePort();
        String config = """
                {"start": "2024-01-15", "end": "2024-03-01", "interval": "15m",
                 "indicators": {"ema_fast": 12, "ema_slow": 26}, "strategy": {"type": "ema-cross"}}""";
        HttpResponse<byte[]> r;
        try (PipelineRuntime app = TestApp.longLived(root, Map.of("app.api.port", Integer.toString(port),
                "app.api.runs-dir", runs.toString()))) {
            ApiClient api = new ApiClient(port).checkedAgainstOpenApi();
            r = api.post("/walk-forward", "application/json", "{\"config\": " + config
                    + ", \"grid\": {\"ema_fast\": [5, 10], \"ema_slow\": \"20,40\"}, \"train\": \"14d\", \"test\": \"7d\"}");
            assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
            JsonNode body = json(r);
            assertThat(body.path("folds").size()).isEqualTo(4);
            assertThat(body.path("folds").get(0).path("test_start").asText()).isEqualTo("2024-01-29T00:00:00Z");
            assertThat(body.path("rank_by").asText()).isEqualTo("sharpe");
            String id = body.path("id").asText();
            assertThat(id).matches("walkforward-[0-9a-f]{12}");
            HttpResponse<byte[]> csv = api.get(body.path("links").path("folds.csv").asText());
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.body()).isEqualTo(Files.readAllBytes(runs.resolve(id).resolve("folds.csv")));
            assertThat(text(api.get("/walk-forward/" + id + "/report.html"))).contains("<html");

            // the same request through the bean (the CLI's path) lands in the same folder with the same bytes
            byte[] served = Files.readAllBytes(runs.resolve(id).resolve("folds.csv"));
            BacktestConfig cfg = BacktestConfig.parse("""
                    start: 2024-01-15
                    end: 2024-03-01
                    interval: 15m
                    indicators: {ema_fast: 12, ema_slow: 26}
                    strategy: {type: ema-cross}
                    output_dir: %s
                    """.formatted(runs));
            WalkForwardSummary cli = new BacktestService(store, "test").walkForward(new WalkForwardRequest(cfg,
                    List.of("ema_fast=5,10", "ema_slow=20,40"), new WalkForwardFolds(Duration.ofDays(14),
                            Duration.ofDays(7), Duration.ofDays(7), false), "sharpe", 1));
            assertThat(cli.folder().getFileName().toString()).isEqualTo(id);
            assertThat(cli.folder().resolve("folds.csv")).hasBinaryContent(served);

            HttpResponse<byte[]> tooLong = api.post("/walk-forward", "application/json", "{\"config\": " + config
                    + ", \"grid\": {\"ema_fast\": [5]}, \"train\": \"40d\", \"test\": \"7d\"}");
            assertThat(tooLong.statusCode()).isEqualTo(400);
            assertThat(json(tooLong).path("key").asText()).isEqualTo("train");
            assertThat(json(tooLong).path("detail").asText()).contains("do not fit");
            HttpResponse<byte[]> typo = api.post("/walk-forward", "application/json", "{\"config\": " + config
                    + ", \"grid\": {\"ema_fats\": [5]}, \"train\": \"14d\", \"test\": \"7d\"}");
            assertThat(typo.statusCode()).isEqualTo(400);
            assertThat(json(typo).path("key").asText()).isEqualTo("grid.ema_fats");
            HttpResponse<byte[]> noTest = api.post("/walk-forward", "application/json", "{\"config\": " + config
                    + ", \"grid\": {\"ema_fast\": [5]}, \"train\": \"14d\", \"tset\": \"7d\"}");
            assertThat(noTest.statusCode()).isEqualTo(400);
            assertThat(json(noTest).path("detail").asText()).contains("unknown key 'tset'", "did you mean test?");
            assertThat(api.get("/walk-forward/" + id + "/equity.parquet").statusCode()).isEqualTo(404);
            assertThat(api.get("/walk-forward/walkforward-000000000000/folds.csv").statusCode()).isEqualTo(404);
            assertThat(api.get("/walk-forward/..%2F..%2Fetc/folds.csv").statusCode()).isEqualTo(404);
        }
    }
}
