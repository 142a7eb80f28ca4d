package backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackfillRunsTest {
    private final BackfillRuns runs = new BackfillRuns(Clock.fixed(Instant.parse("2025-02-03T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void one_run_at_a_time_whoever_asks_and_the_last_one_is_kept() {
        BackfillRuns.Ticket api = runs.reserve(BackfillRuns.Source.API, YearMonth.of(2024, 3), YearMonth.of(2024, 4));
        assertThat(runs.status().running()).isSameAs(api);
        assertThatThrownBy(() -> runs.reserve(BackfillRuns.Source.TIMER, YearMonth.of(2025, 1), YearMonth.of(2025, 2)))
                .isInstanceOf(BackfillBusyException.class).hasMessageContaining("api, 2024-03..2024-04");

        BackfillReport report = new BackfillReport(List.of(new FileResult("a.zip", FileResult.Status.INGESTED, 10, null)),
                List.of(), 0, List.of(), 10, 5, null);
        runs.finish(api, report, null, 44_640);
        runs.finish(api, null, new IllegalStateException("late"), 0); // a second finish of the same ticket: ignored
        assertThat(runs.status().running()).isNull();
        assertThat(runs.status().last().report()).isSameAs(report);
        assertThat(runs.status().last().rowsAdded()).isEqualTo(44_640);
        assertThat(runs.status().last().error()).isNull();

        BackfillRuns.Ticket timer = runs.reserve(BackfillRuns.Source.TIMER, YearMonth.of(2025, 1), YearMonth.of(2025, 2));
        runs.finish(timer, null, new IllegalStateException("disk full"), 0);
        assertThat(runs.status().last().error()).isEqualTo("disk full");
    }

    @Test
    void progress_is_recorded_on_the_ticket_and_passed_on() {
        BackfillRuns.Ticket t = runs.reserve(BackfillRuns.Source.API, YearMonth.of(2024, 3), YearMonth.of(2024, 3));
        int[] told = new int[1];
        BackfillProgress p = BackfillRuns.tracking(t, new BackfillProgress() {
            @Override
            public void started(String file, int done, int planned) {
                told[0]++;
            }

            @Override
            public void finished(FileResult result, int done, int planned, long totalBytes, double bytesPerSecond) {
                told[0]++;
            }
        });
        p.started("BTCUSDT-1m-2024-03.zip", 0, 3);
        assertThat(t.progress()).isEqualTo(new BackfillRuns.Progress("BTCUSDT-1m-2024-03.zip", 0, 3, 0));
        p.finished(new FileResult("BTCUSDT-1m-2024-03.zip", FileResult.Status.INGESTED, 99, null), 1, 3, 99, 1);
        assertThat(t.progress()).isEqualTo(new BackfillRuns.Progress("BTCUSDT-1m-2024-03.zip", 1, 3, 99));
        assertThat(told[0]).isEqualTo(2);
    }
}
