package api;

import static api.ApiClient.json;
import static api.ApiClient.problem;
import static api.ApiClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backfill.BackfillBusyException;
import backfill.BackfillRequest;
import backfill.VisionFile;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import support.Await;
import support.FakeBinance;
import support.TestApp;

/**
 * POST /backfill and GET /backfill over real HTTP against the running service and WireMock serving Binance Vision: a
 * run starts in the background (202), a second request while it runs is 409 - the timer's route is refused too (one
 * guard) - the status shows its progress, then the last run's summary; bad requests are 400 naming the parameter.
 */
class ApiBackfillIT {
    private static final String NOW = "2025-02-03T10:00:00Z";
    @TempDir
    Path root;

    @Test
    void a_backfill_runs_in_the_background_one_at_a_time_and_reports_its_summary() throws Exception {
        try (FakeBinance binance = new FakeBinance(root.resolve("binance"), 31)) {
            byte[] march = binance.publishMonth(YearMonth.of(2024, 3), List.of());
            binance.publishMonth(YearMonth.of(2024, 4), List.of());
            // March's archive dribbles in over 3 s: the run is still going while the next requests come
            binance.serveZip(VisionFile.month("BTCUSDT", YearMonth.of(2024, 3)),
                    FakeBinance.ok().withBody(march).withChunkedDribbleDelay(20, 3_000));
            int port = ApiClient.freePort();
            try (PipelineRuntime app = TestApp.longLived(root, Map.of("app.api.port", Integer.toString(port),
                    "app.clock.fixed", NOW, "app.backfill.base-url", binance.baseUrl(),
                    "app.backfill.http.response-timeout-ms", "20000", "app.api.backfill-max-months", "24"))) {
                ApiClient api = new ApiClient(port).checkedAgainstOpenApi();
                assertThat(json(api.get("/backfill")).path("status").asText()).isEqualTo("idle");

                HttpResponse<byte[]> started = api.post("/backfill?from=2024-03&to=2024-04", null, "");
                assertThat(started.statusCode()).as(text(started)).isEqualTo(202);
                assertThat(started.headers().firstValue("Location")).hasValue("/backfill");
                JsonNode view = json(started);
                assertThat(view.path("status").asText()).isEqualTo("running");
                assertThat(view.path("current").path("source").asText()).isEqualTo("api");
                assertThat(view.path("current").path("from").asText()).isEqualTo("2024-03");
                assertThat(view.path("current").path("to").asText()).isEqualTo("2024-04");

                JsonNode busy = problem(api.post("/backfill?months=1", null, ""), 409);
                assertThat(busy.path("detail").asText()).contains("2024-03..2024-04");
                assertThatThrownBy(() -> app.backfill(new BackfillRequest("BTCUSDT", YearMonth.of(2024, 3),
                        YearMonth.of(2024, 3), null, null, null), null)) // the timer's and the CLI's route
                        .isInstanceOf(BackfillBusyException.class);
                Await.until("progress: 2 archives planned", Duration.ofSeconds(30), () -> {
                    JsonNode running = json(api.get("/backfill"));
                    return running.path("status").asText().equals("running")
                            && running.path("current").path("progress").path("planned").asInt() == 2
                            && running.path("current").path("progress").path("file").asText().startsWith("BTCUSDT-1m-2024-0");
                });

                JsonNode[] last = new JsonNode[1];
                Await.until("the backfill finishing", Duration.ofSeconds(60), () -> {
                    last[0] = json(api.get("/backfill"));
                    return last[0].path("status").asText().equals("idle");
                });
                JsonNode done = last[0].path("last");
                assertThat(done.path("source").asText()).isEqualTo("api");
                assertThat(done.path("ok").asBoolean()).as(done.toString()).isTrue();
                assertThat(done.path("downloaded").asLong()).isEqualTo(2);
                assertThat(done.path("failed").asLong()).isZero();
                assertThat(done.path("bytes").asLong()).isPositive();
                assertThat(done.path("rows_added").asLong()).isEqualTo(31L * 1440 + 30L * 1440);
                assertThat(done.path("summary").asText()).startsWith("backfill: 2 downloaded");
                assertThat(done.path("finished_at").asText()).isNotEmpty();
                assertThat(done.path("files").size()).isEqualTo(2);
                assertThat(app.lastStoredMinute().toString()).isEqualTo("2024-04-30T23:59:00Z");

                // idle again: the next run may start; this one finds both months up to date
                assertThat(api.post("/backfill?from=2024-03&to=2024-04", null, "").statusCode()).isEqualTo(202);
                Await.until("the second run finishing", Duration.ofSeconds(60),
                        () -> json(api.get("/backfill")).path("status").asText().equals("idle"));
                JsonNode second = json(api.get("/backfill")).path("last");
                assertThat(second.path("up_to_date").asLong()).isEqualTo(2);
                assertThat(second.path("rows_added").asLong()).isZero();
            }
        }
    }

    @Test
    void bad_backfill_requests_are_400_problems_naming_the_parameter() throws Exception {
        int port = ApiClient.freePort();
        try (PipelineRuntime app = TestApp.longLived(root, Map.of("app.api.port", Integer.toString(port),
                "app.clock.fixed", NOW, "app.backfill.base-url", "http://127.0.0.1:9", "app.api.backfill-max-months", "24"))) {
            ApiClient api = new ApiClient(port).checkedAgainstOpenApi();
            Map<String, String> bad = new java.util.LinkedHashMap<>();
            bad.put("months=-1", "months");
            bad.put("months=24", "months");
            bad.put("months=x", "months");
            bad.put("months=1&from=2024-01", "months");
            bad.put("from=2025-03", "from");
            bad.put("from=2024-05&to=2024-04", "from");
            bad.put("from=2020-01&to=2024-04", "from");
            bad.put("from=2024-1", "from");
            bad.put("to=1999-12", "to");
            bad.put("symbol=ETHUSDT", "symbol");
            bad.forEach((q, parameter) -> {
                JsonNode p = problem(api.post("/backfill?" + q, null, ""), 400);
                assertThat(p.path("parameter").asText()).as(q + " -> " + p).isEqualTo(parameter);
            });
            problem(api.send("POST", "/backfill", "application/json", "{\"months\": 1}".getBytes(StandardCharsets.UTF_8),
                    null), 400);
            assertThat(problem(api.get("/backfill?x=1"), 400).path("parameter").asText()).isEqualTo("x");
            assertThat(api.send("DELETE", "/backfill", null, null, null).statusCode()).isEqualTo(405);
            assertThat(json(api.get("/backfill")).path("status").asText()).isEqualTo("idle"); // nothing started
        }
    }
}
