package api;

import static api.ApiClient.json;
import static api.ApiClient.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import support.TestApp;

/**
 * The dashboard's two resources over HTTP (no browser: {@link DashboardBrowserIT} drives the page): the page with its
 * no-fetch policy, the config file as the user has it, the guard's 405/404/400 around them, and the window the runs
 * list now shows for each run.
 */
class DashboardIT {
    @TempDir
    Path root;

    @Test
    void serves_the_page_and_the_config_file_and_refuses_other_methods_and_paths() throws Exception {
        TestApp.ingestGeneratedMonths(root, 7, YearMonth.of(2024, 1));
        int port = ApiClient.freePort();
        try (PipelineRuntime app = TestApp.longLived(root, Map.of("app.api.port", Integer.toString(port)))) {
            ApiClient api = new ApiClient(port).checkedAgainstOpenApi();
            HttpResponse<byte[]> page = api.get("/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(ApiClient.type(page)).startsWith("text/html");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(DashboardApi.CSP);
            String html = new String(page.body(), StandardCharsets.UTF_8);
            assertThat(html).contains("<title>kline-pipeline dashboard</title>").doesNotContain("src=")
                    .doesNotContain("https://").doesNotContain("@import");

            HttpResponse<byte[]> config = api.get("/dashboard/config");
            assertThat(config.statusCode()).isEqualTo(200);
            assertThat(ApiClient.type(config)).startsWith("application/yaml");
            assertThat(config.body()).isEqualTo(Files.readAllBytes(Path.of(DashboardApi.CONFIG)));

            HttpResponse<byte[]> post = api.post("/", "application/yaml", "x: 1");
            problem(post, 405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET");
            problem(api.delete("/dashboard/config"), 405);
            problem(api.get("/dashboard"), 404);
            problem(api.get("/backtests/%2E%2E"), 404); // the router's / but not the page's
            problem(api.get("/x/.."), 404);
            assertThat(problem(api.get("/?x=1"), 400).path("parameter").asText()).isEqualTo("x");
            assertThat(api.get("/openapi.json").statusCode()).isEqualTo(200);
            assertThat(json(api.get("/openapi.json")).path("paths").has("/")).isTrue();

            HttpResponse<byte[]> r = api.post("/backtests", "application/yaml", """
                    start: 2024-01-02
                    end: 2024-01-20
                    interval: 1h
                    strategy: {type: ema-cross}
                    """);
            String id = json(r).path("id").asText();
            api.awaitStatus(id, Duration.ofSeconds(60), "done");
            assertThat(json(api.get("/backtests")).path("items").get(0).path("window").toString())
                    .isEqualTo("{\"start\":\"2024-01-02T00:00:00Z\",\"end\":\"2024-01-20T00:00:00Z\"}");
            assertThat(json(api.get("/backtests/" + id)).path("window").path("end").asText()).isEqualTo("2024-01-20T00:00:00Z");
        }
    }

    @Test
    void a_service_folder_without_the_config_file_answers_404() {
        DashboardApi dashboard = new DashboardApi(root.resolve("configs/backtest.yaml"));
        assertThatThrownBy(() -> dashboard.config(null)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.problem().status()).isEqualTo(404));
    }
}
