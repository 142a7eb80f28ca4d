package backtest;

import static org.assertj.core.api.Assertions.assertThat;

import backtest.config.BacktestConfig;
import backtest.strategy.Strategies;
import features.FeatureFrame;
import features.indicators.IndicatorSpec;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link BacktestEngine#metrics} (a sweep's run: no decision log, fills counted not kept, equity in a reused buffer)
 * gives the metrics of a full {@link BacktestEngine#run} bit for bit, whatever the fill mode, risk rules, decision
 * spacing, fees and sizes, with one workspace reused across runs of different lengths (a longer run first leaves
 * stale equity past the next run's end).
 */
class MetricsOnlyRunTest {
    @Test
    void metrics_only_equal_a_full_runs_metrics_with_one_workspace_reused() throws Exception {
        FeatureFrame month = TestFrames.generated(7, YearMonth.of(2024, 1), 1,
                IndicatorSpec.parse("ema,rsi").withPeriods(java.util.Map.of("ema_fast", 5, "ema_slow", 40)));
        FeatureFrame week = month.slice(0, 10_080);
        List<BacktestConfig> configs = List.of(
                TestConfigs.of("end: 2024-02-01", "fee_rate: 0.001", "slippage_bps: 1", "min_notional: 5",
                        "step_size: 0.00001"),
                TestConfigs.of("end: 2024-02-01", "fee_rate: 0.001", "strategy: {type: ema-cross, size_pct: 0.4}",
                        "execution: {fill: next_open}"),
                TestConfigs.of("end: 2024-02-01", "fee_rate: 0.002", "slippage_bps: 3",
                        "risk: {stop_loss_pct: 0.003, take_profit_pct: 0.004, trailing_stop_pct: 0.002}"),
                TestConfigs.of("end: 2024-02-01", "strategy: {type: ema-cross, decision_every: 15m, size_pct: 0.7}"),
                TestConfigs.of("end: 2024-02-01", "strategy: {type: rsi-threshold, buy_below: 35, sell_above: 60}"));
        BacktestEngine.Workspace ws = new BacktestEngine.Workspace();
        int compared = 0;
        int trades = 0;
        for (BacktestConfig cfg : configs) {
            for (FeatureFrame frame : List.of(month, week)) { // long then short: the buffer holds stale rows
                Metrics full = BacktestEngine.run(cfg, frame, Strategies.of(cfg.strategy())).metrics();
                Metrics lean = BacktestEngine.metrics(cfg, frame, null, Strategies.of(cfg.strategy()), ws);
                assertThat(lean).as("%s over %d bars", cfg.strategy(), frame.size()).isEqualTo(full);
                trades += full.roundTrips();
                compared++;
            }
        }
        assertThat(compared).isEqualTo(10);
        assertThat(trades).as("the runs trade: the fill counters are exercised").isGreaterThan(100);
    }
}
