package replay;

import backtest.config.BacktestConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Configs and a fake model answer shared by the recording and replay tests. */
final class ReplayFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplayFixtures() {
    }

    static Map<String, String> settings(Path root, WireMockServer llm, String routes) {
        Map<String, String> m = new HashMap<>();
        m.put("app.llm.base-url", llm.baseUrl() + "/v1");
        m.put("app.llm.model", "test-model");
        m.put("app.llm.response-timeout-ms", "5000");
        m.put("app.llm.connect-timeout-ms", "2000");
        m.put("app.llm.retries", "0");
        m.put("app.exports.dir", root.resolve("exports").toString());
        m.put("app.record.routes", routes);
        return m;
    }

    static BacktestConfig emaCross(Path root) {
        return BacktestConfig.parse("""
                symbol: BTCUSDT
                start: 2024-01-02
                end: 2024-01-20
                interval: 15m
                initial_cash: 10000
                fee_rate: 0.001
                slippage_bps: 2
                indicators: {ema_fast: 12, ema_slow: 26, rsi: 14}
                strategy: {type: ema-cross, decision_every: 1h, size_pct: 0.5}
                output_dir: %s
                """.formatted(root.resolve("runs-ema")));
    }

    /** Two hourly LLM decisions (2024-01-10 00:00 and 01:00), no cache (every decision asks the model). */
    static BacktestConfig llmDay(Path root, String llmExtra) {
        return BacktestConfig.parse("""
                symbol: BTCUSDT
                start: 2024-01-10T00:00:00Z
                end: 2024-01-10T02:00:00Z
                interval: 1h
                initial_cash: 10000
                fee_rate: 0.001
                slippage_bps: 2
                strategy: {type: llm, decision_every: 1h, window: 4, llm: {cache_dir: '%s'%s}}
                output_dir: %s
                """.formatted(root.resolve("llm-cache"), llmExtra.isEmpty() ? "" : ", " + llmExtra,
                root.resolve("runs-llm")));
    }

    /** An OpenAI-style chat completion whose content is a decision. */
    static String answer(String action) {
        ObjectNode d = JSON.createObjectNode().put("action", action).put("size_pct", 0.5).put("note", "test");
        ObjectNode root = JSON.createObjectNode();
        root.putArray("choices").addObject().put("finish_reason", "stop").putObject("message")
                .put("role", "assistant").put("content", d.toString());
        root.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 20);
        return root.toString();
    }
}
