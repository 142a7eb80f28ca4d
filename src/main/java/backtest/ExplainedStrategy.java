package backtest;

import java.util.Map;

/**
 * A strategy with more to say than its decisions (the LLM strategy: prompt version, request hash, raw answer,
 * fallback reason, tokens...). The run writes {@link #details} after the standard fields of each
 * {@code decisions.jsonl} line and {@link #runMetrics} as a block of {@code metrics.json} named by
 * {@link #metricsBlock}. Plain strategies write neither, so their files stay as they were.
 */
public interface ExplainedStrategy extends Strategy {
    /** Extra fields (in order) of the decision at bar open time {@code ts}; empty when there is nothing to add. */
    Map<String, Object> details(long ts);

    /** Figures of the whole run (in order). */
    Map<String, Object> runMetrics();

    /** Key of {@link #runMetrics} in metrics.json. */
    String metricsBlock();
}
