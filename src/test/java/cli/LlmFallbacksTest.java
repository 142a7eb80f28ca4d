package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmFallbacksTest {
    @TempDir
    Path run;

    private void metrics(String llmBlock) throws Exception {
        Files.writeString(run.resolve("metrics.json"), "{\"total_return\": 0.1" + (llmBlock == null ? "" : ", \"llm\": "
                + llmBlock) + "}");
    }

    @Test
    void a_warning_only_when_more_than_half_fell_back() throws Exception {
        metrics("{\"decisions\": 4, \"fallbacks\": 2, \"fallbacks_by_reason\": {\"invalid_json\": 1, \"timeout\": 1}}");
        assertThat(LlmFallbacks.lines(run)).containsExactly(
                "  llm fallbacks                2 of 4 decisions: invalid_json 1, timeout 1");
        metrics("{\"decisions\": 4, \"fallbacks\": 3, \"fallbacks_by_reason\": {\"timeout\": 3}}");
        assertThat(LlmFallbacks.lines(run)).hasSize(2).last().asString()
                .startsWith("WARNING: 3 of 4 LLM decisions (75%) fell back to HOLD (timeout 3)");
        metrics("{\"decisions\": 4, \"fallbacks\": 0, \"fallbacks_by_reason\": {}}");
        assertThat(LlmFallbacks.lines(run)).containsExactly("  llm fallbacks                0 of 4 decisions");
    }

    @Test
    void nothing_for_other_strategies() throws Exception {
        metrics(null);
        assertThat(LlmFallbacks.lines(run)).isEmpty();
    }
}
