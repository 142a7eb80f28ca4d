package cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.Test;

/** {@code backtest check-bias}: a built-in passes (exit 0), the JSON form, and bad options refused in one line. */
class CheckBiasCommandTest extends CliTestBase {

    @Test
    void a_built_in_passes_prints_every_run_and_refuses_bad_options_in_one_line() throws Exception {
        assertThat(run("generate", "--month", "2024-01", "--seed", "8", "--out", root.resolve("g").toString())).isZero();
        assertThat(run("ingest", root.resolve("g/BTCUSDT-1m-2024-01.zip").toString())).isZero();
        Path cfg = Files.writeString(root.resolve("bias.yaml"), """
                start: 2024-01-15
                end: 2024-01-25
                interval: 15m
                indicators: {ema_fast: 12, ema_slow: 26}
                strategy: {type: ema-cross}
                output_dir: %s
                """.formatted(root.resolve("bt").toString().replace("\\", "/")));
        out.reset();
        assertThat(run("backtest", "check-bias", "--config", cfg.toString(), "--cuts", "4")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("check-bias ema-cross 2024-01-15T00:00:00Z..2024-01-25T00:00:00Z: 960 bars",
                "look-ahead (4 truncated runs against the full run)", "  2x ", "  1/2 ", "  1/4 ", "  none ",
                "the declared warm-up is enough", "verdict: PASS");
        assertThat(root.resolve("bt")).as("nothing written").doesNotExist();

        out.reset();
        assertThat(run("backtest", "check-bias", "--config", cfg.toString(), "--cuts", "2", "--json", "-")).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> json = new ObjectMapper().readValue(out.toString(), Map.class);
        assertThat(json).containsEntry("verdict", "PASS").containsEntry("passed", true).containsEntry("bars", 960);
        assertThat((java.util.List<?>) json.get("cuts")).hasSizeBetween(1, 2);

        assertThat(refused(2, "backtest", "check-bias", "--config", cfg.toString(), "--cuts", "0"))
                .isEqualTo("kline-pipeline backtest check-bias: --cuts must be from 1 to 100, got 0 (see kline-pipeline backtest check-bias --help)");
        Path empty = Files.writeString(root.resolve("empty.yaml"), Files.readString(cfg)
                .replace("2024-01-15", "2023-05-01").replace("2024-01-25", "2023-05-10"));
        assertThat(refused(2, "backtest", "check-bias", "--config", empty.toString()))
                .contains("no bars stored between 2023-05-01T00:00:00Z and 2023-05-10T00:00:00Z");
    }

    /**
     * An llm strategy: the truncated runs ask the same prompts again (answered from the decision cache), and the
     * warm-up variants compare indicators only - no LLM call beyond the window's own decisions.
     */
    @Test
    void an_llm_strategy_is_checked_with_one_llm_call_per_decision() throws Exception {
        assertThat(run("generate", "--month", "2024-01", "--seed", "9", "--out", root.resolve("g").toString())).isZero();
        assertThat(run("ingest", root.resolve("g/BTCUSDT-1m-2024-01.zip").toString())).isZero();
        WireMockServer llm = new WireMockServer(com.github.tomakehurst.wiremock.core.WireMockConfiguration.options()
                .dynamicPort().notifier(new com.github.tomakehurst.wiremock.common.ConsoleNotifier(false)));
        llm.start();
        try {
            llm.stubFor(WireMock.post(WireMock.urlEqualTo("/v1/chat/completions")).willReturn(WireMock.okJson(
                    "{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                    + "\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":"
                    + "\"{\\\"action\\\":\\\"HOLD\\\",\\\"size_pct\\\":0,\\\"note\\\":\\\"wait\\\"}\"}}],"
                    + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5}}")));
            Path cfg = Files.writeString(root.resolve("llm-bias.yaml"), """
                    start: 2024-01-20
                    end: 2024-01-21
                    interval: 1h
                    indicators: {ema_fast: 12, ema_slow: 26}
                    strategy:
                      type: llm
                      decision_every: 1h
                      window: 4
                      llm: {base_url: 'http://127.0.0.1:%d/v1', retries: 0, cache_dir: '%s'}
                    output_dir: %s
                    """.formatted(llm.port(), root.resolve("llm-cache").toString().replace("\\", "/"),
                    root.resolve("bt").toString().replace("\\", "/")));
            out.reset();
            assertThat(run("backtest", "check-bias", "--config", cfg.toString(), "--cuts", "4")).as(err.toString())
                    .isZero();
            assertThat(out.toString()).contains("check-bias llm(", "24 bars, 24 decisions",
                    "decisions not compared (an llm strategy is not asked again)", "verdict: PASS");
            assertThat(llm.countRequestsMatching(WireMock.postRequestedFor(WireMock.urlEqualTo("/v1/chat/completions"))
                    .build()).getCount()).as("one call per decision of the window, the rest from the cache").isEqualTo(24);
        } finally {
            llm.stop();
        }
    }
}
