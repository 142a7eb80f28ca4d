package llm;

import static org.assertj.core.api.Assertions.assertThat;

import backtest.AccountSnapshot;
import features.Bars;
import features.FeatureFrame;
import features.FeatureSpec;
import features.GapPolicy;
import features.Interval;
import features.indicators.IndicatorSpec;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Edges of the LLM client, breaker, settings, parser and prompt template through their public calls: the exact
 * jittered backoff, which statuses are retried and how they are named, an interrupted wait, the latency and raw body
 * recorded, the breaker's exact reopening time, the API key from the environment, answers that are not objects, and
 * templates and seven-day texts at their edges.
 */
class LlmEdgesTest {
    private static final String OK = Answers.content("{\"action\":\"BUY\",\"size_pct\":0.5,\"note\":\"x\"}");
    private final LlmSettings settings = LlmSettings.defaults().with(Map.of("retries", 3, "backoff_ms", 100,
            "max_backoff_ms", 300, "deadline_ms", 10_000, "breaker_failures", 2, "breaker_open_ms", 1000,
            "api_key_env", ""));
    private final List<Long> slept = new ArrayList<>();
    private final long[] now = {0};
    private final CircuitBreaker breaker = new CircuitBreaker(2, 1000, () -> now[0]);

    /** Always the top of the range asked for: the jitter at its largest. */
    private static final RandomGenerator HIGHEST = new RandomGenerator() {
        @Override
        public long nextLong() {
            return Long.MAX_VALUE;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    private LlmClient client(Deque<LlmPort.Reply> script, LlmClient.Sleeper sleeper) {
        LlmPort port = call -> script.isEmpty() ? LlmPort.Reply.text(200, OK, null) : script.poll();
        return new LlmClient(port, settings, new CircuitBreaker(100, 1000, () -> now[0]), sleeper, HIGHEST);
    }

    private LlmClient client(LlmPort.Reply... replies) {
        return client(new ArrayDeque<>(List.of(replies)), slept::add);
    }

    private static LlmRequest request() {
        return LlmRequest.of(LlmSettings.defaults(), "decision-v1", "p");
    }

    @Test
    void the_backoff_doubles_up_to_its_cap_and_its_jitter_reaches_the_full_value() {
        var down = LlmPort.Reply.transport("connection");
        LlmOutcome o = client(down, down, down).decide(request());
        assertThat(o.fallbackReason()).isNull();
        // 100, 200, then 400 capped at 300: each its upper half plus the largest jitter, so the whole value
        assertThat(slept).containsExactly(100L, 200L, 300L);
    }

    @Test
    void status_500_and_408_are_retried_as_http_5xx_and_timeout() {
        LlmOutcome retried = client(LlmPort.Reply.text(500, "oops", null), LlmPort.Reply.text(408, "", null))
                .decide(request());
        assertThat(retried.fallbackReason()).isNull();
        assertThat(retried.attempts()).isEqualTo(3);
        var e500 = LlmPort.Reply.text(500, "oops", null);
        LlmOutcome failed = client(e500, e500, e500, e500).decide(request());
        assertThat(failed.fallbackReason()).isEqualTo("http_5xx");
        assertThat(failed.raw()).isEqualTo("oops");
        var e408 = LlmPort.Reply.text(408, "slow", null);
        assertThat(client(e408, e408, e408, e408).decide(request()).fallbackReason()).isEqualTo("timeout");
        assertThat(client(LlmPort.Reply.text(499, "", null)).decide(request()).attempts()).isEqualTo(1);
    }

    @Test
    void an_error_body_is_kept_whole_as_the_raw_text() {
        LlmOutcome o = client(LlmPort.Reply.text(401, "{\"error\":\"no key\"}", null)).decide(request());
        assertThat(o.fallbackReason()).isEqualTo("http_4xx");
        assertThat(o.raw()).isEqualTo("{\"error\":\"no key\"}");
        assertThat(client(LlmPort.Reply.transport("connection"), LlmPort.Reply.text(404, null, null)).decide(request())
                .raw()).isNull();
    }

    @Test
    void an_interrupted_wait_ends_the_decision_with_the_last_reason_and_keeps_the_interrupt() {
        LlmOutcome o = client(new ArrayDeque<>(List.of(LlmPort.Reply.transport("connection"))), ms -> {
            throw new InterruptedException();
        }).decide(request());
        try {
            assertThat(o.fallbackReason()).isEqualTo("connection");
            assertThat(o.attempts()).isEqualTo(1);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted(); // clear it for the next test
        }
    }

    @Test
    void the_latency_is_the_decisions_own_time_in_milliseconds() {
        LlmPort slow = call -> {
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return LlmPort.Reply.text(200, OK, null);
        };
        long t0 = System.nanoTime();
        LlmOutcome o = new LlmClient(slow, settings, breaker, slept::add, HIGHEST).decide(request());
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(o.latencyMs()).isBetween(30L, elapsedMs);
        LlmOutcome failed = new LlmClient(call -> {
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return LlmPort.Reply.text(400, "", null);
        }, settings, breaker, slept::add, HIGHEST).decide(request());
        assertThat(failed.latencyMs()).isGreaterThanOrEqualTo(30L);
    }

    @Test
    void the_breaker_lets_a_probe_through_exactly_when_its_pause_ends() {
        CircuitBreaker b = new CircuitBreaker(2, 1000, () -> now[0]);
        now[0] = 500;
        b.failure();
        assertThat(b.open()).isFalse();
        assertThat(b.allow()).isTrue();
        b.failure();
        assertThat(b.open()).isTrue();
        now[0] = 1499;
        assertThat(b.allow()).isFalse();
        now[0] = 1500;
        assertThat(b.allow()).isTrue();
        assertThat(b.allow()).as("one probe only").isFalse();
        b.success();
        assertThat(b.open()).isFalse();
        // opened at time 0 for no time at all: open until 0, still open
        CircuitBreaker zero = new CircuitBreaker(1, 0, () -> 0);
        zero.failure();
        assertThat(zero.open()).isTrue();
    }

    @Test
    void the_api_key_is_read_from_the_named_variable_when_it_is_set() {
        String home = System.getenv("HOME");
        assertThat(home).isNotBlank();
        assertThat(LlmSettings.defaults().with(Map.of("api_key_env", "HOME")).apiKey()).isEqualTo(home);
        assertThat(LlmSettings.defaults().with(Map.of("api_key_env", "KLINE_NO_SUCH_VARIABLE_42")).apiKey()).isNull();
        assertThat(LlmSettings.defaults().with(Map.of("api_key_env", " ")).apiKey()).isNull();
        List<LlmPort.Call> calls = new ArrayList<>();
        LlmSettings withKey = settings.with(Map.of("api_key_env", "HOME"));
        new LlmClient(call -> {
            calls.add(call);
            return LlmPort.Reply.text(200, OK, null);
        }, withKey, breaker, slept::add, HIGHEST).decide(request());
        assertThat(calls.get(0).apiKey()).isEqualTo(home);
        assertThat(calls.get(0).toString()).isEqualTo("Call[" + withKey.completionsUrl() + ", "
                + calls.get(0).body().length() + " chars, bearer ***]").doesNotContain(home);
        assertThat(new LlmPort.Call("u", "abc", null, 1, 1, 1).toString()).isEqualTo("Call[u, 3 chars]");
    }

    @Test
    void a_body_or_an_answer_that_is_not_an_object_is_refused() {
        assertThat(ResponseParser.parse("[1, 2]").reason()).isEqualTo("invalid_json");
        assertThat(ResponseParser.parse("null").reason()).isEqualTo("invalid_json");
        assertThat(ResponseParser.parse(null).reason()).isEqualTo("invalid_json");
        assertThat(ResponseParser.parse(Answers.content("[\"BUY\"]")).reason()).isEqualTo("schema:object");
        assertThat(ResponseParser.parse(Answers.content("0.5")).reason()).isEqualTo("schema:object");
        assertThat(ResponseParser.parse(Answers.content("```\n```")).reason()).isEqualTo("invalid_json");
        assertThat(ResponseParser.parse(Answers.content("```\n```")).content()).isEqualTo("```\n```");
    }

    private static FeatureFrame frame() {
        long t0 = Instant.parse("2024-01-10T00:00:00Z").toEpochMilli();
        Bars b = new Bars(Interval.M15, 1);
        b.add(t0, 100, 101, 99, 100.5, 2.5, 250, 10, 1, 100, (byte) 0);
        return new FeatureFrame(new FeatureSpec(Interval.M15, IndicatorSpec.parse("rsi"), GapPolicy.FFILL), b,
                Map.of("rsi", new double[] {55}));
    }

    @Test
    void a_template_may_start_with_a_placeholder_and_the_seven_day_text_is_stripped() {
        PromptBuilder p = new PromptBuilder("file:x", "{{symbol}}|{{seven_day}}|{{rows}}{{interval}}");
        AccountSnapshot a = AccountSnapshot.mark(0, 100, 5000, 0.5, 90, 0, 0);
        Instant asOf = Instant.parse("2024-01-10T00:15:00Z");
        assertThat(p.render("BTCUSDT", asOf, "15m", frame(), "\n  seven days \t\n", a))
                .isEqualTo("BTCUSDT|seven days|115m");
        assertThat(p.render("BTCUSDT", asOf, "15m", frame(), " \n\t ", a)).isEqualTo("BTCUSDT||115m");
        assertThat(p.render("BTCUSDT", asOf, "15m", frame(), "", a)).isEqualTo("BTCUSDT||115m");
        assertThat(p.version()).isEqualTo("file:x");
        assertThat(new PromptBuilder("file:y", "{{features}}{{account}}").render("X", asOf, "15m", frame(), "", a))
                .isEqualTo("ts,open,high,low,close,volume,rsi\n2024-01-10T00:00:00Z,100,101,99,100.5,2.5,55\n"
                        + "equity 5050, cash 5000, position 0.5 BTC, average entry price 90, unrealised PnL 5, "
                        + "realised PnL 0, drawdown 0.00%");
    }
}
