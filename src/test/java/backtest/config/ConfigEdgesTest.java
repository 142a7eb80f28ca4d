package backtest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backtest.TestConfigs;
import org.junit.jupiter.api.Test;

/**
 * The config parser at its edges: the inclusive ends of the {@code risk} range, the {@code data} and
 * {@code decision_log} keys, weekly bars, whole-number parameters and periods at 1 and 0, and broken YAML named
 * with its line and column.
 */
class ConfigEdgesTest {
    private static void refused(String expectedMessage, String... lines) {
        assertThatThrownBy(() -> TestConfigs.of(lines)).isInstanceOf(ConfigException.class)
                .hasMessage(expectedMessage);
    }

    @Test
    void risk_fractions_take_1_but_not_0() {
        BacktestConfig one = TestConfigs.of("risk: {stop_loss_pct: 1, take_profit_pct: 1, trailing_stop_pct: 1}");
        assertThat(one.risk()).isEqualTo(new RiskConfig(1, 1, 1));
        refused("risk.stop_loss_pct: must be within (0, 1] (a fraction: 0.02 = 2 %), got 0", "risk: {stop_loss_pct: 0}");
        refused("risk.take_profit_pct: must be within (0, 1] (a fraction: 0.02 = 2 %), got 1.5",
                "risk: {take_profit_pct: 1.5}");
        refused("risk.trailing_stop_pct: must be within (0, 1] (a fraction: 0.02 = 2 %), got -0.1",
                "risk: {trailing_stop_pct: -0.1}");
        assertThat(TestConfigs.of("risk: {stop_loss_pct: 0.02}").risk().takeProfitPct()).isNaN();
    }

    @Test
    void the_data_block_and_the_decision_log_take_only_their_keys_and_values() {
        assertThat(TestConfigs.of("data: {min_coverage: 0}").minCoverage()).isZero();
        assertThat(TestConfigs.of("data: {min_coverage: 1}").minCoverage()).isEqualTo(1.0);
        assertThatThrownBy(() -> TestConfigs.of("data: {coverage: 0.5}")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("data.coverage: unknown key");
        refused("data.min_coverage: must be within [0, 1], got 1.1", "data: {min_coverage: 1.1}");
        assertThat(TestConfigs.of("decision_log: full").fullDecisionLog()).isTrue();
        assertThat(TestConfigs.of("decision_log: compact").fullDecisionLog()).isFalse();
        assertThat(TestConfigs.of().fullDecisionLog()).isFalse();
        refused("decision_log: must be compact or full, got 'all'", "decision_log: all");
        assertThat(TestConfigs.of("execution: {fill: close}").execution()).isEqualTo(ExecutionConfig.DEFAULT);
        refused("execution.fill: must be close or next_open, got 'open'", "execution: {fill: open}");
    }

    @Test
    void weekly_bars_decide_at_every_bar_and_other_intervals_at_any_multiple() {
        assertThat(TestConfigs.of("interval: 1w", "strategy: {type: ema-cross, decision_every: 1w}").strategy()
                .decisionEvery()).hasDays(7);
        refused("strategy.decision_every: must be a multiple of the interval 1w (weekly bars decide every bar), got '2w'",
                "interval: 1w", "strategy: {type: ema-cross, decision_every: 2w}");
        assertThat(TestConfigs.of("interval: 1d", "strategy: {type: ema-cross, decision_every: 2w}").strategy()
                .decisionEvery()).hasDays(14);
        assertThat(TestConfigs.of("interval: 1h", "strategy: {type: ema-cross, decision_every: 1d}").strategy()
                .decisionEvery()).hasHours(24);
        refused("strategy.decision_every: must look like 1m, 15m, 4h, 1d or 1w, got '0m'",
                "strategy: {type: ema-cross, decision_every: 0m}");
    }

    @Test
    void whole_number_parameters_and_periods_start_at_1() {
        assertThat(TestConfigs.of("indicators: {rsi: 1}").indicators().toString()).contains("rsi");
        refused("indicators.rsi: must be a whole number > 0, got 0", "indicators: {rsi: 0}");
        // whole numbers print without a fraction below 10^15, in exponent form from there
        refused("fee_rate: must be within [0, 0.1], got 999999999999999", "fee_rate: 999999999999999");
        refused("fee_rate: must be within [0, 0.1], got 1.0E15", "fee_rate: 1000000000000000");
        assertThat(TestConfigs.of("strategy: {type: llm, window: 1}").strategy().params())
                .isInstanceOfSatisfying(StrategyParams.Llm.class, p -> assertThat(p.window()).isEqualTo(1));
        refused("strategy.window: must be a whole number, got 2.5", "strategy: {type: llm, window: 2.5}");
        refused("strategy.window: must be a whole number, got \"ten\"", "strategy: {type: llm, window: ten}");
        refused("strategy.llm: must be a mapping, got \"gpt\"", "strategy: {type: llm, llm: gpt}");
        refused("strategy.buy_below: must be a number, got \"low\"", "strategy: {type: rsi-threshold, buy_below: low}");
    }

    @Test
    void broken_yaml_is_named_with_its_line_and_column() {
        assertThatThrownBy(() -> BacktestConfig.parse("start: 2024-01-01\nstrategy: [ema-cross\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("not valid YAML: expected ',' or ']', but got <stream end> (line 3, column 1)");
        assertThatThrownBy(() -> BacktestConfig.parse("a: b\n  c: d\n"))
                .hasMessage("not valid YAML: mapping values are not allowed here (line 2, column 4)");
        assertThatThrownBy(() -> BacktestConfig.parse("start: 2024-01-01\nstart: 2024-02-01\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("not valid YAML: Duplicate field 'start' (line 2, column 6)");
        assertThatThrownBy(() -> BacktestConfig.parse("")).isInstanceOf(ConfigException.class)
                .hasMessage("empty config");
    }
}
