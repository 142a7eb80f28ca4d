package routes;

import api.JobQueue;
import backfill.BackfillReport;
import backfill.FileResult;
import ingest.IngestOutcome;
import ingest.RejectCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import llm.LlmObserver;
import llm.LlmOutcome;

/**
 * The pipeline's own meters (Micrometer names; Prometheus turns dots into underscores and adds {@code _total},
 * {@code _seconds}, {@code _bytes}: see docs/observability.md). Routes hand it the outcomes they already carry
 * ({@code IngestOutcome}, {@code BackfillReport}, a backtest's end) and the LLM strategies report each decision
 * through {@link LlmObserver}, so no plain-Java package knows about metrics. Until {@link #attach} is called - and
 * never in one-shot commands, which have no metrics registry - every call records nothing.
 */
public final class PipelineMeters implements LlmObserver {
    public static final String BEAN = "pipelineMeters";
    static final String INGEST_FILES = "kline.ingest.files";
    static final String INGEST_ROWS_READ = "kline.ingest.rows.read";
    static final String INGEST_ROWS_STORED = "kline.ingest.rows.stored";
    static final String INGEST_REFUSALS = "kline.ingest.refusals";
    static final String BACKFILL_RUNS = "kline.backfill.runs";
    static final String BACKFILL_FILES = "kline.backfill.files";
    static final String BACKFILL_DOWNLOADED = "kline.backfill.downloaded";
    static final String BACKFILL_REST_ROWS = "kline.backfill.rest.rows";
    static final String BACKTEST_RUNS = "kline.backtest.runs";
    static final String BACKTEST_DURATION = "kline.backtest.duration";
    static final String BACKTEST_QUEUED = "kline.backtest.jobs.queued";
    static final String LLM_DECISIONS = "kline.llm.decisions";
    static final String LLM_CALLS = "kline.llm.calls";
    static final String LLM_CACHE_HITS = "kline.llm.cache.hits";
    static final String LLM_FALLBACKS = "kline.llm.fallbacks";
    static final String LLM_LATENCY = "kline.llm.latency";
    static final String LLM_TOKENS = "kline.llm.tokens";

    /** Backfill run outcomes (tag {@code outcome}): every archive fine, some refused or failed, host unreachable, stopping. */
    static final String[] BACKFILL_OUTCOMES = {"ok", "problems", "unreachable", "stopped"};
    /** Backtest outcomes (tag {@code outcome}). */
    static final String[] BACKTEST_OUTCOMES = {"done", "invalid_config", "cancelled", "failed"};

    private volatile MeterRegistry registry;

    /**
     * Starts recording into {@code to}: every series of a closed tag set is created at 0 first (so a rate over it
     * works from the first scrape); {@code queue} (null: none) becomes the queue-depth gauge.
     */
    void attach(MeterRegistry to, JobQueue queue, JobQueue sweepQueue) {
        for (IngestOutcome.Status s : IngestOutcome.Status.values()) {
            counter(to, INGEST_FILES, "status", tag(s));
        }
        Counter.builder(INGEST_ROWS_READ).description("CSV rows read from ingested files").register(to);
        for (String change : new String[] {"added", "replaced"}) {
            counter(to, INGEST_ROWS_STORED, "change", change);
        }
        for (RejectCode c : RejectCode.values()) {
            counter(to, INGEST_REFUSALS, "code", c.name());
        }
        for (String outcome : BACKFILL_OUTCOMES) {
            counter(to, BACKFILL_RUNS, "outcome", outcome);
        }
        for (FileResult.Status s : FileResult.Status.values()) {
            counter(to, BACKFILL_FILES, "status", tag(s));
        }
        Counter.builder(BACKFILL_DOWNLOADED).baseUnit("bytes").description("bytes downloaded by backfill").register(to);
        Counter.builder(BACKFILL_REST_ROWS).description("rows added by the REST gap fill").register(to);
        for (String kind : new String[] {"run", "sweep"}) {
            for (String outcome : BACKTEST_OUTCOMES) {
                Counter.builder(BACKTEST_RUNS).tags("kind", kind, "outcome", outcome).register(to);
                Timer.builder(BACKTEST_DURATION).tags("kind", kind, "outcome", outcome).register(to);
            }
        }
        if (queue != null) {
            Gauge.builder(BACKTEST_QUEUED, queue, JobQueue::depth).tag("kind", "run")
                    .description("API jobs waiting").register(to);
        }
        if (sweepQueue != null) {
            Gauge.builder(BACKTEST_QUEUED, sweepQueue, JobQueue::depth).tag("kind", "sweep")
                    .description("API jobs waiting").register(to);
        }
        for (String source : new String[] {"server", "cache"}) {
            counter(to, LLM_DECISIONS, "source", source);
        }
        Counter.builder(LLM_CALLS).description("HTTP attempts to the LLM server").register(to);
        Counter.builder(LLM_CACHE_HITS).description("decisions answered from the decision cache").register(to);
        Timer.builder(LLM_LATENCY).description("time of a decision asked of the server, retries included").register(to);
        for (String direction : new String[] {"in", "out"}) {
            counter(to, LLM_TOKENS, "direction", direction);
        }
        registry = to;
    }

