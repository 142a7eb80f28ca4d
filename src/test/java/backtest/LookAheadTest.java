package backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backtest.config.BacktestConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A strategy sees rows 0..decision bar only: with the default execution, risk rules, and next-open fills. */
class LookAheadTest {
    /** Extra config lines of each execution variant. */
    static List<String> executions() {
        return List.of("", "risk: {stop_loss_pct: 0.05, take_profit_pct: 0.1, trailing_stop_pct: 0.05}",
                "execution: {fill: next_open}\nrisk: {stop_loss_pct: 0.05}");
    }

    private static BacktestConfig config(String execution) {
        return TestConfigs.of(execution.isEmpty() ? new String[0] : execution.split("\n"));
    }

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

    @ParameterizedTest
    @MethodSource("executions")
    void reading_the_next_row_of_any_column_throws(String execution) {
        var frame = TestFrames.of(features.Interval.M1, new double[] {1, 2, 3},
                Map.of("ema_fast", new double[] {1, 2, 3}));
        for (String col : new String[] {"close", "open", "volume", "ema_fast"}) {
            assertThatThrownBy(() -> BacktestEngine.run(config(execution), frame, reading(1, col)))
                    .isInstanceOf(LookAheadException.class).hasMessageContaining(col + " row 1 read at decision bar 0");
        }
    }

    @ParameterizedTest
    @MethodSource("executions")
    void rows_up_to_the_decision_bar_are_visible_and_the_window_ends_there(String execution) {
        var frame = TestFrames.of(10, 20, 30, 40);
        int[] windowSizes = new int[4];
        double[] lastClose = new double[4];
        BacktestEngine.run(config(execution), frame, new Strategy() {
            @Override
            public Decision decide(DecisionContext ctx) {
                var w = ctx.window(3);
                windowSizes[ctx.index()] = w.size();
                lastClose[ctx.index()] = w.bars().close[w.size() - 1];
                ctx.value("close", 0);
                assertThat(ctx.account().close()).isEqualTo(ctx.series("close").current());
                // buy and sell in turn, so that fills (at the close or the next open) and risk checks happen
                return ctx.index() % 2 == 0 ? Decision.buy(1.0, "") : Decision.sell(1.0, "");
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
