package llm;

import static org.assertj.core.api.Assertions.assertThat;

import backtest.Action;
import backtest.Decision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code llm} metrics block over hand-made outcomes: latency percentiles count only the decisions that reached
 * the server (at least one attempt); a decision the open breaker answered (no attempt) is a fallback, not a latency.
 */
class LlmRunStatsTest {
    @Test
    void a_decision_without_an_attempt_adds_no_latency() {
        LlmOutcome asked = new LlmOutcome(new Decision(Action.BUY, 0.5, "up"), null, 1, 120, 1000, 20, "{}", "h1",
                false);
        LlmOutcome breakerOpen = LlmOutcome.failed("circuit_open", 0, 0, null, "h2");
        Map<String, Object> m = LlmRunStats.of(List.of(breakerOpen, asked, breakerOpen), LlmSettings.defaults());
        assertThat(m.get("decisions")).isEqualTo(3);
        assertThat(m.get("llm_calls")).isEqualTo(1L);
        assertThat(m.get("recorded_attempts")).isEqualTo(1L);
        assertThat(m.get("fallbacks")).isEqualTo(2);
        assertThat(m.get("fallbacks_by_reason")).isEqualTo(Map.of("circuit_open", 2));
        assertThat(m.get("latency_ms_p50")).isEqualTo(120L);
        assertThat(m.get("latency_ms_p95")).isEqualTo(120L);

        Map<String, Object> none = LlmRunStats.of(List.of(breakerOpen), LlmSettings.defaults());
        assertThat(none.get("latency_ms_p50")).isNull();
        assertThat(none.get("latency_ms_p95")).isNull();
    }
}
