package backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A strategy sees rows 0..decision bar only. */
class LookAheadTest {
    private static Strategy reading(int offset, String column) {
        return new Strategy() {
            @Override
            public Decision decide(DecisionContext ctx) {
                ctx.value(column, ctx.index() + offset);
                return Decision.HOLD;
            }

            @Override
            public String name() {
                return "peek";
            }
        };
    }

    @Test
    void reading_the_next_row_of_any_column_throws() {
        var frame = TestFrames.of(features.Interval.M1, new double[] {1, 2, 3},
                Map.of("ema_fast", new double[] {1, 2, 3}));
        for (String col : new String[] {"close", "open", "volume", "ema_fast"}) {
            assertThatThrownBy(() -> BacktestEngine.run(TestConfigs.of(), frame, reading(1, col)))
                    .isInstanceOf(LookAheadException.class).hasMessageContaining(col + " row 1 read at decision bar 0");
        }
    }

    @Test
    void rows_up_to_the_decision_bar_are_visible_and_the_window_ends_there() {
        var frame = TestFrames.of(10, 20, 30, 40);
        int[] windowSizes = new int[4];
        double[] lastClose = new double[4];
        BacktestEngine.run(TestConfigs.of(), frame, new Strategy() {
            @Override
            public Decision decide(DecisionContext ctx) {
                var w = ctx.window(3);
                windowSizes[ctx.index()] = w.size();
                lastClose[ctx.index()] = w.bars().close[w.size() - 1];
                ctx.value("close", 0);
                assertThat(ctx.account().close()).isEqualTo(ctx.series("close").current());
                return Decision.HOLD;
            }

            @Override
            public String name() {
                return "window";
            }
        });
        assertThat(windowSizes).containsExactly(1, 2, 3, 3);
        assertThat(lastClose).containsExactly(10, 20, 30, 40);
    }
}
