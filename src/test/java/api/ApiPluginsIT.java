package api;

import static api.ApiClient.json;
import static api.ApiClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import backtest.plugin.StrategyRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import support.Await;
import support.PluginJars;
import support.TestApp;

/**
 * The service with {@code app.plugins.dir}: the example plug-in is in the OpenAPI enum of the strategy filter, runs
 * through POST /backtests and is swept over its own parameters through POST /sweeps; a plug-in failing on a bar fails
 * that job with the plug-in and the bar named.
 */
class ApiPluginsIT {
    @TempDir
    static Path root;

    @AfterAll
    static void builtInsAgain() {
        StrategyRegistry.useDir(""); // the next test in this JVM sees the built-ins only (its settings bind them anyway)
    }

    @Test
    void a_plugin_runs_and_sweeps_through_the_api() throws Exception {
        TestApp.ingestGeneratedMonths(root, 23, YearMonth.of(2024, 1));
        Path plugins = Files.createDirectories(root.resolve("plugins"));
        PluginJars.build(PluginJars.exampleProject(), plugins.resolve("bollinger.jar"));
        PluginJars.build(Map.of("flaky/Flaky.java", """
                package flaky;
                import backtest.*;
                import backtest.plugin.*;
                public final class Flaky implements StrategyPlugin {
                    public String name() { return "flaky"; }
                    public Strategy create(PluginParams p) {
                        return new Strategy() {
                            public Decision decide(DecisionContext ctx) {
                                if (ctx.index() == 3) throw new IllegalStateException("boom");
                                return Decision.HOLD;
                            }
                            public String name() { return "flaky"; }
                        };
                    }
                }
                """), Map.of("META-INF/services/backtest.plugin.StrategyPlugin", "flaky.Flaky\n"),
                plugins.resolve("flaky.jar"));
        int port = ApiClient.freePort();
        try (PipelineRuntime app = TestApp.longLived(root, Map.of("app.api.port", Integer.toString(port),
                "app.api.runs-dir", root.resolve("data/backtests").toString(), "app.plugins.dir", plugins.toString()))) {
            ApiClient api = new ApiClient(port).checkedAgainstOpenApi();
            assertThat(text(api.get("/openapi.json"))).contains("\"bollinger\"");
            assertThat(api.get("/backtests?strategy=bollinger").statusCode()).isEqualTo(200);

            HttpResponse<byte[]> r = api.post("/backtests", "application/json", """
                    {"start": "2024-01-10", "end": "2024-01-20", "interval": "15m",
                     "strategy": {"type": "bollinger", "period": 20, "k": 2.0, "size_pct": 0.5}}""");
            assertThat(r.statusCode()).as(text(r)).isEqualTo(202);
            String id = json(r).path("id").asText();
            assertThat(id).startsWith("bollinger-");
            assertThat(api.awaitStatus(id, Duration.ofSeconds(90), "done", "failed").path("status").asText())
                    .isEqualTo("done");

            HttpResponse<byte[]> bad = api.post("/backtests", "application/json", """
                    {"start": "2024-01-10", "end": "2024-01-20", "interval": "15m",
                     "strategy": {"type": "bollinger", "period": 1}}""");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(text(bad)).contains("strategy.period: must be a whole number within [2, 1000], got 1");

            HttpResponse<byte[]> s = api.post("/sweeps", "application/json", """
                    {"config": {"start": "2024-01-10", "end": "2024-01-20", "interval": "15m",
                                "strategy": {"type": "bollinger"}},
                     "grid": {"period": [10, 20], "k": "1.5:2.5:1"}}""");
            assertThat(s.statusCode()).as(text(s)).isEqualTo(202);
            String sweep = json(s).path("id").asText();
            JsonNode[] last = new JsonNode[1];
            Await.until("sweep done", Duration.ofSeconds(90), () -> {
                last[0] = json(api.get("/sweeps/" + sweep));
                return List.of("done", "failed").contains(last[0].path("status").asText());
            });
            assertThat(last[0].path("status").asText()).as(last[0].toString()).isEqualTo("done");
            assertThat(last[0].toString()).contains("period");

            HttpResponse<byte[]> f = api.post("/backtests", "application/json", """
                    {"start": "2024-01-10", "end": "2024-01-20", "interval": "15m", "strategy": {"type": "flaky"}}""");
            assertThat(f.statusCode()).as(text(f)).isEqualTo(202);
            JsonNode failed = api.awaitStatus(json(f).path("id").asText(), Duration.ofSeconds(90), "done", "failed");
            assertThat(failed.path("status").asText()).isEqualTo("failed");
            assertThat(failed.toString()).contains("strategy plug-in 'flaky' failed (IllegalStateException: boom) at bar "
                    + "2024-01-10T00:45:00Z (row 3)");
        }
    }

