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
        LlmPort port = call -> script.isEmpty() ? LlmPort.Reply.text(200, Answers.content(
                "{\"action\":\"BUY\",\"size_pct\":0.5,\"note\":\"x\"}"), null) : script.poll();
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
        LlmOutcome o = client(script(LlmPort.Reply.transport("connection"), LlmPort.Reply.text(502, "", null),
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
        var r = LlmPort.Reply.text(503, "down", null);
        LlmOutcome o = client(script(r, r, r, r, r)).decide(request());
        assertThat(o.fallbackReason()).isEqualTo("http_5xx");
        assertThat(o.attempts()).isEqualTo(4);
        assertThat(o.decision().action()).isEqualTo(backtest.Action.HOLD);
    }

    @Test
    void retry_after_is_honoured_and_never_past_the_deadline() {
        LlmOutcome o = client(script(LlmPort.Reply.text(429, "", "2"))).decide(request());
        assertThat(o.fallbackReason()).isNull();
        assertThat(slept).containsExactly(2000L);
        slept.clear();
        LlmOutcome late = client(script(LlmPort.Reply.text(429, "", "11"))).decide(request());
        assertThat(late.fallbackReason()).isEqualTo("rate_limited");
        assertThat(late.attempts()).isEqualTo(1);
        assertThat(slept).isEmpty();
    }

    @Test
    void other_client_errors_end_at_once() {
        LlmOutcome o = client(script(LlmPort.Reply.text(401, "no key", null))).decide(request());
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
            return LlmPort.Reply.text(200, Answers.content("{\"action\":\"BUY\",\"size_pct\":0.5,\"note\":\"x\"}"),
                    null);
        };
        LlmOutcome o = new LlmClient(late, settings.with(Map.of("deadline_ms", 1_000)), breaker, slept::add,
                RandomGenerator.of("L64X128MixRandom")).decide(request());
        assertThat(o.fallbackReason()).isEqualTo("timeout");
        assertThat(o.decision().action()).isEqualTo(backtest.Action.HOLD);
        assertThat(o.attempts()).isEqualTo(1);
    }

    @Test
    void a_body_longer_than_the_cap_is_refused_and_only_a_prefix_kept() {
        LlmSettings capped = settings.with(Map.of("max_response_bytes", 10_000));
        List<LlmPort.Call> calls = new ArrayList<>();
        byte[] cut = new byte[10_001]; // what the port hands back of a longer body: cap + 1 bytes
        java.util.Arrays.fill(cut, (byte) 'x');
        LlmPort port = call -> {
            calls.add(call);
            return new LlmPort.Reply(200, cut, null, null);
        };
        LlmOutcome o = new LlmClient(port, capped, breaker, slept::add, RandomGenerator.of("L64X128MixRandom"))
                .decide(request());
        assertThat(calls).extracting(LlmPort.Call::maxBodyBytes).containsExactly(10_000L);
        assertThat(o.fallbackReason()).isEqualTo("response_too_large");
        assertThat(o.attempts()).isEqualTo(1); // not retried
        assertThat(o.decision().action()).isEqualTo(backtest.Action.HOLD);
        assertThat(o.raw()).startsWith("xxxx").hasSizeLessThan(LlmClient.RAW_PREFIX_BYTES + 100)
                .endsWith("[... cut: longer than max_response_bytes 10000]");
        assertThat(DecisionCache.cacheable(o)).isFalse();
    }

    @Test
    void a_body_of_exactly_the_cap_is_read() {
        String answer = Answers.content("{\"action\":\"BUY\",\"size_pct\":0.5,\"note\":\"x\"}");
        LlmSettings capped = settings.with(Map.of("max_response_bytes", answer.length()));
        LlmOutcome o = new LlmClient(call -> LlmPort.Reply.text(200, answer, null), capped, breaker, slept::add,
                RandomGenerator.of("L64X128MixRandom")).decide(request());
        assertThat(o.fallbackReason()).isNull();
        assertThat(o.decision().action()).isEqualTo(backtest.Action.BUY);
    }

    @Test
    void an_over_long_error_page_keeps_its_status_reason_and_only_a_prefix() {
        byte[] page = new byte[(1 << 20) + 1];
        java.util.Arrays.fill(page, (byte) '<');
        LlmOutcome o = client(script(new LlmPort.Reply(503, page, null, null), new LlmPort.Reply(503, page, null, null),
                new LlmPort.Reply(503, page, null, null), new LlmPort.Reply(503, page, null, null))).decide(request());
        assertThat(o.fallbackReason()).isEqualTo("http_5xx");
        assertThat(o.raw()).hasSizeLessThan(LlmClient.RAW_PREFIX_BYTES + 100);
    }

    @Test
    void an_answer_that_is_not_utf8_is_refused_not_repaired() {
        byte[] body = Answers.content("{\"action\":\"BUY\",\"size_pct\":0.5,\"note\":\"t~st\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '~') {
                body[i] = (byte) 0xC3; // a lead byte without its continuation
            }
        }
        LlmOutcome o = client(script(new LlmPort.Reply(200, body, null, null))).decide(request());
        assertThat(o.fallbackReason()).isEqualTo("invalid_encoding");
        assertThat(o.decision().action()).isEqualTo(backtest.Action.HOLD);
        assertThat(o.attempts()).isEqualTo(1);
        assertThat(o.raw()).contains("t\uFFFDst"); // the log shows where
        assertThat(DecisionCache.cacheable(o)).isFalse();
        assertThat(LlmClient.strictUtf8("größe €".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo("größe €");
    }

    @Test
    void max_response_bytes_must_be_positive() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> settings.with(Map.of("max_response_bytes", 0)))
                .hasMessageContaining("max_response_bytes");
    }

    @Test
    void repeated_client_errors_open_the_breaker() {
        var unauthorized = LlmPort.Reply.text(401, "{\"error\":\"invalid api key\"}", null);
        LlmClient c = client(script(unauthorized, unauthorized, unauthorized));
        assertThat(c.decide(request()).fallbackReason()).isEqualTo("http_4xx");
        assertThat(c.decide(request()).fallbackReason()).isEqualTo("http_4xx");
        LlmOutcome refused = c.decide(request());
        assertThat(refused.fallbackReason()).isEqualTo("circuit_open");
        assertThat(refused.attempts()).isZero();
        assertThat(breaker.open()).isTrue();
    }

    @Test
    void a_deadline_spent_while_waiting_to_retry_ends_as_timeout_without_another_attempt() {
        List<LlmPort.Call> calls = new ArrayList<>();
        LlmPort down = call -> {
            calls.add(call);
            return LlmPort.Reply.text(503, "down", null);
        };
        LlmClient.Sleeper oversleeps = ms -> Thread.sleep(ms + 1_100); // a suspended or starved process
        LlmOutcome o = new LlmClient(down, settings.with(Map.of("deadline_ms", 1_000)), breaker, oversleeps,
                RandomGenerator.of("L64X128MixRandom")).decide(request());
        assertThat(o.fallbackReason()).isEqualTo("timeout");
        assertThat(o.attempts()).isEqualTo(1);
        assertThat(calls).hasSize(1);
        assertThat(o.decision().action()).isEqualTo(backtest.Action.HOLD);
    }

    @Test
    void retry_after_as_an_http_date_waits_until_then_and_a_past_date_not_at_all() {
        java.time.ZonedDateTime in5s = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(5);
        String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(in5s); // second precision
        assertThat(LlmClient.retryAfterMs(date)).isBetween(3_000L, 5_000L);
        assertThat(LlmClient.retryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT")).isZero();
        LlmOutcome o = client(script(LlmPort.Reply.text(429, "", date))).decide(request());
        assertThat(o.fallbackReason()).isNull();
        assertThat(slept).singleElement().satisfies(ms -> assertThat(ms).isBetween(3_000L, 5_000L));
    }

    @Test
    void retry_after_reads_seconds_and_ignores_garbage() {
        assertThat(LlmClient.retryAfterMs("3")).isEqualTo(3000);
        assertThat(LlmClient.retryAfterMs("soon")).isZero();
        assertThat(LlmClient.retryAfterMs(null)).isZero();
    }
}
