package backtest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backtest.RunProgress;
import backtest.config.BacktestConfig;
import backtest.run.RunPlan;
import backtest.run.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.KlineStore;
import support.TestApp;

/** BacktestService: the planned run id before a run, progress while it runs, and a run stopped by its listener. */
class RunProgressIT {
    @TempDir
    static Path root;
    static KlineStore store;

    @BeforeAll
    static void oneMonth() throws Exception {
        store = TestApp.ingestGeneratedMonths(root, 5, YearMonth.of(2024, 1));
    }

    private static BacktestConfig config(Path out) {
        return BacktestConfig.parse("""
                start: 2024-01-05
                end: 2024-02-01
                interval: 15m
                strategy: {type: ema-cross, decision_every: 15m}
                output_dir: %s
                """.formatted(out));
    }

    @Test
    void the_plan_names_the_run_id_and_folder_the_run_gets() throws Exception {
        BacktestService service = new BacktestService(store, "test");
        BacktestConfig cfg = config(root.resolve("a"));
        RunPlan plan = service.plan(cfg);
        assertThat(plan.monthsRead()).isEqualTo(1);
        RunSummary run = service.run(cfg);
        assertThat(run.runId()).isEqualTo(plan.runId());
        assertThat(run.folder()).isEqualTo(plan.folder());
    }

    @Test
    void progress_goes_through_the_phases_with_bar_counts() throws Exception {
        List<String> seen = new ArrayList<>();
        new BacktestService(store, "test").run(config(root.resolve("b")), (phase, done, total) -> {
            if (seen.isEmpty() || !seen.getLast().startsWith(phase.name()) || done == total) {
                seen.add(phase + " " + done + "/" + total);
            }
        });
        int bars = 27 * 96;
        assertThat(seen).startsWith("LOADING 0/0", "RUNNING 0/" + bars)
                .endsWith("RUNNING " + bars + "/" + bars, "WRITING " + bars + "/" + bars, "PUBLISHING " + bars + "/" + bars);
    }

    @Test
    void a_listener_that_throws_stops_the_run_and_leaves_no_folder() throws Exception {
        for (RunProgress.Phase stopAt : RunProgress.Phase.values()) {
            Path out = root.resolve("c-" + stopAt);
            assertThatThrownBy(() -> new BacktestService(store, "test").run(config(out), (phase, done, total) -> {
                if (phase == stopAt && (phase != RunProgress.Phase.RUNNING || done > 0)) { // RUNNING: mid-run
                    throw new CancellationException("stopped at " + phase);
                }
            })).isInstanceOf(CancellationException.class);
            if (Files.exists(out)) {
                try (var left = Files.list(out)) {
                    assertThat(left.toList()).as(stopAt.name()).isEmpty();
                }
            }
        }
    }
}
