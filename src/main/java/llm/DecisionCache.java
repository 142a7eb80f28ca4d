package llm;

import backtest.Action;
import backtest.Decision;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Set;

/**
 * Model answers on disk, one JSON file per request hash ({@code <dir>/<hash[0..2]>/<hash>.json}), written by rename
 * so a crash leaves no half entry. What is kept is the whole outcome as first recorded (decision, reason, attempts,
 * latency, tokens, raw text), so a cached re-run logs exactly the same lines. Only answers the server gave (any
 * 200 that was read, including ones that failed parsing: the model's answer to this prompt) are kept; transport
 * failures (timeout, connection, 5xx, 429, other 4xx, circuit_open) and bodies that could not be read
 * (response_too_large, invalid_encoding) are not, so the next run asks again.
 */
public final class DecisionCache {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TRANSIENT = Set.of("timeout", "connection", "http_5xx", "rate_limited", "http_4xx",
            "circuit_open", "response_too_large", "invalid_encoding");
    private final Path dir;

    public DecisionCache(Path dir) {
        this.dir = dir;
    }

    public static boolean cacheable(LlmOutcome o) {
        return o.fallbackReason() == null || !TRANSIENT.contains(o.fallbackReason());
    }

    public Optional<LlmOutcome> get(String hash) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file(hash)); // a miss is NoSuchFileException: no separate stat
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        LlmOutcome written = EntryText.read(bytes, hash);
        return written != null ? Optional.of(written) : parse(bytes, hash);
    }

    /** The entry parsed as a JSON tree: any JSON object with these fields; an unreadable entry is a miss. */
    static Optional<LlmOutcome> parse(byte[] bytes, String hash) {
        try {
            JsonNode n = JSON.readTree(bytes);
            Decision d = new Decision(Action.valueOf(n.get("action").asText()), n.get("size_pct").asDouble(),
                    n.get("note").asText());
            return Optional.of(new LlmOutcome(d, text(n, "fallback_reason"), n.get("attempts").asInt(),
                    n.get("latency_ms").asLong(), n.get("tokens_in").asLong(), n.get("tokens_out").asLong(),
                    text(n, "raw"), hash, true));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // an unreadable entry is a miss; the fresh answer replaces it
        }
    }

    /** {@link #get} of the entry file's bytes, for tests: the fast reading, else the tree. */
    static Optional<LlmOutcome> read(byte[] bytes, String hash) {
        LlmOutcome written = EntryText.read(bytes, hash);
        return written != null ? Optional.of(written) : parse(bytes, hash);
    }

    public void put(LlmOutcome o) {
        if (!cacheable(o)) {
            return;
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("action", o.decision().action().name());
        n.put("size_pct", o.decision().sizePct());
        n.put("note", o.decision().note());
        n.put("fallback_reason", o.fallbackReason());
        n.put("attempts", o.attempts());
        n.put("latency_ms", o.latencyMs());
        n.put("tokens_in", o.tokensIn());
        n.put("tokens_out", o.tokensOut());
        n.put("raw", o.raw());
        Path f = file(o.requestHash());
        try {
            Files.createDirectories(f.getParent());
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            Files.write(tmp, JSON.writeValueAsBytes(n));
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write LLM cache entry " + f, e);
        }
    }

    private Path file(String hash) {
        return dir.resolve(hash.substring(0, 2)).resolve(hash + ".json");
    }

    private static String text(JsonNode n, String k) {
        JsonNode v = n.get(k);
        return v == null || v.isNull() ? null : v.asText();
    }
}
