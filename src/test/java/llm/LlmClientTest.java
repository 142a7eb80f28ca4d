package llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Retry, backoff, Retry-After and breaker rules with a scripted port and a recording sleeper (no real waits). */
class LlmClientTest {
    private final LlmSettings settings = LlmSettings.defaults().with(Map.of("retries", 3, "backoff_ms", 100,
            "max_backoff_ms", 300, "deadline_ms", 10_000, "breaker_failures", 2, "breaker_open_ms", 1000,
            "api_key_env", ""));
    private final List<Long> slept = new ArrayList<>();
    private final long[] now = {0};
    private final CircuitBreaker breaker = new CircuitBreaker(2, 1000, () -> now[0]);

    private LlmClient client(Deque<LlmPort.Reply> script) {
        LlmPort port = call -> script.isEmpty() ? new LlmPort.Reply(200, Answers.content(
                "{\"action\":\"BUY\",\"size_pct\":0.5,\"note\":\"x\"}"), null, null) : script.poll();
        return new LlmClient(port, settings, breaker, slept::add, RandomGenerator.of("L64X128MixRandom"));
    }

    private static LlmRequest request() {
        return LlmRequest.of(LlmSettings.defaults(), "decision-v1", "p");
    }

    private static Deque<LlmPort.Reply> script(LlmPort.Reply... replies) {
        return new ArrayDeque<>(List.of(replies));
    }

    @Test
    void retries_transient_failures_with_growing_jittered_backoff() {
        LlmOutcome o = client(script(LlmPort.Reply.transport("connection"), new LlmPort.Reply(502, "", null, null),
                LlmPort.Reply.transport("timeout"))).decide(request());
        assertThat(o.fallbackReason()).isNull();
        assertThat(o.attempts()).isEqualTo(4);
        assertThat(slept).hasSize(3);
        assertThat(slept.get(0)).isBetween(50L, 100L);
        assertThat(slept.get(1)).isBetween(100L, 200L);
        assertThat(slept.get(2)).isBetween(150L, 300L); // capped at max_backoff_ms
    }

    @Test
    void gives_up_after_the_retries_with_the_last_reason() {
        var r = new LlmPort.Reply(503, "down", null, null);
        LlmOutcome o = client(script(r, r, r, r, r)).decide(request());
        assertThat(o.fallbackReason()).isEqualTo("http_5xx");
        assertThat(o.attempts()).isEqualTo(4);
        assertThat(o.decision().action()).isEqualTo(backtest.Action.HOLD);
    }

    @Test
    void retry_after_is_honoured_and_never_past_the_deadline() {
        LlmOutcome o = client(script(new LlmPort.Reply(429, "", "2", null))).decide(request());
        assertThat(o.fallbackReason()).isNull();
        assertThat(slept).containsExactly(2000L);
        slept.clear();
        LlmOutcome late = client(script(new LlmPort.Reply(429, "", "11", null))).decide(request());
        assertThat(late.fallbackReason()).isEqualTo("rate_limited");
        assertThat(late.attempts()).isEqualTo(1);
        assertThat(slept).isEmpty();
    }

    @Test
    void other_client_errors_end_at_once() {
        LlmOutcome o = client(script(new LlmPort.Reply(401, "no key", null, null))).decide(request());
        assertThat(o.fallbackReason()).isEqualTo("http_4xx");
        assertThat(o.attempts()).isEqualTo(1);
    }

    @Test
    void breaker_opens_after_failed_decisions_and_probes_after_its_pause() {
        var down = LlmPort.Reply.transport("connection");
        LlmClient c = client(script(java.util.Collections.nCopies(12, down).toArray(LlmPort.Reply[]::new))); // 3 x 4 attempts
        assertThat(c.decide(request()).fallbackReason()).isEqualTo("connection");
        assertThat(c.decide(request()).fallbackReason()).isEqualTo("connection");
        LlmOutcome refused = c.decide(request());
        assertThat(refused.fallbackReason()).isEqualTo("circuit_open");
        assertThat(refused.attempts()).isZero();
        now[0] = 1000; // pause over: one probe (with its retries); it fails
        assertThat(c.decide(request()).fallbackReason()).isEqualTo("connection");
        assertThat(c.decide(request()).fallbackReason()).isEqualTo("circuit_open");
        now[0] = 2000; // probe succeeds (script exhausted: 200) and closes the breaker
        assertThat(c.decide(request()).fallbackReason()).isNull();
        assertThat(breaker.open()).isFalse();
    }

    @Test
    void each_attempt_is_bounded_by_the_response_timeout_or_the_deadline_left_whichever_is_less() {
        List<LlmPort.Call> calls = new ArrayList<>();
        LlmPort timesOut = call -> {
            calls.add(call);
            return LlmPort.Reply.transport("timeout");
        };
        LlmSettings longTimeout = settings.with(Map.of("response_timeout_ms", 60_000, "connect_timeout_ms", 5_000,
                "deadline_ms", 3_000, "retries", 0));
        new LlmClient(timesOut, longTimeout, breaker, slept::add, RandomGenerator.of("L64X128MixRandom")).decide(request());
        assertThat(calls.get(0).timeoutMs()).isBetween(2_000L, 3_000L); // the deadline left, not 60 s
        assertThat(calls.get(0).connectTimeoutMs()).isEqualTo(calls.get(0).timeoutMs());
        calls.clear();
        LlmSettings shortTimeout = settings.with(Map.of("response_timeout_ms", 1_000, "connect_timeout_ms", 400,
                "deadline_ms", 10_000, "retries", 0));
        new LlmClient(timesOut, shortTimeout, breaker, slept::add, RandomGenerator.of("L64X128MixRandom")).decide(request());
        assertThat(calls.get(0).timeoutMs()).isEqualTo(1_000);
        assertThat(calls.get(0).connectTimeoutMs()).isEqualTo(400);
    }

    @Test
    void an_answer_arriving_after_the_deadline_is_not_applied() {
        LlmPort late = call -> {
            try {
                Thread.sleep(1_200); // a port that overstays its bound
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return new LlmPort.Reply(200, Answers.content("{\"action\":\"BUY\",\"size_pct\":0.5,\"note\":\"x\"}"),
                    null, null);
        };
        LlmOutcome o = new LlmClient(late, settings.with(Map.of("deadline_ms", 1_000)), breaker, slept::add,
                RandomGenerator.of("L64X128MixRandom")).decide(request());
        assertThat(o.fallbackReason()).isEqualTo("timeout");
        assertThat(o.decision().action()).isEqualTo(backtest.Action.HOLD);
        assertThat(o.attempts()).isEqualTo(1);
    }

    @Test
    void retry_after_reads_seconds_and_ignores_garbage() {
        assertThat(LlmClient.retryAfterMs("3")).isEqualTo(3000);
        assertThat(LlmClient.retryAfterMs("soon")).isZero();
        assertThat(LlmClient.retryAfterMs(null)).isZero();
    }
}
