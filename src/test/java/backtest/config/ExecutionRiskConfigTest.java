package backtest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backtest.TestConfigs;
import org.junit.jupiter.api.Test;

/** The {@code execution} and {@code risk} blocks: parsing, refusals, and a resolved config that omits the defaults. */
class ExecutionRiskConfigTest {

    @Test
    void both_blocks_are_optional_and_default_to_close_fills_without_risk_rules() {
        BacktestConfig cfg = TestConfigs.of();
        assertThat(cfg.execution()).isEqualTo(ExecutionConfig.DEFAULT);
        assertThat(cfg.risk().any()).isFalse();
        assertThat(cfg.executionAware()).isFalse();
    }

    @Test
    void the_resolved_config_of_a_default_config_has_neither_block_so_its_run_id_does_not_change() {
        String yaml = TestConfigs.of().toYaml();
        assertThat(yaml).doesNotContain("execution").doesNotContain("risk");
        // an explicit default is the same config: the same resolved text, the same run id
        assertThat(TestConfigs.of("execution: {fill: close}").toYaml()).isEqualTo(yaml);
        assertThat(TestConfigs.of("risk: {}").toYaml()).isEqualTo(yaml);
    }

    @Test
    void set_values_are_read_written_back_and_read_again_unchanged() {
        BacktestConfig cfg = TestConfigs.of("execution: {fill: next_open}",
                "risk: {stop_loss_pct: 0.02, take_profit_pct: 0.05, trailing_stop_pct: 0.03}");
        assertThat(cfg.execution().fill()).isEqualTo(ExecutionConfig.FillAt.NEXT_OPEN);
        assertThat(cfg.risk()).isEqualTo(new RiskConfig(0.02, 0.05, 0.03));
        assertThat(cfg.toYaml()).contains("execution:\n  fill: next_open\n")
                .contains("risk:\n  stop_loss_pct: 0.02\n  take_profit_pct: 0.05\n  trailing_stop_pct: 0.03\n");
        assertThat(BacktestConfig.parse(cfg.toYaml())).isEqualTo(cfg);
        BacktestConfig one = TestConfigs.of("risk: {trailing_stop_pct: 0.1}");
        assertThat(one.risk().stopLossPct()).isNaN();
        assertThat(one.toYaml()).contains("risk:\n  trailing_stop_pct: 0.1\n");
        assertThat(one.executionAware()).isTrue();
    }

    @Test
    void bad_values_and_unknown_keys_are_refused_naming_the_key() {
        assertThatThrownBy(() -> TestConfigs.of("execution: {fill: next_close}")).isInstanceOf(ConfigException.class)
                .hasMessage("execution.fill: must be close or next_open, got 'next_close'");
        assertThatThrownBy(() -> TestConfigs.of("risk: {stop_loss_pct: 0}"))
                .hasMessage("risk.stop_loss_pct: must be within (0, 1] (a fraction: 0.02 = 2 %), got 0");
        assertThatThrownBy(() -> TestConfigs.of("risk: {take_profit_pct: 1.5}"))
                .hasMessage("risk.take_profit_pct: must be within (0, 1] (a fraction: 0.02 = 2 %), got 1.5");
        assertThatThrownBy(() -> TestConfigs.of("risk: {trailing_stop_pct: -0.1}"))
                .hasMessageStartingWith("risk.trailing_stop_pct: must be within (0, 1]");
        assertThatThrownBy(() -> TestConfigs.of("risk: {stop_loss: 0.1}")).hasMessageStartingWith("risk.stop_loss: unknown key");
        assertThatThrownBy(() -> TestConfigs.of("execution: {slippage: 2}"))
                .hasMessageStartingWith("execution.slippage: unknown key");
        assertThatThrownBy(() -> TestConfigs.of("risk: {stop_loss_pct: '5%'}"))
                .hasMessageStartingWith("risk.stop_loss_pct: must be a number");
    }
}
