package api;

import static api.ApiClient.json;
import static api.ApiClient.problem;
import static api.ApiClient.text;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import support.Await;
import support.TestApp;

/**
 * Jobs through the API with a slow LLM (WireMock answering HOLD after 150 ms per decision): progress, a full queue,
 * cancelling queued and running jobs, a failing job beside good ones, and a restart that resumes the queue.
 */
class ApiJobsIT {
    @TempDir
    static Path root;
    static WireMockServer llm;
    static Path runs;
    PipelineRuntime app;
    ApiClient api;

    @BeforeAll
    static void data() throws Exception {
        TestApp.ingestGeneratedMonths(root, 21, YearMonth.of(2024, 1));
        runs = root.resolve("data/backtests");
        llm = new WireMockServer(options().dynamicPort().notifier(new com.github.tomakehurst.wiremock.common.ConsoleNotifier(false)));
        llm.start();
        llm.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(hold()).withFixedDelay(150)));
    }

    @AfterAll
    static void stopLlm() {
        llm.stop();
    }

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    private static String hold() {
        var root = ApiClient.JSON.createObjectNode();
        var choice = root.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", "{\"action\":\"HOLD\",\"size_pct\":0,\"note\":\"wait\"}");
        root.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5);
        return root.toString();
    }

    private void start(int queue) throws Exception {
        int port = ApiClient.freePort();
        Map<String, String> s = new HashMap<>(Map.of("app.api.port", Integer.toString(port),
                "app.api.runs-dir", runs.toString(), "app.api.workers", "1", "app.api.queue", Integer.toString(queue),
                "app.llm.base-url", llm.baseUrl() + "/v1", "app.llm.model", "test-model",
                "app.llm.cache-dir", root.resolve("llm-cache").toString(), "app.llm.response-timeout-ms", "5000"));
        app = TestApp.longLived(root, s);
        api = new ApiClient(port).checkedAgainstOpenApi();
    }

    /** An LLM run deciding every hour from {@code day} 00:00 for {@code hours} hours (one decision per hour). */
    private static String slow(int day, int hours, int window) {
        return """
                start: 2024-01-%02dT00:00:00Z
                end: 2024-01-%02dT%02d:00:00Z
                interval: 1h
                strategy: {type: llm, decision_every: 1h, window: %d, llm: {model: test-model}}
                """.formatted(day, day + hours / 24, hours % 24, window);
    }

    private String submit(String yaml, int status) {
        HttpResponse<byte[]> r = api.post("/backtests", "application/yaml", yaml);
        assertThat(r.statusCode()).as(text(r)).isEqualTo(status);
        return json(r).path("id").asText();
    }

    private static List<Path> folders() throws Exception {
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(runs)) {
            return s.toList();
        }
    }

    @Test
    void progress_a_full_queue_and_cancelling_queued_and_running_jobs() throws Exception {
        start(1);
        String a = submit(slow(10, 48, 4), 202);
        JsonNode[] seen = new JsonNode[1];
        Await.until("a running with bars done", Duration.ofSeconds(30), () -> {
            seen[0] = json(api.get("/backtests/" + a));
            return seen[0].path("status").asText().equals("running") && seen[0].path("progress").path("bars_done").asInt() > 2;
        });
        assertThat(seen[0].path("progress").path("phase").asText()).isEqualTo("running");
        assertThat(seen[0].path("progress").path("bars_total").asInt()).isEqualTo(48);
        assertThat(seen[0].path("started_at").asText()).isNotEmpty();

        String b = submit(slow(10, 48, 5), 202);
        assertThat(json(api.get("/backtests/" + b)).path("status").asText()).isEqualTo("queued");
        HttpResponse<byte[]> full = api.post("/backtests", "application/yaml", slow(10, 48, 6));
        assertThat(problem(full, 429).path("type").asText()).endsWith("queue-full");
        assertThat(Long.parseLong(full.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3600L);

        HttpResponse<byte[]> cancelB = api.delete("/backtests/" + b);
        assertThat(cancelB.statusCode()).isEqualTo(200);
        assertThat(json(cancelB).path("status").asText()).isEqualTo("cancelled");
        HttpResponse<byte[]> cancelA = api.delete("/backtests/" + a);
        assertThat(cancelA.statusCode()).as(text(cancelA)).isIn(200, 202);
        assertThat(api.awaitStatus(a, Duration.ofSeconds(10), "cancelled", "done").path("status").asText())
                .isEqualTo("cancelled");
        problem(api.delete("/backtests/" + a), 409);
        problem(api.get("/backtests/" + a + "/report"), 409);
        assertThat(folders()).noneMatch(f -> f.getFileName().toString().startsWith(a) || f.getFileName().toString().startsWith(b));
        assertThat(json(api.get("/backtests?status=cancelled")).path("items")).extracting(i -> i.path("id").asText())
                .contains(a, b);

        String again = submit(slow(10, 48, 4), 202); // a cancelled config runs again when posted again
        assertThat(again).isEqualTo(a);
        api.delete("/backtests/" + a);
        api.awaitStatus(a, Duration.ofSeconds(10), "cancelled", "done");
    }

    @Test
    void a_failing_job_fails_alone_with_its_problem_and_the_service_goes_on() throws Exception {
        start(4);
        String failing = submit("""
                start: 2024-01-20
                end: 2024-02-10
                interval: 1h
                strategy: {type: ema-cross}
                """, 202); // February is not stored: the run refuses the window's coverage
        String good = submit("""
                start: 2024-01-20
                end: 2024-02-01
                interval: 1h
                strategy: {type: ema-cross}
                """, 202);
        JsonNode failed = api.awaitStatus(failing, Duration.ofSeconds(60), "failed", "done");
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("error").path("type").asText()).endsWith("invalid-config");
        assertThat(failed.path("error").path("key").asText()).isEqualTo("data.min_coverage");
        assertThat(failed.path("links").has("report")).isFalse();
        assertThat(api.awaitStatus(good, Duration.ofSeconds(60), "failed", "done").path("status").asText()).isEqualTo("done");
        assertThat(api.get("/observe/health/live").statusCode()).isEqualTo(200);
        assertThat(submit("""
                start: 2024-01-20
                end: 2024-02-10
                interval: 1h
                strategy: {type: ema-cross}
                """, 202)).isEqualTo(failing); // a failed config is run again when posted again
        api.awaitStatus(failing, Duration.ofSeconds(60), "failed", "done");
    }

    @Test
    void a_restart_resumes_the_queue_and_the_interrupted_job() throws Exception {
        start(4);
        String a = submit(slow(15, 12, 4), 202);
        String b = submit(slow(15, 12, 5), 202);
        Await.until("a running", Duration.ofSeconds(30), () -> json(api.get("/backtests/" + a)).path("status").asText()
                .equals("running"));
        app.close(); // a goes back to the queue, b waits on disk
        app = null;
        Path jobs = root.resolve("data/api/jobs");
        assertThat(ApiClient.JSON.readTree(jobs.resolve(a + ".json").toFile()).path("status").asText()).isEqualTo("queued");
        assertThat(ApiClient.JSON.readTree(jobs.resolve(b + ".json").toFile()).path("status").asText()).isEqualTo("queued");
        start(4);
        assertThat(api.awaitStatus(a, Duration.ofSeconds(60), "done", "failed").path("status").asText()).isEqualTo("done");
        assertThat(api.awaitStatus(b, Duration.ofSeconds(60), "done", "failed").path("status").asText()).isEqualTo("done");
        assertThat(runs.resolve(a).resolve("report.html")).exists();
        assertThat(runs.resolve(b).resolve("report.html")).exists();
    }
}
