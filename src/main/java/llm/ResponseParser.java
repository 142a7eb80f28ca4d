package llm;

import backtest.Action;
import backtest.Decision;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;

/**
 * Strict reading of a chat/completions answer (the HTTP body of a 200). In order:
 * <ol>
 * <li>body not JSON: {@code invalid_json}; no choice, or no/blank message content: {@code empty};
 * a non-empty {@code message.refusal}: {@code refusal}; {@code finish_reason = length}: {@code truncated};
 * <li>the content must be exactly one JSON object. The one tolerance: a single markdown code fence wrapping the whole
 * content (```json ... ``` or ``` ... ```, surrounding whitespace allowed) is removed. Anything else around the object
 * (prose, a second object, a fence with text outside it) is {@code invalid_json};
 * <li>{@code action} a string exactly BUY, SELL or HOLD, else {@code schema:action}; {@code size_pct} a JSON number
 * (never a string such as "0.5") in [0, 1], never clamped, else {@code schema:size_pct}; {@code note} a string, else
 * {@code schema:note}; any other field {@code schema:<field>}; not an object {@code schema:object}.
 * </ol>
 * Token counts come from {@code usage} when present (0 otherwise), whatever the outcome.
 */
public final class ResponseParser {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(JsonParser.Feature.ALLOW_COMMENTS);
    private static final Set<String> FIELDS = Set.of("action", "size_pct", "note");

    /** What came of one answer: a decision (reason null) or the failure reason; content is the model's text. */
    public record Parsed(Decision decision, String reason, String content, long tokensIn, long tokensOut) {
        static Parsed fail(String reason, String content, long in, long out) {
            return new Parsed(null, reason, content, in, out);
        }
    }

    private ResponseParser() {
    }

    public static Parsed parse(String body) {
        JsonNode root;
        try {
            root = STRICT.readTree(body == null ? "" : body);
        } catch (java.io.IOException e) {
            return Parsed.fail("invalid_json", body, 0, 0);
        }
        if (root == null || !root.isObject()) {
            return Parsed.fail("invalid_json", body, 0, 0);
        }
        long in = root.path("usage").path("prompt_tokens").asLong(0);
        long out = root.path("usage").path("completion_tokens").asLong(0);
        JsonNode choices = root.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            return Parsed.fail("empty", null, in, out);
        }
        JsonNode choice = choices.get(0);
        JsonNode message = choice.path("message");
        JsonNode content = message.path("content");
        String text = content.isTextual() ? content.asText() : null;
        JsonNode refusal = message.path("refusal");
        if (refusal.isTextual() && !refusal.asText().isBlank()) {
            return Parsed.fail("refusal", refusal.asText(), in, out);
        }
        if ("length".equals(choice.path("finish_reason").asText(null))) {
            return Parsed.fail("truncated", text, in, out);
        }
        if (text == null || text.isBlank()) {
            return Parsed.fail("empty", text, in, out);
        }
        return decision(text, in, out);
    }

    private static Parsed decision(String text, long in, long out) {
        JsonNode d;
        try {
            d = STRICT.readTree(unfence(text));
        } catch (java.io.IOException e) {
            return Parsed.fail("invalid_json", text, in, out);
        }
        if (d == null || !d.isObject()) {
            return Parsed.fail(d != null && (d.isArray() || d.isValueNode()) ? "schema:object" : "invalid_json", text, in, out);
        }
        for (var it = d.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                return Parsed.fail("schema:" + f, text, in, out);
            }
        }
        JsonNode a = d.path("action");
        if (!a.isTextual() || !Set.of("BUY", "SELL", "HOLD").contains(a.asText())) {
            return Parsed.fail("schema:action", text, in, out);
        }
        JsonNode s = d.path("size_pct");
        if (!s.isNumber() || !(s.asDouble() >= 0 && s.asDouble() <= 1)) {
            return Parsed.fail("schema:size_pct", text, in, out);
        }
        JsonNode n = d.path("note");
        if (!n.isTextual()) {
            return Parsed.fail("schema:note", text, in, out);
        }
        return new Parsed(new Decision(Action.valueOf(a.asText()), s.asDouble(), n.asText()), null, text, in, out);
    }

    /** The content inside one markdown fence that wraps all of it (an optional language tag after the opening). */
    static String unfence(String text) {
        String t = text.strip();
        if (!t.startsWith("```") || !t.endsWith("```") || t.length() < 6) {
            return t;
        }
        int firstLine = t.indexOf('\n');
        if (firstLine < 0) {
            return t;
        }
        String tag = t.substring(3, firstLine).strip();
        String inner = t.substring(firstLine + 1, t.length() - 3);
        if (!(tag.isEmpty() || tag.equalsIgnoreCase("json")) || inner.contains("```")) {
            return t; // not one clean fence: left as is, so it fails as invalid_json
        }
        return inner;
    }
}
