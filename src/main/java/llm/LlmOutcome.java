package llm;

import backtest.Decision;

/**
 * What one LLM decision came to: the decision (HOLD when it failed), the fallback reason (null on success; one of
 * {@code timeout, http_5xx, rate_limited, http_4xx, connection, response_too_large, invalid_encoding, invalid_json,
 * schema:<field>, truncated, refusal, empty, circuit_open}), HTTP attempts, latency of the whole decision, tokens, the model's raw text (or the HTTP
 * body when it was not a chat answer), the request hash and whether it came from the cache (attempts and latency
 * are then those recorded when it was first asked).
 */
public record LlmOutcome(Decision decision, String fallbackReason, int attempts, long latencyMs, long tokensIn,
                         long tokensOut, String raw, String requestHash, boolean cacheHit) {

    public static LlmOutcome of(ResponseParser.Parsed p, int attempts, long latencyMs, String hash, boolean cacheHit) {
        Decision d = p.decision() != null ? p.decision() : fallback(p.reason());
        return new LlmOutcome(d, p.reason(), attempts, latencyMs, p.tokensIn(), p.tokensOut(), p.content(), hash,
                cacheHit);
    }

    public static LlmOutcome failed(String reason, int attempts, long latencyMs, String raw, String hash) {
        return new LlmOutcome(fallback(reason), reason, attempts, latencyMs, 0, 0, raw, hash, false);
    }

    static Decision fallback(String reason) {
        return Decision.hold("llm fallback: " + reason);
    }

    public boolean failed() {
        return fallbackReason != null;
    }
}
