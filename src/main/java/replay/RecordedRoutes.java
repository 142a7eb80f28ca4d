package replay;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routes that can be recorded and replayed, and for each the headers it reads (recorded with its input). The
 * LLM bearer token header is never among them: it is never written, whatever {@code app.record.redact} says.
 */
public final class RecordedRoutes {
    public static final String BACKTEST = "backtest";
    public static final String FEATURES = "features";
    public static final String LLM_DECIDE = "llm-decide";
    public static final String INGEST_FILE = "ingest-file";

    /** Route id -> the headers it reads (names as in routes.Endpoints). */
    public static final Map<String, List<String>> HEADERS = Map.of(
            BACKTEST, List.of("klineProgress"),
            FEATURES, List.of(),
            LLM_DECIDE, List.of("llmUrl", "llmTimeoutMs", "llmConnectTimeoutMs", "llmMaxBodyBytes"),
            INGEST_FILE, List.of("klineFile", "klineReplace", "klineSource", "klineRecordAs"));

    /** Never written: the LLM bearer token (and the Authorization header the route builds from it). */
    public static final Set<String> SECRET = Set.of("llmApiKey", "Authorization");

    private RecordedRoutes() {
    }

    /** The route ids of a comma list, each checked; empty text gives none. */
    public static List<String> parse(String text) {
        List<String> ids = java.util.Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .distinct().toList();
        for (String id : ids) {
            if (!HEADERS.containsKey(id)) {
                throw new IllegalArgumentException("unknown route '" + id + "' (one of " + String.join(", ",
                        List.of(BACKTEST, FEATURES, LLM_DECIDE, INGEST_FILE)) + ")");
            }
        }
        return ids;
    }
}