    /** One input file's end: through {@code direct:ingest-file} (inbox, CLI, backfill) or an orphan checksum. */
    public void ingested(IngestOutcome o) {
        MeterRegistry r = registry;
        if (r == null || o == null) {
            return;
        }
        counter(r, INGEST_FILES, "status", tag(o.status())).increment();
        if (o.status() == IngestOutcome.Status.INGESTED) {
            r.counter(INGEST_ROWS_READ).increment(o.rowsRead());
            counter(r, INGEST_ROWS_STORED, "change", "added").increment(o.added());
            counter(r, INGEST_ROWS_STORED, "change", "replaced").increment(o.replaced());
        } else if (o.status() == IngestOutcome.Status.REJECTED && o.rejection() != null) {
            counter(r, INGEST_REFUSALS, "code", o.rejection().code().name()).increment();
        }
    }

    /** One backfill run's end. */
    public void backfilled(BackfillReport report) {
        MeterRegistry r = registry;
        if (r == null || report == null) {
            return;
        }
        String outcome = report.stop() != null ? (report.stop().shutdown() ? "stopped" : "unreachable")
                : report.ok() ? "ok" : "problems";
        counter(r, BACKFILL_RUNS, "outcome", outcome).increment();
        report.files().forEach(f -> counter(r, BACKFILL_FILES, "status", tag(f.status())).increment());
        r.counter(BACKFILL_DOWNLOADED).increment(report.bytes());
        r.counter(BACKFILL_REST_ROWS).increment(report.restRowsAdded());
    }

    /** One backtest ({@code kind} run or sweep) ended with {@code outcome} (one of {@link #BACKTEST_OUTCOMES}). */
    void backtestEnded(String kind, String outcome, long millis) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        r.counter(BACKTEST_RUNS, "kind", kind, "outcome", outcome).increment();
        r.timer(BACKTEST_DURATION, "kind", kind, "outcome", outcome).record(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void decided(LlmOutcome o) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        counter(r, LLM_DECISIONS, "source", o.cacheHit() ? "cache" : "server").increment();
        if (o.cacheHit()) {
            r.counter(LLM_CACHE_HITS).increment();
        } else {
            r.counter(LLM_CALLS).increment(o.attempts());
            counter(r, LLM_TOKENS, "direction", "in").increment(o.tokensIn());
            counter(r, LLM_TOKENS, "direction", "out").increment(o.tokensOut());
            if (o.attempts() > 0) {
                r.timer(LLM_LATENCY).record(o.latencyMs(), TimeUnit.MILLISECONDS);
            }
        }
        if (o.fallbackReason() != null) {
            counter(r, LLM_FALLBACKS, "reason", o.fallbackReason()).increment();
        }
    }

    private static Counter counter(MeterRegistry r, String name, String key, String value) {
        return r.counter(name, key, value);
    }

    private static String tag(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