    @Test
    void strategies_are_listed_and_a_posted_config_is_checked_for_bias() throws Exception {
        Path home = root.resolve("bias");
        TestApp.ingestGeneratedMonths(home, 29, YearMonth.of(2024, 1));
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        PluginJars.build(PluginJars.exampleProject(), plugins.resolve("bollinger.jar"));
        PluginJars.build(Map.of("peek/Peekers.java", support.PeekingPlugins.SOURCE),
                Map.of("META-INF/services/backtest.plugin.StrategyPlugin", support.PeekingPlugins.SERVICES),
                plugins.resolve("peekers.jar"));
        int port = ApiClient.freePort();
        try (PipelineRuntime app = TestApp.longLived(home, Map.of("app.api.port", Integer.toString(port),
                "app.api.runs-dir", home.resolve("data/backtests").toString(), "app.plugins.dir", plugins.toString()))) {
            ApiClient api = new ApiClient(port).checkedAgainstOpenApi();
            JsonNode list = json(api.get("/strategies"));
            List<String> names = new java.util.ArrayList<>();
            list.path("items").forEach(i -> names.add(i.path("name").asText()));
            assertThat(names).containsExactly("ema-cross", "rsi-threshold", "llm",
                    "replay", "bollinger", "peek-api", "peek-reflect", "peek-memory");
            JsonNode bollinger = list.path("items").get(4);
            assertThat(bollinger.path("source").asText()).isEqualTo("bollinger.jar");
            assertThat(bollinger.path("parameters").get(0).path("name").asText()).isEqualTo("period");
            assertThat(bollinger.path("parameters").get(0).path("min").asDouble()).isEqualTo(2.0);

            String window = "\"start\": \"2024-01-10\", \"end\": \"2024-01-20\", \"interval\": \"15m\"";
            HttpResponse<byte[]> pass = api.post("/check-bias?cuts=4", "application/json",
                    "{" + window + ", \"strategy\": {\"type\": \"bollinger\"}}");
            assertThat(pass.statusCode()).as(text(pass)).isEqualTo(200);
            assertThat(json(pass).path("verdict").asText()).isEqualTo("PASS");
            assertThat(json(pass).path("cuts").size()).isBetween(1, 4);

            HttpResponse<byte[]> peek = api.post("/check-bias", "application/yaml",
                    "start: 2024-01-10\nend: 2024-01-20\ninterval: 15m\nstrategy: {type: peek-reflect}\n");
            assertThat(peek.statusCode()).as(text(peek)).isEqualTo(200);
            assertThat(json(peek).path("verdict").asText()).isEqualTo("LOOK-AHEAD");
            assertThat(json(peek).path("first_finding").asText()).startsWith("decision at ");

            HttpResponse<byte[]> cuts = api.post("/check-bias?cuts=21", "application/json",
                    "{" + window + ", \"strategy\": {\"type\": \"bollinger\"}}");
            assertThat(cuts.statusCode()).isEqualTo(400);
            assertThat(json(cuts).path("parameter").asText()).isEqualTo("cuts");
            HttpResponse<byte[]> tooLong = api.post("/check-bias", "application/json", """
                    {"start": "2023-01-01", "end": "2024-03-01", "interval": "1m", "strategy": {"type": "ema-cross"}}""");
            assertThat(tooLong.statusCode()).isEqualTo(400);
            assertThat(json(tooLong).path("key").asText()).isEqualTo("end");
            assertThat(json(tooLong).path("detail").asText()).contains("at most 600,000");
            HttpResponse<byte[]> empty = api.post("/check-bias", "application/json", """
                    {"start": "2023-05-01", "end": "2023-05-03", "interval": "15m", "strategy": {"type": "ema-cross"}}""");
            assertThat(empty.statusCode()).isEqualTo(400);
            assertThat(json(empty).path("detail").asText()).contains("no bars stored between");
        }
    }
}
