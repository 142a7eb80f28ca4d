package llm;

import backtest.Decision;
import backtest.DecisionContext;
import backtest.ExplainedStrategy;
import features.Bars;
import features.DataSource;
import features.FeatureFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Asks the LLM at each decision bar. The prompt holds the last {@code window} feature rows sampled at the decision
 * interval (the decision bar and every {@code stride}-th bar before it), the seven-day view as of the bar's close and
 * the account. The answer comes from the {@link DecisionCache} when this exact request (by hash) was answered before
 * - then no HTTP call is made - else from the {@link LlmClient}. Any failure is a HOLD with its reason: the backtest
 * never stops because of the LLM.
 */
public final class LlmStrategy implements ExplainedStrategy {
    private final LlmSettings settings;
    private final LlmClient client;
    private final DecisionCache cache; // null: none
    private final PromptBuilder prompts;
    private final DataSource source;
    private final String symbol;
    private final int window;
    private final int stride;
    private final String decisionEvery;
    private final Map<Long, LlmOutcome> outcomes = new LinkedHashMap<>();
    private final Map<Long, long[]> windows = new HashMap<>();

    public LlmStrategy(LlmSettings settings, LlmClient client, DecisionCache cache, DataSource source, String symbol,
                       int window, int stride, String decisionEvery) {
        this.settings = settings;
        this.client = client;
        this.cache = cache;
        this.prompts = new PromptBuilder(settings.promptVersion());
        this.source = source;
        this.symbol = symbol;
        this.window = window;
        this.stride = Math.max(1, stride);
        this.decisionEvery = decisionEvery;
    }

    @Override
    public void begin(DecisionContext ctx) {
        outcomes.clear();
        windows.clear();
    }

    @Override
    public Decision decide(DecisionContext ctx) {
        Instant asOf = Instant.ofEpochMilli(ctx.time() + ctx.spec().interval().millis());
        int need = (window - 1) * stride + 1;
        FeatureFrame recent = ctx.window(need);
        if (recent.size() < need) {
            // near the run's start the frame holds fewer rows than the prompt wants: take them from the store
            // (rows up to and including this bar, nothing later)
            try {
                recent = source.latestWindow(ctx.spec(), asOf, need);
            } catch (IOException e) {
                throw new UncheckedIOException("feature window as of " + asOf, e);
            }
        }
        FeatureFrame rows = sample(recent, stride);
        String sevenDay;
        try {
            sevenDay = source.sevenDayView(asOf).toText();
        } catch (IOException e) {
            throw new UncheckedIOException("seven-day view as of " + asOf, e);
        }
        String prompt = prompts.render(symbol, asOf, decisionEvery, rows, sevenDay, ctx.account());
        LlmRequest request = LlmRequest.of(settings, prompts.version(), prompt);
        LlmOutcome o = cache == null ? null : cache.get(request.hash()).orElse(null);
        if (o == null) {
            o = client.decide(request);
            if (cache != null) {
                cache.put(o);
            }
        }
        outcomes.put(ctx.time(), o);
        windows.put(ctx.time(), new long[] {rows.bars().openTime[0], rows.bars().openTime[rows.size() - 1], rows.size()});
        return o.decision();
    }

    /** Rows {@code last, last - k, last - 2k, ...} of {@code f}, oldest first. */
    static FeatureFrame sample(FeatureFrame f, int k) {
        if (k == 1) {
            return f;
        }
        int n = (f.size() - 1) / k + 1;
        int first = f.size() - 1 - (n - 1) * k;
        Bars b = f.bars();
        Bars out = new Bars(b.interval, n);
        Map<String, double[]> cols = new LinkedHashMap<>();
        f.columns().forEach((name, v) -> cols.put(name, new double[n]));
        for (int j = 0, i = first; j < n; j++, i += k) {
            out.add(b.openTime[i], b.open[i], b.high[i], b.low[i], b.close[i], b.volume[i], b.quoteVolume[i],
                    b.trades[i], b.takerBase[i], b.takerQuote[i], b.flags[i]);
            for (var e : f.columns().entrySet()) {
                cols.get(e.getKey())[j] = e.getValue()[i];
            }
        }
        return new FeatureFrame(f.spec(), out, cols);
    }

    @Override
    public Map<String, Object> details(long ts) {
        LlmOutcome o = outcomes.get(ts);
        Map<String, Object> m = new LinkedHashMap<>();
        if (o == null) {
            return m;
        }
        long[] w = windows.get(ts);
        Map<String, Object> fw = new LinkedHashMap<>();
        fw.put("from", Instant.ofEpochMilli(w[0]).toString());
        fw.put("to", Instant.ofEpochMilli(w[1]).toString());
        fw.put("rows", w[2]);
        fw.put("every", decisionEvery);
        m.put("features_window", fw);
        m.put("prompt_version", settings.promptVersion());
        m.put("model", settings.model());
        m.put("request_hash", o.requestHash());
        m.put("llm_raw", o.raw());
        m.put("parsed_action", o.failed() ? null : o.decision().action().name());
        m.put("fallback_reason", o.fallbackReason());
        m.put("attempts", o.attempts());
        m.put("latency_ms", o.latencyMs());
        m.put("tokens_in", o.tokensIn());
        m.put("tokens_out", o.tokensOut());
        return m;
    }

    @Override
    public Map<String, Object> runMetrics() {
        return LlmRunStats.of(outcomes.values(), settings);
    }

    @Override
    public String metricsBlock() {
        return "llm";
    }

    @Override
    public String name() {
        return "llm(" + settings.model() + ")";
    }
}
