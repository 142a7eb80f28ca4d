package llm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How to reach and use an OpenAI-compatible chat-completions server. Defaults (see {@link #defaults()}) target a
 * local Ollama. The API key is never held here: only the NAME of the environment variable that holds it
 * ({@link #apiKeyEnv}), read at call time by {@link #apiKey()}, so neither toString() nor any log can show it.
 *
 * @param baseUrl            server root up to {@code /v1}; requests go to {@code {baseUrl}/chat/completions}
 * @param temperature        sampling temperature (0: as repeatable as the server allows)
 * @param maxTokens          completion token limit sent as {@code max_tokens}
 * @param apiKeyEnv          environment variable holding the bearer token; empty or unset: no Authorization header
 * @param responseFormat     send {@code response_format: json_schema} (servers differ in support)
 * @param connectTimeoutMs   TCP connect timeout of one attempt (never more than the attempt's bound)
 * @param responseTimeoutMs  total time of one attempt, connect to the last body byte (not an idle timeout); each
 *                           attempt is cut at this or at the deadline left, whichever is less
 * @param maxResponseBytes   largest response body read (bytes); a longer one is cut there, unread and unkept,
 *                           and a 200 with it is {@code response_too_large}
 * @param retries            further attempts after the first on connection errors, timeouts, 5xx and 429
 * @param backoffMs          first backoff; doubles each retry, with jitter, up to {@code maxBackoffMs}
 * @param deadlineMs         overall budget of one decision (all attempts and waits); Retry-After is capped by it
 * @param breakerFailures    consecutive failed decisions that open the circuit breaker
 * @param breakerOpenMs      how long the breaker stays open before one probe request is let through
 * @param priceInPer1k       estimated cost per 1,000 prompt tokens (quote currency)
 * @param priceOutPer1k      estimated cost per 1,000 completion tokens
 * @param promptVersion      template file {@code prompts/<promptVersion>.txt}
 * @param cacheDir           folder of the decision cache (by request hash); empty: no cache
 */
public record LlmSettings(String baseUrl, String model, double temperature, int maxTokens, String apiKeyEnv,
                          boolean responseFormat, long connectTimeoutMs, long responseTimeoutMs,
                          long maxResponseBytes, int retries,
                          long backoffMs, long maxBackoffMs, long deadlineMs, int breakerFailures, long breakerOpenMs,
                          double priceInPer1k, double priceOutPer1k, String promptVersion, String cacheDir) {

    /** Keys of a backtest config's {@code strategy.llm} block, each overriding the setting of the same name. */
    public static final Set<String> KEYS = Set.of("base_url", "model", "temperature", "max_tokens", "api_key_env",
            "response_format", "connect_timeout_ms", "response_timeout_ms", "max_response_bytes", "retries",
            "backoff_ms", "max_backoff_ms", "deadline_ms", "breaker_failures", "breaker_open_ms", "price_in_per_1k",
            "price_out_per_1k", "prompt_version", "cache_dir");

    /** Upper limit of {@link #maxResponseBytes} (1 GiB): the body is read into one array. */
    public static final long MAX_RESPONSE_BYTES_LIMIT = 1L << 30;

    public LlmSettings {
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (!(temperature >= 0) || maxTokens <= 0 || retries < 0 || deadlineMs <= 0 || breakerFailures <= 0) {
            throw new IllegalArgumentException("llm settings out of range: temperature >= 0, max_tokens > 0, "
                    + "retries >= 0, deadline_ms > 0, breaker_failures > 0");
        }
        if (maxResponseBytes <= 0 || maxResponseBytes > MAX_RESPONSE_BYTES_LIMIT) {
            throw new IllegalArgumentException("llm setting 'max_response_bytes' must be within 1.."
                    + MAX_RESPONSE_BYTES_LIMIT + ", got " + maxResponseBytes);
        }
        apiKeyEnv = apiKeyEnv == null ? "" : apiKeyEnv;
        cacheDir = cacheDir == null ? "" : cacheDir;
    }

    public static LlmSettings defaults() {
        return new LlmSettings("http://localhost:11434/v1", "llama3.1:8b", 0, 256, "LLM_API_KEY", true, 5_000,
                60_000, 1 << 20, 3, 500, 10_000, 120_000, 5, 60_000, 0, 0, "decision-v2", "");
    }

    /** The API key from the environment, or null when no variable is named or it is unset. Never log it. */
    public String apiKey() {
        if (apiKeyEnv.isBlank()) {
            return null;
        }
        String v = System.getenv(apiKeyEnv);
        return v == null || v.isBlank() ? null : v;
    }

    public String completionsUrl() {
        return baseUrl + "/chat/completions";
    }

    /** These settings with a config block's values (snake_case keys of {@link #KEYS}); unknown keys are refused. */
    public LlmSettings with(Map<String, ?> block) {
        Map<String, Object> m = new LinkedHashMap<>(asMap());
        for (var e : block.entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                throw new IllegalArgumentException("unknown llm setting '" + e.getKey() + "' (known: "
                        + new java.util.TreeSet<>(KEYS) + ")");
            }
            m.put(e.getKey(), e.getValue());
        }
        return fromMap(m);
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("base_url", baseUrl);
        m.put("model", model);
        m.put("temperature", temperature);
        m.put("max_tokens", maxTokens);
        m.put("api_key_env", apiKeyEnv);
        m.put("response_format", responseFormat);
        m.put("connect_timeout_ms", connectTimeoutMs);
        m.put("response_timeout_ms", responseTimeoutMs);
        m.put("max_response_bytes", maxResponseBytes);
        m.put("retries", retries);
        m.put("backoff_ms", backoffMs);
        m.put("max_backoff_ms", maxBackoffMs);
        m.put("deadline_ms", deadlineMs);
        m.put("breaker_failures", breakerFailures);
        m.put("breaker_open_ms", breakerOpenMs);
        m.put("price_in_per_1k", priceInPer1k);
        m.put("price_out_per_1k", priceOutPer1k);
        m.put("prompt_version", promptVersion);
        m.put("cache_dir", cacheDir);
        return m;
    }

    /** Settings from a map of every key of {@link #KEYS} (values as strings or numbers). */
    public static LlmSettings fromMap(Map<String, ?> m) {
        return new LlmSettings(s(m, "base_url"), s(m, "model"), d(m, "temperature"), (int) l(m, "max_tokens"),
                s(m, "api_key_env"), Boolean.parseBoolean(s(m, "response_format")), l(m, "connect_timeout_ms"),
                l(m, "response_timeout_ms"), l(m, "max_response_bytes"), (int) l(m, "retries"), l(m, "backoff_ms"),
                l(m, "max_backoff_ms"), l(m, "deadline_ms"), (int) l(m, "breaker_failures"), l(m, "breaker_open_ms"),
                d(m, "price_in_per_1k"), d(m, "price_out_per_1k"), s(m, "prompt_version"), s(m, "cache_dir"));
    }

    private static String s(Map<String, ?> m, String k) {
        Object v = m.get(k);
        if (v == null) {
            throw new IllegalArgumentException("llm setting '" + k + "' is missing");
        }
        return v.toString().trim();
    }

    private static double d(Map<String, ?> m, String k) {
        try {
            return Double.parseDouble(s(m, k));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("llm setting '" + k + "' must be a number, got '" + m.get(k) + "'");
        }
    }

    private static long l(Map<String, ?> m, String k) {
        try {
            return Long.parseLong(s(m, k));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("llm setting '" + k + "' must be a whole number, got '" + m.get(k) + "'");
        }
    }
}
