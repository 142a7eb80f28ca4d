package replay;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import backtest.config.BacktestConfig;
import backtest.run.RunSummary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import gen.BinanceArchive;
import gen.KlineGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import support.TestApp;

/**
 * {@code app.record.routes}: a backtest and an LLM day (WireMock as the model) through the real routes are written as
 * JSON lines under {@code exports/exchanges/<route>/}, with input, headers, output and timing, and no secret.
 */
class RecordingIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path root;
    static WireMockServer llm;
    static Path exports;

    @BeforeAll
    static void record() throws Exception {
        llm = new WireMockServer(options().dynamicPort().notifier(new com.github.tomakehurst.wiremock.common.ConsoleNotifier(false)));
        llm.start();
        llm.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(ReplayFixtures.answer("BUY"))));
        exports = root.resolve("exports");
        try (PipelineRuntime app = TestApp.oneShot(root, ReplayFixtures.settings(root, llm, "backtest,llm-decide"))) {
            Path in = Files.createDirectories(root.resolve("in"));
            Path csv = in.resolve("BTCUSDT-1m-2024-01.csv");
            new KlineGenerator(7).writeMonth(YearMonth.of(2024, 1), csv, List.of());
            assertThat(app.ingest(BinanceArchive.zipWithChecksum(csv, in), false).ok()).isTrue();
            app.backtest(ReplayFixtures.emaCross(root));
            app.backtest(ReplayFixtures.llmDay(root, "api_key_env: HOME"));
        }
    }

    @AfterAll
    static void stop() {
        llm.stop();
    }

    static List<JsonNode> lines(String route) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(exports.resolve("exchanges").resolve(route))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    out.add(JSON.readTree(line));
                }
            }
        }
        return out;
    }

    @Test
    void a_backtest_is_one_line_with_its_config_yaml_and_summary() throws Exception {
        List<JsonNode> lines = lines("backtest");
        assertThat(lines).hasSize(2);
        JsonNode first = lines.get(0);
        assertThat(first.get("route").asText()).isEqualTo("backtest");
        assertThat(first.get("time").asText()).endsWith("Z");
        assertThat(first.get("millis").asLong()).isNotNegative();
        assertThat(first.at("/input/type").asText()).isEqualTo("backtest-config");
        BacktestConfig back = BacktestConfig.parse(first.at("/input/yaml").asText());
        assertThat(back.toYaml()).isEqualTo(ReplayFixtures.emaCross(root).toYaml());
        assertThat(first.at("/output/body/type").asText()).isEqualTo(RunSummary.class.getName());
        assertThat(first.at("/output/body/json/runId").asText()).isNotEmpty();
    }

    @Test
    void llm_attempts_record_prompt_headers_status_and_answer() throws Exception {
        List<JsonNode> lines = lines("llm-decide");
        assertThat(lines).hasSize(2); // two hourly decisions
        for (JsonNode l : lines) {
            assertThat(l.at("/input/type").asText()).isEqualTo("text");
            assertThat(JSON.readTree(l.at("/input/text").asText()).get("model").asText()).isEqualTo("test-model");
            assertThat(l.at("/headers/llmUrl/text").asText()).isEqualTo(llm.baseUrl() + "/v1/chat/completions");
            assertThat(l.at("/output/status").asInt()).isEqualTo(200);
            assertThat(l.at("/output/body/text").asText()).contains("BUY");
        }
    }

    @Test
    void the_bearer_token_is_never_written() throws Exception {
        String token = System.getenv("HOME");
        try (Stream<Path> files = Files.walk(exports.resolve("exchanges"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f);
                assertThat(text).doesNotContain("llmApiKey").doesNotContain("Bearer").doesNotContain("Authorization");
                if (token != null && token.length() > 3) {
                    assertThat(text).doesNotContain("\"" + token + "\"").doesNotContain("Bearer " + token);
                }
            }
        }
        assertThat(llm.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlEqualTo("/v1/chat/completions"))).get(0).getHeader("Authorization")).startsWith("Bearer ");
    }
}
