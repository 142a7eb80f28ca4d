package llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import storage.Hashes;

/**
 * One non-streaming OpenAI chat/completions request: the rendered prompt as a single user message, the model,
 * temperature and max_tokens, and (when enabled) {@code response_format: {type: json_schema}} with
 * {@link #SCHEMA}. {@link #hash()} identifies the answer we expect: SHA-256 of model, prompt version, rendered
 * prompt, temperature and schema (none when not sent) - the decision cache's key.
 */
public record LlmRequest(String model, String promptVersion, String prompt, double temperature, int maxTokens,
                         boolean responseFormat) {
    static final ObjectMapper JSON = new ObjectMapper();

    /** The answer's JSON schema: {action: BUY|SELL|HOLD, size_pct: number in [0, 1], note: string}, nothing else. */
    public static final String SCHEMA = """
            {"type":"object","additionalProperties":false,"required":["action","size_pct","note"],\
            "properties":{"action":{"type":"string","enum":["BUY","SELL","HOLD"]},\
            "size_pct":{"type":"number","minimum":0,"maximum":1},"note":{"type":"string"}}}""";

    public static LlmRequest of(LlmSettings s, String promptVersion, String prompt) {
        return new LlmRequest(s.model(), promptVersion, prompt, s.temperature(), s.maxTokens(), s.responseFormat());
    }

    /** The request body. */
    public String toJson() {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "user").put("content", prompt);
        body.put("temperature", temperature);
        body.put("max_tokens", maxTokens);
        body.put("stream", false);
        if (responseFormat) {
            ObjectNode rf = body.putObject("response_format");
            rf.put("type", "json_schema");
            ObjectNode js = rf.putObject("json_schema");
            js.put("name", "decision");
            js.put("strict", true);
            try {
                js.set("schema", JSON.readTree(SCHEMA));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * SHA-256 (hex) of the UTF-8 bytes of model, prompt version, prompt, temperature and schema joined by NUL: each
     * part is encoded and digested in turn, the bytes of {@code String.join("\u0000", ...)} encoded whole (a NUL never
     * splits a character).
     */
    public String hash() {
        MessageDigest md = Hashes.sha256Digest();
        md.update(String.valueOf(model).getBytes(StandardCharsets.UTF_8)); // join writes null as "null"
        md.update((byte) 0);
        md.update(String.valueOf(promptVersion).getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(String.valueOf(prompt).getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(Double.toString(temperature).getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update((responseFormat ? SCHEMA : "none").getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }
}
