package cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The console lines of an llm run (one whose metrics.json holds an {@code llm} block): how many decisions fell back
 * to HOLD, by reason, and a warning when more than half did - such a run completes with exit code 0 and few or no
 * fills, and would otherwise look like a model that chose to do nothing.
 */
final class LlmFallbacks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LlmFallbacks() {
    }

    /** Nothing for other strategies. */
    static List<String> lines(Path runFolder) throws IOException {
        Path metrics = runFolder.resolve("metrics.json");
        JsonNode llm = Files.exists(metrics) ? JSON.readTree(metrics.toFile()).get("llm") : null;
        if (llm == null) {
            return List.of();
        }
        int decisions = llm.path("decisions").asInt();
        int fallbacks = llm.path("fallbacks").asInt();
        StringJoiner byReason = new StringJoiner(", ");
        llm.path("fallbacks_by_reason").properties().forEach(e -> byReason.add(e.getKey() + " " + e.getValue().asInt()));
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "  %-28s %d of %d decisions%s", "llm fallbacks", fallbacks, decisions,
                fallbacks > 0 ? ": " + byReason : ""));
        if (decisions > 0 && fallbacks * 2 > decisions) {
            out.add(String.format(Locale.ROOT, "WARNING: %d of %d LLM decisions (%d%%) fell back to HOLD (%s): the"
                    + " results show the fallbacks, not the model. Check that the server at strategy.llm.base_url"
                    + " (app.llm.base-url) answers, and fallback_reason in decisions.jsonl.", fallbacks, decisions,
                    Math.round(100.0 * fallbacks / decisions), byReason));
        }
        return out;
    }
}
