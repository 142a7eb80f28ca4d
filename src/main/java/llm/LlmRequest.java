package llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
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

    public String hash() {
        String identity = String.join("\u0000", model, promptVersion, prompt, Double.toString(temperature),
                responseFormat ? SCHEMA : "none");
        return Hashes.sha256(identity.getBytes(StandardCharsets.UTF_8));
    }
}
