package routes;

import static org.assertj.core.api.Assertions.assertThat;

import backfill.BackfillReport;
import backfill.FileResult;
import backtest.config.ConfigException;
import backtest.Decision;
import ingest.IngestOutcome;
import ingest.RejectCode;
import ingest.Rejection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import llm.LlmOutcome;
import org.junit.jupiter.api.Test;

/** The pipeline's meters from hand-made outcomes, in a plain in-memory registry (the IT reads them over HTTP). */
class PipelineMetersTest {
    private final PipelineMeters meters = new PipelineMeters();
    private final MeterRegistry registry = new SimpleMeterRegistry();

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void nothing_is_recorded_before_a_registry_is_attached() {
        meters.ingested(ingested(10, 8, 2));
        meters.attach(registry, null, null);
        assertThat(count(PipelineMeters.INGEST_FILES, "status", "ingested")).isZero();
        assertThat(registry.find(PipelineMeters.BACKTEST_QUEUED).gauge()).isNull(); // no job queue: no gauge
    }

    @Test
    void an_ingested_file_counts_its_rows_and_a_refusal_its_code() {
        meters.attach(registry, null, null);
        meters.ingested(ingested(1440, 1000, 40));
        meters.ingested(IngestOutcome.rejected(new Rejection(RejectCode.BAD_NUMBER, "bad", "x.csv", 3, "open", null,
                Instant.EPOCH)));
        assertThat(count(PipelineMeters.INGEST_FILES, "status", "ingested")).isEqualTo(1);
        assertThat(count(PipelineMeters.INGEST_FILES, "status", "rejected")).isEqualTo(1);
        assertThat(count(PipelineMeters.INGEST_ROWS_READ)).isEqualTo(1440);
        assertThat(count(PipelineMeters.INGEST_ROWS_STORED, "change", "added")).isEqualTo(1000);
        assertThat(count(PipelineMeters.INGEST_ROWS_STORED, "change", "replaced")).isEqualTo(40);
        assertThat(count(PipelineMeters.INGEST_REFUSALS, "code", "BAD_NUMBER")).isEqualTo(1);
        assertThat(count(PipelineMeters.INGEST_REFUSALS, "code", "EMPTY")).isZero(); // every code exists at 0
    }

    @Test
    void a_backfill_run_counts_its_files_bytes_and_outcome() {
        meters.attach(registry, null, null);
        meters.backfilled(new BackfillReport(List.of(new FileResult("a.zip", FileResult.Status.INGESTED, 700, null),
                new FileResult("b.zip", FileResult.Status.INGESTED, 300, null),
                new FileResult("c.zip", FileResult.Status.FAILED, 0, "HTTP 500")), List.of(), 5, List.of(), 1000, 20,
                null));
        meters.backfilled(new BackfillReport(List.of(), List.of(), 0, List.of(), 0, 1,
                new BackfillReport.Stop(false, "cannot reach host", 3)));
        assertThat(count(PipelineMeters.BACKFILL_FILES, "status", "ingested")).isEqualTo(2);
        assertThat(count(PipelineMeters.BACKFILL_FILES, "status", "failed")).isEqualTo(1);
        assertThat(count(PipelineMeters.BACKFILL_DOWNLOADED)).isEqualTo(1000);
        assertThat(count(PipelineMeters.BACKFILL_REST_ROWS)).isEqualTo(5);
        assertThat(count(PipelineMeters.BACKFILL_RUNS, "outcome", "problems")).isEqualTo(1);
        assertThat(count(PipelineMeters.BACKFILL_RUNS, "outcome", "unreachable")).isEqualTo(1);
        assertThat(count(PipelineMeters.BACKFILL_RUNS, "outcome", "ok")).isZero();
    }

    @Test
    void llm_decisions_split_into_server_calls_cache_hits_and_fallbacks() {
        meters.attach(registry, null, null);
        Decision buy = Decision.hold("x");
        meters.decided(new LlmOutcome(buy, null, 2, 300, 100, 10, "{}", "h1", false)); // a retry, then an answer
        meters.decided(new LlmOutcome(buy, null, 1, 250, 100, 10, "{}", "h1", true)); // from the cache
        meters.decided(LlmOutcome.failed("timeout", 3, 900, "", "h2"));
        meters.decided(LlmOutcome.failed("circuit_open", 0, 0, "", "h3")); // never reached the server
        assertThat(count(PipelineMeters.LLM_DECISIONS, "source", "server")).isEqualTo(3);
        assertThat(count(PipelineMeters.LLM_DECISIONS, "source", "cache")).isEqualTo(1);
        assertThat(count(PipelineMeters.LLM_CALLS)).isEqualTo(5);
        assertThat(count(PipelineMeters.LLM_CACHE_HITS)).isEqualTo(1);
        assertThat(count(PipelineMeters.LLM_FALLBACKS, "reason", "timeout")).isEqualTo(1);
        assertThat(count(PipelineMeters.LLM_FALLBACKS, "reason", "circuit_open")).isEqualTo(1);
        assertThat(count(PipelineMeters.LLM_TOKENS, "direction", "in")).isEqualTo(100);
        assertThat(registry.get(PipelineMeters.LLM_LATENCY).timer().count()).isEqualTo(2);
        assertThat(registry.get(PipelineMeters.LLM_LATENCY).timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1200);
    }

    @Test
    void a_backtest_end_is_counted_and_timed_by_kind_and_outcome() {
        meters.attach(registry, null, null);
        meters.backtestEnded("run", "done", 1500);
        meters.backtestEnded("sweep", "invalid_config", 5);
        assertThat(count(PipelineMeters.BACKTEST_RUNS, "kind", "run", "outcome", "done")).isEqualTo(1);
        assertThat(registry.get(PipelineMeters.BACKTEST_DURATION).tags("kind", "run", "outcome", "done").timer()
                .totalTime(TimeUnit.SECONDS)).isEqualTo(1.5);
        assertThat(count(PipelineMeters.BACKTEST_RUNS, "kind", "sweep", "outcome", "invalid_config")).isEqualTo(1);
        assertThat(count(PipelineMeters.BACKTEST_RUNS, "kind", "run", "outcome", "failed")).isZero();
    }

    @Test
    void a_backtest_outcome_is_named_by_what_the_route_threw() {
        assertThat(MetricsWiring.outcome(null)).isEqualTo("done");
        assertThat(MetricsWiring.outcome(new CancellationException())).isEqualTo("cancelled");
        assertThat(MetricsWiring.outcome(new ConfigException("start", "no data"))).isEqualTo("invalid_config");
        assertThat(MetricsWiring.outcome(new RuntimeException(new CancellationException()))).isEqualTo("cancelled");
        assertThat(MetricsWiring.outcome(new UncheckedIOException(new java.io.IOException("disk")))).isEqualTo("failed");
    }

    private static IngestOutcome ingested(long read, long added, long replaced) {
        return new IngestOutcome(IngestOutcome.Status.INGESTED, "f.zip", "00", "2024-01", "ms", read, added,
                read - added - replaced, replaced, added, null);
    }
}
