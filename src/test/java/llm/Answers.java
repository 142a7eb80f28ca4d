package llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** chat/completions response bodies for tests. */
final class Answers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Answers() {
    }

    /** A body whose first choice has this content and finish reason. */
    static String content(String content, String finishReason) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-1").put("object", "chat.completion").put("model", "test-model");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", finishReason);
        choice.putObject("message").put("role", "assistant").put("content", content);
        root.putObject("usage").put("prompt_tokens", 120).put("completion_tokens", 20).put("total_tokens", 140);
        return root.toString();
    }

    static String content(String content) {
        return content(content, "stop");
    }

    static String refusal(String text) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").putNull("content").put("refusal", text);
        return root.toString();
    }

    static String emptyChoices() {
        return "{\"id\":\"x\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":0}}";
    }
}
