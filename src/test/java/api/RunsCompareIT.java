package api;

import static api.ApiClient.json;
import static api.ApiClient.text;
import static api.ApiClient.type;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import support.TestApp;

/**
 * {@code GET /runs/compare?ids=...} over real HTTP on run folders made through the API: the JSON form (the same as
 * {@code runs compare --json}), the page with {@code Accept: text/html}, byte-identical on a repeat, and the refusals -
 * every answer checked against /openapi.json.
 */
class RunsCompareIT {
    @TempDir
    static Path root;
    static PipelineRuntime app;
    static ApiClient api;
    static String a;
    static String b;

    @BeforeAll
    static void start() throws Exception {
        TestApp.ingestGeneratedMonths(root, 11, YearMonth.of(2024, 1));
        int port = ApiClient.freePort();
        app = TestApp.longLived(root, Map.of("app.api.port", Integer.toString(port), "app.api.runs-dir",
                root.resolve("data/backtests").toString()));
        api = new ApiClient(port).checkedAgainstOpenApi();
        a = run("start: 2024-01-05\nend: 2024-02-01\ninterval: 1h\nindicators: {ema_fast: 12, ema_slow: 26}\n"
                + "strategy: {type: ema-cross}\n");
        b = run("start: 2024-01-05\nend: 2024-02-01\ninterval: 1h\nindicators: {ema_fast: 6, ema_slow: 26}\n"
                + "strategy: {type: ema-cross, size_pct: 0.5}\n");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static String run(String yaml) {
        HttpResponse<byte[]> r = api.post("/backtests", "application/yaml", yaml);
        assertThat(r.statusCode()).as(text(r)).isIn(200, 202);
        String id = json(r).path("id").asText();
        assertThat(api.awaitStatus(id, Duration.ofSeconds(60), "done", "failed").path("status").asText()).isEqualTo("done");
        return id;
    }

    @Test
    void compares_runs_as_json_and_as_one_self_contained_page() throws Exception {
        HttpResponse<byte[]> r = api.get("/runs/compare?ids=" + a + "," + b);
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        JsonNode c = json(r);
        assertThat(c.path("runs").get(0).path("id").asText()).isEqualTo(a);
        assertThat(c.path("runs").get(1).path("metrics").path("sharpe").isNumber()).isTrue();
        assertThat(c.path("differing").toString()).contains("indicators.ema_fast", "strategy.size_pct")
                .doesNotContain("\"start\"");
        assertThat(c.path("params").path("indicators.ema_fast").toString()).isEqualTo("[\"12\",\"6\"]");
        assertThat(api.get("/runs/compare?ids=" + a + "," + b).body()).isEqualTo(r.body());
        // the CLI's JSON form (runs compare --json) says the same (the API leaves null members out, as everywhere)
        JsonNode cli = ApiClient.JSON.readTree(runs.RunComparison.of(new runs.RunIndex(root.resolve("data/backtests")),
                java.util.List.of(a, b)).jsonText());
        assertThat(cli.get("params")).isEqualTo(c.get("params"));
        assertThat(cli.get("differing")).isEqualTo(c.get("differing"));
        assertThat(cli.get("runs").get(1).get("metrics").get("sharpe")).isEqualTo(c.get("runs").get(1).get("metrics").get("sharpe"));

        HttpResponse<byte[]> page = api.get("/runs/compare?ids=" + b + "," + a, "text/html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(type(page)).startsWith("text/html");
        assertThat(text(page)).contains("<svg class=\"chart\"", "data-name=\"" + a + "\"", "<tr class=\"diff\">")
                .doesNotContain("http://", "https://");
        assertThat(api.get("/runs/compare?ids=" + b + "," + a, "text/html").body()).isEqualTo(page.body());
    }

    @Test
    void refuses_unknown_ids_and_bad_queries_with_a_problem_naming_them() {
        HttpResponse<byte[]> unknown = api.get("/runs/compare?ids=" + a + ",ema-cross-ffffffffffff");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(text(unknown)).contains("ema-cross-ffffffffffff", "ids");
        assertThat(api.get("/runs/compare?ids=..%2F..%2Fetc").statusCode()).isEqualTo(404);
        assertThat(api.get("/runs/compare").statusCode()).isEqualTo(400);
        assertThat(api.get("/runs/compare?ids=" + a + "," + a).statusCode()).isEqualTo(400);
        assertThat(api.get("/runs/compare?ids=" + (a + ",").repeat(21) + a).statusCode()).isEqualTo(400);
        HttpResponse<byte[]> unknownParam = api.get("/runs/compare?ids=" + a + "&sort=x");
        assertThat(unknownParam.statusCode()).isEqualTo(400);
        assertThat(text(unknownParam)).contains("sort");
        assertThat(api.post("/runs/compare", "application/json", "{}").statusCode()).isEqualTo(405);
        assertThat(api.get("/runs").statusCode()).isEqualTo(404);
    }
}
