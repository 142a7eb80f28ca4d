package api;

import static api.ApiClient.json;
import static api.ApiClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import support.Await;
import support.TestApp;

/**
 * Sweeps as jobs: progress in combinations while one runs, a second waiting behind it (one sweep worker) cancelled,
 * a stop of the service during a sweep queues it again on disk and the restarted service finishes it, a running
 * sweep cancelled leaves no folder.
 */
class ApiSweepJobsIT {
    @TempDir
    static Path root;
    static Path runs;
    PipelineRuntime app;
    ApiClient api;

    /** 1m bars over most of a month, a grid of 240 rsi-threshold combinations: seconds of work, progress seen. */
    static String slow(String sellAbove) {
        return """
                {"config": {"start": "2024-01-03", "end": "2024-01-31", "interval": "1m",
                            "strategy": {"type": "rsi-threshold", "decision_every": "1m"}},
                 "grid": {"rsi": [7, 14, 21], "buy_below": "10:48:2", "sell_above": "%s"}}""".formatted(sellAbove);
    }

    @BeforeAll
    static void data() throws Exception {
        TestApp.ingestGeneratedMonths(root, 23, YearMonth.of(2024, 1));
        runs = root.resolve("data/backtests");
    }

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    private void start() throws Exception {
        int port = ApiClient.freePort();
        app = TestApp.longLived(root, Map.of("app.api.port", Integer.toString(port), "app.api.runs-dir", runs.toString()));
        api = new ApiClient(port).checkedAgainstOpenApi();
    }

    private String submit(String body, int status) {
        HttpResponse<byte[]> r = api.post("/sweeps", "application/json", body);
        assertThat(r.statusCode()).as(text(r)).isEqualTo(status);
        return json(r).path("id").asText();
    }

    private JsonNode await(String id, String... states) {
        JsonNode[] last = new JsonNode[1];
        Await.until(id + " in " + String.join("|", states) + " (last: " + last[0] + ")", Duration.ofSeconds(180), () -> {
            last[0] = json(api.get("/sweeps/" + id));
            return List.of(states).contains(last[0].path("status").asText());
        });
        return last[0];
    }

    @Test
    void progress_cancel_and_a_restart_that_finishes_the_sweep() throws Exception {
        start();
        String a = submit(slow("60:80:5"), 202);
        String b = submit(slow("62:82:5"), 202);
        JsonNode[] seen = new JsonNode[1];
        Await.until("a running with combinations done", Duration.ofSeconds(60), () -> {
            seen[0] = json(api.get("/sweeps/" + a));
            return seen[0].path("status").asText().equals("running") && seen[0].path("progress").path("done").asInt() > 0;
        });
        System.out.println("sweep running: " + seen[0]);
        List<String> names = new ArrayList<>();
        seen[0].fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("id", "status", "progress", "ranked_by", "order", "combinations", "grid", "links");
        assertThat(seen[0].path("combinations").asInt()).isEqualTo(300);
        assertThat(seen[0].path("progress").path("total").asInt()).isEqualTo(300);
        assertThat(json(api.get("/sweeps/" + b)).path("status").asText()).isEqualTo("queued");
        assertThat(ApiClient.problem(api.get("/sweeps/" + a + "/ranking.csv"), 409).path("detail").asText())
                .contains("running");

        HttpResponse<byte[]> cancelled = api.delete("/sweeps/" + b);
        assertThat(cancelled.statusCode()).as(text(cancelled)).isEqualTo(200);
        assertThat(json(cancelled).path("status").asText()).isEqualTo("cancelled");

        app.close(); // a stop during the sweep: queued again on disk
        app = null;
        JsonNode file = ApiClient.JSON.readTree(root.resolve("data/api/sweeps").resolve(a + ".json").toFile());
        assertThat(file.path("status").asText()).isEqualTo("queued");
        assertThat(file.path("sweep").path("grid").toString()).contains("buy_below=10:48:2");
        assertThat(Files.exists(runs.resolve(a))).isFalse();

        start();
        JsonNode done = await(a, "done", "failed");
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("done");
        assertThat(done.path("ran").asInt()).isEqualTo(300);
        System.out.println("sweep timing: " + Files.readString(runs.resolve(a).resolve("sweep-timing.json")).replace("\n", ""));
        assertThat(done.path("ranking")).hasSize(20);
        assertThat(json(api.get("/sweeps/" + a + "?top=all")).path("ranking")).hasSize(300);
        assertThat(json(api.get("/sweeps/" + b)).path("status").asText()).isEqualTo("cancelled");

        assertThat(submit(slow("62:82:5"), 202)).as("a cancelled sweep posted again runs again").isEqualTo(b);
        Await.until("b running", Duration.ofSeconds(60),
                () -> json(api.get("/sweeps/" + b)).path("status").asText().equals("running"));
        HttpResponse<byte[]> stop = api.delete("/sweeps/" + b);
        assertThat(stop.statusCode()).as(text(stop)).isIn(200, 202);
        assertThat(await(b, "cancelled", "done").path("status").asText()).isEqualTo("cancelled");
        assertThat(Files.exists(runs.resolve(b))).isFalse();
    }
}
