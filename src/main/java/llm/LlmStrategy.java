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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks the LLM at each decision bar. The prompt holds the last {@code window} decision intervals as rows (the bars of
 * each interval aggregated: first open, highest high, lowest low, last close, summed volume; the indicators as of
 * the interval's last bar - see {@link #perInterval}), the seven-day view as of the bar's close and the account. The answer comes from the {@link DecisionCache} when this exact request (by hash) was answered before
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
    private final LlmObserver observer;
    private final Map<Long, LlmOutcome> outcomes = new LinkedHashMap<>();
    private final Map<Long, long[]> windows = new HashMap<>();
    private final PromptRows rows;
    /** The last prompt's feature rows: first and last interval start, count. */
    private long[] lastRows;

    public LlmStrategy(LlmSettings settings, LlmClient client, DecisionCache cache, DataSource source, String symbol,
                       int window, int stride, String decisionEvery) {
        this(settings, client, cache, source, symbol, window, stride, decisionEvery, LlmObserver.NONE);
    }

    /** {@code observer} hears of each decision once it is made (or read from the cache). */
    public LlmStrategy(LlmSettings settings, LlmClient client, DecisionCache cache, DataSource source, String symbol,
                       int window, int stride, String decisionEvery, LlmObserver observer) {
        this(settings, new PromptBuilder(settings.promptVersion()), client, cache, source, symbol, window, stride,
                decisionEvery, observer);
    }

    /** With the prompt template {@code prompts} (a user's prompt_file; its version is settings' prompt_version). */
    public LlmStrategy(LlmSettings settings, PromptBuilder prompts, LlmClient client, DecisionCache cache,
                       DataSource source, String symbol, int window, int stride, String decisionEvery,
                       LlmObserver observer) {
        this.observer = observer;
        this.settings = settings;
        this.client = client;
        this.cache = cache;
        this.prompts = prompts;
        this.source = source;
        this.symbol = symbol;
        this.window = window;
        this.stride = Math.max(1, stride);
        this.decisionEvery = decisionEvery;
        this.rows = new PromptRows(window, this.stride);
    }

    @Override
    public void begin(DecisionContext ctx) {
        outcomes.clear();
        windows.clear();
        rows.begin(ctx);
    }

    @Override
    public Decision decide(DecisionContext ctx) {
        String prompt = prompt(ctx);
        LlmRequest request = LlmRequest.of(settings, prompts.version(), prompt);
        LlmOutcome o = cache == null ? null : cache.get(request.hash()).orElse(null);
        if (o == null) {
            o = client.decide(request);
            if (cache != null) {
                cache.put(o);
            }
        }
        outcomes.put(ctx.time(), o);
        observer.decided(o);
        windows.put(ctx.time(), lastRows);
        return o.decision();
    }

    /**
     * The prompt of the decision at {@code ctx} (after {@link #begin} with that context); {@link #lastRows} then holds
     * its feature rows' first and last interval start and their count.
     */
    String prompt(DecisionContext ctx) {
        Instant asOf = Instant.ofEpochMilli(ctx.time() + ctx.spec().interval().millis());
        CharSequence features;
        String interval;
        int count;
        rows.use(ctx);
        if (rows.covers()) {
            // the decision bar closes its interval: whole intervals back from it, read in place from the frame
            features = rows.text();
            interval = ctx.spec().interval().code();
            count = rows.rows;
            lastRows = new long[] {rows.fromTs, rows.toTs, count};
        } else {
            // near the run's start the frame holds fewer rows than the prompt wants: take them from the store
            // (rows up to and including this bar, nothing later)
            FeatureFrame recent;
            try {
                recent = source.latestWindow(ctx.spec(), asOf, window * stride);
            } catch (IOException e) {
                throw new UncheckedIOException("feature window as of " + asOf, e);
            }
            FeatureFrame r = perInterval(recent, stride, window);
            features = PromptBuilder.features(r);
            interval = r.spec().interval().code();
            count = r.size();
            lastRows = new long[] {r.bars().openTime[0], r.bars().openTime[r.size() - 1], count};
        }
        String sevenDay;
        try {
            sevenDay = source.sevenDayText(asOf);
        } catch (IOException e) {
            throw new UncheckedIOException("seven-day view as of " + asOf, e);
        }
        return prompts.render(symbol, asOf, decisionEvery, interval, count, features, sevenDay, ctx.account());
    }

    /**
     * One row per decision interval, oldest first, the last {@code window} of them: the bars of {@code f} grouped by
     * the interval they fall in (open time floored to a multiple of {@code stride} bars since the epoch, as the engine
     * places decisions: a decision bar closes its interval), each group made one bar - ts the interval's start, first
     * open, highest high, lowest low, last close, volumes, trades and taker volumes summed, flags or-ed - with the
     * indicator values of its last bar. The frame keeps the bar interval of {@code f} (its indicators are computed
     * on those bars). A group may hold fewer than {@code stride} bars where the data has gaps.
     */
    static FeatureFrame perInterval(FeatureFrame f, int stride, int window) {
        Bars b = f.bars();
        long every = stride * b.interval.millis();
        List<Integer> lastOfGroup = new ArrayList<>();
        for (int i = 0; i < f.size(); i++) {
            boolean lastInGroup = i + 1 == f.size()
                    || Math.floorDiv(b.openTime[i + 1], every) != Math.floorDiv(b.openTime[i], every);
            if (lastInGroup) {
                lastOfGroup.add(i);
            }
        }
        int groups = Math.min(window, lastOfGroup.size());
        int firstGroup = lastOfGroup.size() - groups;
        Bars out = new Bars(b.interval, groups);
        Map<String, double[]> cols = new LinkedHashMap<>();
        f.columns().forEach((name, v) -> cols.put(name, new double[groups]));
        for (int g = 0; g < groups; g++) {
            int last = lastOfGroup.get(firstGroup + g);
            int first = firstGroup + g == 0 ? 0 : lastOfGroup.get(firstGroup + g - 1) + 1;
            int j = out.add(Math.floorDiv(b.openTime[first], every) * every, b.open[first], b.high[first],
                    b.low[first], b.close[last], 0, 0, 0, 0, 0, (byte) 0);
            for (int i = first; i <= last; i++) {
                out.high[j] = Math.max(out.high[j], b.high[i]);
                out.low[j] = Math.min(out.low[j], b.low[i]);
                out.volume[j] += b.volume[i];
                out.quoteVolume[j] += b.quoteVolume[i];
                out.trades[j] += b.trades[i];
                out.takerBase[j] += b.takerBase[i];
                out.takerQuote[j] += b.takerQuote[i];
                out.flags[j] |= b.flags[i];
            }
            for (var e : f.columns().entrySet()) {
                cols.get(e.getKey())[j] = e.getValue()[last];
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
