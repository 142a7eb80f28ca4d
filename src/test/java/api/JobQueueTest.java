package api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backtest.config.BacktestConfig;
import backtest.config.ConfigException;
import backtest.run.RunPlan;
import backtest.RunProgress;
import backtest.run.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.Await;

/** The job queue with a scripted runner: bounds, joining, cancelling, failures, persistence and resumption. */
class JobQueueTest {
    @TempDir
    Path root;
    private JobQueue queue;
    private final ScriptedRunner runner = new ScriptedRunner();

    private static final BacktestConfig CONFIG = BacktestConfig.parse("""
            start: 2024-01-01
            end: 2024-02-01
            strategy: {type: ema-cross}
            output_dir: out
            """);

    /** Runs block until released; a run "fails" or "stops" when told to; the run folder is made on success. */
    final class ScriptedRunner implements BacktestRunner {
        final Map<String, CountDownLatch> release = new ConcurrentHashMap<>();
        final Map<String, RuntimeException> failWith = new ConcurrentHashMap<>();
        final List<String> started = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile String current;

        @Override
        public RunPlan plan(BacktestConfig cfg) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RunSummary run(BacktestConfig cfg, RunProgress progress) {
            String id = current;
            // the gate exists before the run is seen as started: a test that waits for `started` then releases it
            CountDownLatch gate = release.computeIfAbsent(id, k -> new CountDownLatch(1));
            started.add(id);
            progress.update(RunProgress.Phase.LOADING, 0, 0);
            try {
                while (!gate.await(20, TimeUnit.MILLISECONDS)) {
                    progress.update(RunProgress.Phase.RUNNING, 5, 10); // may throw: cancel / stop
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            RuntimeException fail = failWith.get(id);
            if (fail != null) {
                throw fail;
            }
            progress.update(RunProgress.Phase.PUBLISHING, 10, 10);
            Path folder = root.resolve("runs").resolve(id);
            try {
                Files.createDirectories(folder);
                Files.writeString(folder.resolve("metrics.json"), "{}");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new RunSummary(id, folder, "ema-cross", 10, 0, 0, null, null, null, 1);
        }
    }

    private JobQueue queue(int workers, int capacity) throws Exception {
        JobStore store = new JobStore(root.resolve("jobs"));
        // the runner learns which job it runs from the job's config (here: one config, so the queue's order)
        queue = new JobQueue(store, new BacktestRunner() {
            @Override
            public RunPlan plan(BacktestConfig cfg) {
                throw new UnsupportedOperationException();
            }

            @Override
            public RunSummary run(BacktestConfig cfg, RunProgress progress) {
                return runner.run(cfg, progress);
            }
        }, workers, capacity, Clock.systemUTC());
        return queue;
    }

    @AfterEach
    void stop() {
        runner.release.values().forEach(CountDownLatch::countDown);
        if (queue != null) {
            queue.stop(5_000);
        }
    }

    private Job.Snapshot awaitStatus(String id, JobStatus status) {
        Await.until(id + " " + status + " (" + queue.jobs().stream().map(j -> j.id() + "=" + j.status()).toList() + ")",
                Duration.ofSeconds(10), () -> queue.job(id).orElseThrow().status() == status);
        return queue.job(id).orElseThrow().snapshot();
    }

    private void submit(String id) {
        runner.release.putIfAbsent(id, new CountDownLatch(1));
        queue.submit(id, CONFIG);
    }

    /** Submits {@code id} and waits until the (single) worker runs it. */
    private void submitAndRun(String id) {
        runner.current = id;
        submit(id);
        awaitStatus(id, JobStatus.RUNNING);
        Await.until(id + " in the runner", Duration.ofSeconds(10), () -> runner.started.contains(id));
    }

    @Test
    void a_full_queue_refuses_with_429_and_retry_after() throws Exception {
        queue(1, 2).start();
        submitAndRun("ema-cross-00000000000a");
        submit("ema-cross-00000000000b");
        submit("ema-cross-00000000000c");
        assertThat(queue.depth()).isEqualTo(2);
        assertThatThrownBy(() -> queue.submit("ema-cross-00000000000d", CONFIG)).isInstanceOf(ApiException.class)
                .satisfies(e -> {
                    ApiException a = (ApiException) e;
                    assertThat(a.problem().status()).isEqualTo(429);
                    assertThat(Long.parseLong(a.headers().get("Retry-After"))).isBetween(1L, 3600L);
                });
    }

    @Test
    void the_same_id_joins_the_queued_or_running_job() throws Exception {
        queue(1, 1).start();
        submitAndRun("ema-cross-00000000000a");
        JobQueue.Submitted again = queue.submit("ema-cross-00000000000a", CONFIG);
        assertThat(again.created()).isFalse();
        submit("ema-cross-00000000000b");
        assertThat(queue.submit("ema-cross-00000000000b", CONFIG).created()).isFalse(); // joins, queue full or not
    }

    @Test
    void a_queued_job_is_cancelled_at_once_a_running_one_at_its_next_update() throws Exception {
        queue(1, 4).start();
        submitAndRun("ema-cross-00000000000a");
        submit("ema-cross-00000000000b");
        assertThat(queue.cancel("ema-cross-00000000000b", 0).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(queue.depth()).isZero();
        Job.Snapshot s = queue.cancel("ema-cross-00000000000a", 5_000);
        assertThat(s.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(root.resolve("runs/ema-cross-00000000000a")).doesNotExist();
        assertThatThrownBy(() -> queue.cancel("ema-cross-00000000000a", 0)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).problem().status()).isEqualTo(409));
        assertThat(runner.started).containsExactly("ema-cross-00000000000a"); // b never ran
    }

    @Test
    void a_failing_job_fails_alone_and_the_next_one_runs() throws Exception {
        queue(1, 4).start();
        runner.failWith.put("ema-cross-00000000000a", new ConfigException("start", "no bars stored"));
        runner.failWith.put("ema-cross-00000000000b", new IllegalStateException("boom"));
        for (String id : List.of("ema-cross-00000000000a", "ema-cross-00000000000b", "ema-cross-00000000000c")) {
            submitAndRun(id);
            runner.release.get(id).countDown();
        }
        assertThat(awaitStatus("ema-cross-00000000000a", JobStatus.FAILED).error().where()).containsEntry("key", "start");
        assertThat(awaitStatus("ema-cross-00000000000b", JobStatus.FAILED).error().detail()).contains("boom");
        assertThat(awaitStatus("ema-cross-00000000000c", JobStatus.DONE).record().runFolder()).endsWith("00000000000c");
    }

    @Test
    void every_state_is_on_disk_and_a_restart_resumes_queued_jobs_and_runs_a_crashed_one_once_more() throws Exception {
        JobStore store = new JobStore(root.resolve("jobs"));
        String yaml = CONFIG.toYaml();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        store.save(new JobRecord("ema-cross-00000000000a", "running", yaml, t, t, null, 0, null, null, null));
        store.save(new JobRecord("ema-cross-00000000000b", "queued", yaml, t.plusSeconds(1), null, null, 0, null, null, null));
        store.save(new JobRecord("ema-cross-00000000000c", "running", yaml, t.plusSeconds(2), t, null, 1, null, null, null));
        store.save(new JobRecord("ema-cross-00000000000d", "done", yaml, t.plusSeconds(3), t, t, 0, null, "runs/x", null));
        Files.writeString(store.dir().resolve("ema-cross-00000000000e.json"), "{ torn");
        queue(1, 4);
        runner.current = "ema-cross-00000000000a";
        List<String> notes = queue.start();
        assertThat(notes).hasSize(3).anyMatch(n -> n.contains("00000000000c") && n.contains("failed"));
        assertThat(queue.job("ema-cross-00000000000c").orElseThrow().status()).isEqualTo(JobStatus.FAILED);
        assertThat(store.dir().resolve("ema-cross-00000000000e.json.unreadable")).exists();
        awaitStatus("ema-cross-00000000000a", JobStatus.RUNNING);
        Await.until("a in the runner", Duration.ofSeconds(10), () -> runner.started.contains("ema-cross-00000000000a"));
        assertThat(queue.job("ema-cross-00000000000a").orElseThrow().snapshot().record().restarts()).isEqualTo(1);
        runner.current = "ema-cross-00000000000b";
        runner.release.get("ema-cross-00000000000a").countDown();
        awaitStatus("ema-cross-00000000000a", JobStatus.DONE);
        runner.release.computeIfAbsent("ema-cross-00000000000b", k -> new CountDownLatch(1)).countDown();
        awaitStatus("ema-cross-00000000000b", JobStatus.DONE);
        assertThat(new JobStore(store.dir()).loadAll()).extracting(JobRecord::status)
                .containsExactly("done", "done", "failed", "done");
    }

    @Test
    void stopping_the_service_puts_a_running_job_back_in_the_queue() throws Exception {
        queue(1, 4).start();
        submitAndRun("ema-cross-00000000000a");
        queue.stop(5_000);
        assertThat(new JobStore(root.resolve("jobs")).loadAll()).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo("queued"));
        assertThatThrownBy(() -> queue.submit("ema-cross-00000000000b", CONFIG))
                .satisfies(e -> assertThat(((ApiException) e).problem().status()).isEqualTo(503));
    }
}
