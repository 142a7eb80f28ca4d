package llm;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.random.RandomGenerator;

/**
 * One decision's conversation with the server through an {@link LlmPort}: the circuit breaker first, then attempts
 * with exponential backoff and jitter on {@code timeout}, {@code connection}, 5xx ({@code http_5xx}) and 429
 * ({@code rate_limited}), honouring Retry-After (seconds or HTTP date) but never past the decision's deadline; other
 * 4xx ({@code http_4xx}) end at once. Each attempt is bounded in total time by the response timeout or the deadline
 * left, whichever is less (the port closes the connection there), so a silent or trickling server cannot hold a
 * decision past its deadline; an answer that still arrives after the deadline is not applied ({@code timeout}).
 * A 200 is parsed by {@link ResponseParser}; a bad answer is not retried (the same prompt at temperature 0 gives the
 * same answer). A body longer than {@code max_response_bytes} is never read whole (the port stops one byte past the
 * cap): a 200 with one is {@code response_too_large}, and of any such body only a short prefix is kept for the log.
 * A 200 is decoded as strict UTF-8: a malformed byte sequence is {@code invalid_encoding}, never replaced and applied.
 * Failed calls count against the breaker, 4xx included (a bad key would otherwise cost a doomed request per
 * decision); any 200 resets it.
 */
public final class LlmClient {
    /** Bytes of an over-long body kept for the decision log. */
    static final int RAW_PREFIX_BYTES = 2048;

    /** Waits; tests pass a recording fake. */
    public interface Sleeper {
        void sleep(long ms) throws InterruptedException;
    }

    private final LlmPort port;
    private final LlmSettings settings;
    private final CircuitBreaker breaker;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    public LlmClient(LlmPort port, LlmSettings settings) {
        this(port, settings, new CircuitBreaker(settings.breakerFailures(), settings.breakerOpenMs(),
                System::currentTimeMillis), Thread::sleep, RandomGenerator.getDefault());
    }

    public LlmClient(LlmPort port, LlmSettings settings, CircuitBreaker breaker, Sleeper sleeper, RandomGenerator random) {
        this.port = port;
        this.settings = settings;
        this.breaker = breaker;
        this.sleeper = sleeper;
        this.random = random;
    }

    public LlmOutcome decide(LlmRequest request) {
        String hash = request.hash();
        long t0 = System.nanoTime();
        long deadline = t0 + settings.deadlineMs() * 1_000_000;
        if (!breaker.allow()) {
            return LlmOutcome.failed("circuit_open", 0, 0, null, hash);
        }
        String body = request.toJson();
        int attempts = 0;
        String reason;
        String raw = null;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                reason = "timeout";
                break;
            }
            attempts++;
            long bound = Math.min(settings.responseTimeoutMs(), left);
            LlmPort.Reply r = port.post(new LlmPort.Call(settings.completionsUrl(), body, settings.apiKey(),
                    Math.min(settings.connectTimeoutMs(), bound), bound, settings.maxResponseBytes()));
            if (r.status() == 200 && System.nanoTime() - deadline > 0) {
                reason = "timeout"; // too late, whatever it says
                break;
            }
            if (r.status() == 200) {
                breaker.success();
                return answer(r.body(), attempts, ms(t0), hash);
            }
            reason = reason(r);
            raw = raw(r.body());
            boolean retryable = r.status() == 0 || r.status() >= 500 || r.status() == 429 || r.status() == 408;
            if (!retryable || attempts > settings.retries()) {
                break;
            }
            long wait = Math.max(backoff(attempts), retryAfterMs(r.retryAfter()));
            if (System.nanoTime() + wait * 1_000_000 >= deadline) {
                break; // the server asks for longer than we have: give up now, not at the deadline
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        breaker.failure(); // a 4xx too: a bad key or model fails every decision alike
        return LlmOutcome.failed(reason, attempts, ms(t0), raw, hash);
    }

    /** A 200's body: refused unread past the cap, refused when not UTF-8, else parsed. Not retried either way. */
    private LlmOutcome answer(byte[] body, int attempts, long latencyMs, String hash) {
        if (tooLarge(body)) {
            return LlmOutcome.failed("response_too_large", attempts, latencyMs, raw(body), hash);
        }
        String text = strictUtf8(body);
        if (text == null) {
            return LlmOutcome.failed("invalid_encoding", attempts, latencyMs, raw(body), hash);
        }
        return LlmOutcome.of(ResponseParser.parse(text), attempts, latencyMs, hash, false);
    }

    static String reason(LlmPort.Reply r) {
        if (r.status() == 0) {
            return r.failure();
        }
        if (r.status() == 429) {
            return "rate_limited";
        }
        if (r.status() == 408) {
            return "timeout";
        }
        return r.status() >= 500 ? "http_5xx" : "http_4xx";
    }

    private boolean tooLarge(byte[] body) {
        return body != null && body.length > settings.maxResponseBytes();
    }

    /** The body decoded as UTF-8, or null when it is not well-formed UTF-8 (JSON text is UTF-8: RFC 8259). */
    static String strictUtf8(byte[] body) {
        if (body == null) {
            return "";
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** A body as text for the log (malformed bytes shown as U+FFFD): whole when within the cap, else its first {@link #RAW_PREFIX_BYTES} bytes and a note. */
    private String raw(byte[] body) {
        if (body == null) {
            return null;
        }
        if (!tooLarge(body)) {
            return new String(body, StandardCharsets.UTF_8);
        }
        return new String(body, 0, Math.min(body.length, RAW_PREFIX_BYTES), StandardCharsets.UTF_8)
                + " [... cut: longer than max_response_bytes " + settings.maxResponseBytes() + "]";
    }

    /** backoff x 2^(attempt-1), capped, then "equal jitter": a random point in its upper half. */
    long backoff(int attempt) {
        long full = Math.min(settings.maxBackoffMs(), settings.backoffMs() << Math.min(20, attempt - 1));
        return full / 2 + (full > 1 ? random.nextLong(full / 2 + 1) : 0);
    }

    /** Retry-After in ms: delta-seconds or an HTTP date; 0 when absent or unreadable. */
    static long retryAfterMs(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim())) * 1000;
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(java.time.Instant.now(), at.toInstant()).toMillis());
            } catch (RuntimeException bad) {
                return 0;
            }
        }
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
