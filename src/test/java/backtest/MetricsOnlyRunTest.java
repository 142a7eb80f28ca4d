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

    /**
     * The bars between crosses that a metrics-only ema-cross run passes without asking ({@link HoldScan}), with
     * forward-filled bars (never asked: no market data) scattered and in stretches, fast and slow EMA pairs, sizes
     * that trim, fills at the close and at the next open: the figures of the full run.
     */
    @Test
    void bars_passed_between_crosses_give_the_full_runs_metrics_with_filled_bars() throws Exception {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(14);
        BacktestEngine.Workspace ws = new BacktestEngine.Workspace();
        int trades = 0;
        int[][] pairs = {{2, 50}, {5, 40}, {12, 26}, {30, 200}};
        for (int[] p : pairs) {
            FeatureFrame frame = TestFrames.generated(p[0] * 31L + p[1], YearMonth.of(2024, 1), 1,
                    IndicatorSpec.parse("ema").withPeriods(java.util.Map.of("ema_fast", p[0], "ema_slow", p[1])));
            byte[] flags = frame.bars().flags;
            for (int k = 0; k < 40; k++) { // forward-filled minutes: single ones and stretches, one at the end
                int at = k == 0 ? frame.size() - 1 : rnd.nextInt(frame.size());
                for (int j = at; j < Math.min(frame.size(), at + 1 + rnd.nextInt(k % 2 == 0 ? 2 : 200)); j++) {
                    flags[j] |= features.Bars.FILLED | features.Bars.NO_REAL_MINUTE;
                }
            }
            flags[0] |= features.Bars.FILLED | features.Bars.NO_REAL_MINUTE;
            for (String lines : List.of("strategy: {type: ema-cross, size_pct: 1.0}",
                    "strategy: {type: ema-cross, size_pct: 0.3}\nexecution: {fill: next_open}",
                    "strategy: {type: ema-cross, size_pct: 0.6}\nfee_rate: 0.001\nslippage_bps: 2")) {
                BacktestConfig cfg = TestConfigs.of(("end: 2024-02-01\n" + lines).split("\n"));
                BacktestResult run = BacktestEngine.run(cfg, frame, Strategies.of(cfg.strategy()));
                Metrics lean = BacktestEngine.metrics(cfg, frame, null, Strategies.of(cfg.strategy()), ws);
                assertThat(lean).as("%s %s", java.util.Arrays.toString(p), lines).isEqualTo(run.metrics());
                assertThat(run.noMarketDataDecisions()).isGreaterThan(40);
                trades += run.metrics().roundTrips();
            }
        }
        assertThat(trades).as("the runs trade").isGreaterThan(1_000);
    }
}
