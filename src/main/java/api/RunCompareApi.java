package api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import runs.RunComparison;
import runs.RunIndex;

/**
 * {@code GET /runs/compare?ids=a,b,...}: finished runs side by side, as {@code runs compare} shows them - the JSON form
 * ({@link RunCompareView}), or with {@code Accept: text/html} the self-contained page (equity curves overlaid,
 * differing parameters highlighted). Reads run folders only; same runs, byte-identical answer.
 */
public final class RunCompareApi {
    private final RunIndex index;

    public RunCompareApi(RunIndex index) {
        this.index = index;
    }

    public ApiReply compare(String accept, String query) throws IOException {
        QueryParams q = QueryParams.parse(query, Set.of("ids"));
        String text = q.text("ids");
        if (text == null || text.isBlank()) {
            throw QueryParams.invalid("ids", "give ids=ID,ID,... (1 to " + RunComparison.MAX_RUNS + " run ids)");
        }
        List<String> ids = List.of(text.split(",", -1));
        if (ids.size() > RunComparison.MAX_RUNS) {
            throw QueryParams.invalid("ids", "at most " + RunComparison.MAX_RUNS + " run ids, got " + ids.size());
        }
        if (new LinkedHashSet<>(ids).size() < ids.size()) {
            throw QueryParams.invalid("ids", "a run id is given twice");
        }
        Set<String> finished = new HashSet<>();
        index.scan().forEach(r -> finished.add(r.id()));
        for (String id : ids) {
            if (!RunIds.valid(id) || !finished.contains(id)) {
                throw new ApiException(Problem.Kind.NOT_FOUND.at("parameter", "ids", "no finished run '"
                        + Printable.of(id) + "' (run ids look like ema-cross-0123456789ab)"));
            }
        }
        RunComparison c;
        try {
            c = RunComparison.of(index, ids);
        } catch (IllegalArgumentException e) { // removed meanwhile
            throw new ApiException(Problem.Kind.NOT_FOUND.at("parameter", "ids", e.getMessage()));
        }
        if (accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/html")) {
            return new ApiReply(200, "text/html; charset=utf-8", Map.of("Content-Security-Policy", DashboardApi.CSP,
                    "X-Content-Type-Options", "nosniff"), c.html());
        }
        Map<String, Object> json = c.json();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> runs = (List<Map<String, Object>>) json.get("runs");
        @SuppressWarnings("unchecked")
        Map<String, List<String>> params = (Map<String, List<String>>) json.get("params");
        return ApiReply.json(200, new RunCompareView(new ArrayList<>(runs), params, c.differing()));
    }
}
