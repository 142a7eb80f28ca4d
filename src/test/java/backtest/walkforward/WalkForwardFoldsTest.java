package backtest.walkforward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fold windows worked by hand: rolling, anchored, a step other than the test length, nothing fitting, lengths. */
class WalkForwardFoldsTest {
    private static final Instant JAN1 = Instant.parse("2024-01-01T00:00:00Z");

    private static Instant day(int d) {
        return JAN1.plus(Duration.ofDays(d));
    }

    @Test
    void rolling_folds_move_by_the_test_length_and_end_inside_the_window() {
        List<WalkForwardFolds.Fold> f = new WalkForwardFolds(Duration.ofDays(30), Duration.ofDays(7), Duration.ofDays(7),
                false).folds(JAN1, day(60));
        // test ends 37, 44, 51, 58; a fifth would end at 65 > 60
        assertThat(f).containsExactly(new WalkForwardFolds.Fold(0, day(0), day(30), day(30), day(37)),
                new WalkForwardFolds.Fold(1, day(7), day(37), day(37), day(44)),
                new WalkForwardFolds.Fold(2, day(14), day(44), day(44), day(51)),
                new WalkForwardFolds.Fold(3, day(21), day(51), day(51), day(58)));
    }

    @Test
    void anchored_train_windows_start_at_the_start_and_grow() {
        List<WalkForwardFolds.Fold> f = new WalkForwardFolds(Duration.ofDays(30), Duration.ofDays(7), Duration.ofDays(14),
                true).folds(JAN1, day(60));
        // train ends 30, 44 (a third would test until 65 > 60)
        assertThat(f).containsExactly(new WalkForwardFolds.Fold(0, day(0), day(30), day(30), day(37)),
                new WalkForwardFolds.Fold(1, day(0), day(44), day(44), day(51)));
    }

    @Test
    void a_window_that_fits_no_fold_and_bad_lengths_are_refused_naming_the_option() {
        WalkForwardFolds spec = new WalkForwardFolds(Duration.ofDays(30), Duration.ofDays(7), Duration.ofDays(7), false);
        assertThat(spec.folds(JAN1, day(37))).hasSize(1);
        assertThatThrownBy(() -> spec.folds(JAN1, day(36))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--train 30d + --test 7d do not fit in the config's window 2024-01-01T00:00:00Z .. "
                        + "2024-02-06T00:00:00Z");
        assertThat(WalkForwardFolds.parse("--train", "30d")).isEqualTo(Duration.ofDays(30));
        assertThat(WalkForwardFolds.parse("--test", "12h")).isEqualTo(Duration.ofHours(12));
        assertThat(WalkForwardFolds.parse("--step", "90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(WalkForwardFolds.parse("--step", "2w")).isEqualTo(Duration.ofDays(14));
        assertThatThrownBy(() -> WalkForwardFolds.parse("--train", "30")).hasMessage(
                "--train: expected a length like 30d, 12h, 90m or 2w, got '30'");
        assertThatThrownBy(() -> WalkForwardFolds.parse("--test", "0d")).hasMessage("--test: must be positive, got '0d'");
        assertThat(spec.describe()).isEqualTo("train=30d test=7d step=7d anchored=false");
    }
}
