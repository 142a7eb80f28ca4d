package llm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code llm} block of metrics.json. {@code llm_calls} (HTTP attempts made in this execution) and
 * {@code cache_hits} describe this execution; every other figure is computed from the outcomes as recorded (a
 * cached re-run shows the first run's latencies, tokens and cost). Latency percentiles are nearest-rank over the
 * decisions that reached the server.
 */
final class LlmRunStats {
    private LlmRunStats() {
    }

    static Map<String, Object> of(Collection<LlmOutcome> outcomes, LlmSettings s) {
        long calls = 0;
        long hits = 0;
        long tokensIn = 0;
        long tokensOut = 0;
        long recordedAttempts = 0;
        Map<String, Integer> fallbacks = new TreeMap<>();
        List<Long> latencies = new ArrayList<>();
        for (LlmOutcome o : outcomes) {
            if (o.cacheHit()) {
                hits++;
            } else {
                calls += o.attempts();
            }
            recordedAttempts += o.attempts();
            tokensIn += o.tokensIn();
            tokensOut += o.tokensOut();
            if (o.fallbackReason() != null) {
                fallbacks.merge(o.fallbackReason(), 1, Integer::sum);
            }
            if (o.attempts() > 0) {
                latencies.add(o.latencyMs());
            }
        }
        latencies.sort(null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", s.model());
        m.put("prompt_version", s.promptVersion());
        m.put("decisions", outcomes.size());
        m.put("llm_calls", calls);
        m.put("cache_hits", hits);
        m.put("recorded_attempts", recordedAttempts);
        m.put("fallbacks", fallbacks.values().stream().mapToInt(Integer::intValue).sum());
        m.put("fallbacks_by_reason", fallbacks);
        m.put("latency_ms_p50", percentile(latencies, 0.50));
        m.put("latency_ms_p95", percentile(latencies, 0.95));
        m.put("tokens_in", tokensIn);
        m.put("tokens_out", tokensOut);
        m.put("estimated_cost", tokensIn / 1000.0 * s.priceInPer1k() + tokensOut / 1000.0 * s.priceOutPer1k());
        return m;
    }

    static Long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
