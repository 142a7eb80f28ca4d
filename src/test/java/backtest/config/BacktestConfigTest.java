package backtest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backtest.TestConfigs;
import features.GapPolicy;
import features.Interval;
import features.indicators.IndicatorKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The backtest YAML: the shipped example, defaults, every refusal naming its key, the resolved YAML. */
class BacktestConfigTest {

    private static void refused(String expectedMessage, String... lines) {
        assertThatThrownBy(() -> TestConfigs.of(lines)).isInstanceOf(ConfigException.class)
                .hasMessage(expectedMessage);
    }

    @Test
    void the_shipped_example_config_loads() {
        BacktestConfig c = BacktestConfig.load(Path.of("configs/backtest.yaml"));
        assertThat(c.symbol()).isEqualTo("BTCUSDT");
        assertThat(c.start()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(c.end()).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(c.interval()).isEqualTo(Interval.H1);
        assertThat(c.feeRate()).isEqualTo(0.001);
        assertThat(c.minNotional()).isEqualTo(5);
        assertThat(c.stepSize()).isEqualTo(0.00001);
        assertThat(c.gapPolicy()).isEqualTo(GapPolicy.FFILL);
        assertThat(c.indicators().enabled()).containsExactlyInAnyOrder(IndicatorKind.EMA, IndicatorKind.RSI,
                IndicatorKind.CMF);
        assertThat(c.strategy().type()).isEqualTo(StrategyType.EMA_CROSS);
        assertThat(c.strategy().decisionEvery()).isEqualTo(Duration.ofHours(1));
        assertThat(c.strategy().sizePct()).isEqualTo(1.0);
        assertThat(c.minCoverage()).isEqualTo(0.99);
        assertThat(c.fullDecisionLog()).isFalse();
    }

    @Test
    void defaults_fill_what_is_left_out() {
        BacktestConfig c = BacktestConfig.parse("start: 2024-01-01\nend: 2024-01-02T12:00:00Z\n"
                + "strategy: {type: rsi-threshold}\n");
        assertThat(c.initialCash()).isEqualTo(10_000);
        assertThat(c.slippageBps()).isEqualTo(1);
        assertThat(c.interval()).isEqualTo(Interval.M1);
        assertThat(c.strategy().params()).isEqualTo(new StrategyParams.Declared(java.util.Map.of("buy_below", 30.0, "sell_above", 70.0)));
        assertThat(c.indicators().has(IndicatorKind.RSI)).isTrue();
        assertThat(c.outputDir()).isEqualTo("data/backtests");
    }

    @Test
    void unknown_keys_are_refused_with_their_path() {
        assertThatThrownBy(() -> TestConfigs.of("fees: 0.1")).hasMessageStartingWith("fees: unknown key (known here: ");
        // a parameter of another strategy type is unknown here
        assertThatThrownBy(() -> TestConfigs.of("strategy: {type: ema-cross, buy_below: 20}"))
                .hasMessage("strategy.buy_below: unknown key (known here: decision_every, size_pct, type; for type ema-cross)");
    }

    @Test
    void a_misspelt_key_is_named_with_the_closest_known_key() {
        refused("strategy.typ: unknown key (did you mean strategy.type?)", "strategy: {typ: ema-cross}");
        refused("strategy.sizepct: unknown key (did you mean strategy.size_pct?)",
                "strategy: {type: ema-cross, sizepct: 0.5}");
        refused("strategy.buy_belw: unknown key (did you mean strategy.buy_below?)",
                "strategy: {type: rsi-threshold, buy_belw: 20}");
        refused("fee_rte: unknown key (did you mean fee_rate?)", "fee_rte: 0.001");
        refused("Fee_Rate: unknown key (did you mean fee_rate?)", "Fee_Rate: 0.001");
        refused("indicators.ema_fats: unknown key (did you mean indicators.ema_fast?)", "indicators: {ema_fats: 10}");
        refused("stratgy: unknown key (did you mean strategy?)", "stratgy: {type: ema-cross}");
    }

    @Test
    void an_empty_value_is_refused_for_every_key_instead_of_reading_as_the_default() {
        for (String key : new String[] {"symbol", "interval", "initial_cash", "fee_rate", "slippage_bps", "min_notional",
            "step_size", "gap_policy", "indicators", "output_dir"}) {
            refused(key + ": empty value; give a value or remove the key", key + ":");
        }
        for (String key : new String[] {"start", "end", "strategy"}) {
            refused(key + ": empty value; give a value", key + ":");
        }
        refused("strategy.type: empty value; give a value", "strategy: {type: }");
        refused("strategy.decision_every: empty value; give a value or remove the key",
                "strategy: {type: ema-cross, decision_every: }");
        refused("strategy.size_pct: empty value; give a value or remove the key", "strategy: {type: ema-cross, size_pct: }");
        refused("strategy.sell_above: empty value; give a value or remove the key",
                "strategy: {type: rsi-threshold, sell_above: }");
        refused("strategy.window: empty value; give a value or remove the key", "strategy: {type: llm, window: }");
        refused("strategy.llm: empty value; give a value or remove the key", "strategy: {type: llm, llm: }");
        refused("strategy.llm.model: empty value; give a value or remove the key", "strategy: {type: llm, llm: {model: }}");
        refused("strategy.from_run: empty value; give a value", "strategy: {type: replay, from_run: }");
        refused("indicators.ema_fast: empty value; give a value or remove the key", "indicators: {ema_fast: }");
        // the same in block style, as a config file has it
        assertThatThrownBy(() -> BacktestConfig.parse("start: 2024-01-01\nend: 2024-02-01\nfee_rate:\n"
                + "strategy:\n  type: ema-cross\n")).hasMessage("fee_rate: empty value; give a value or remove the key");
    }

    @Test
    void bad_values_are_refused_with_their_key() {
        refused("strategy.size_pct: must be within [0, 1], got 1.5", "strategy: {type: ema-cross, size_pct: 1.5}");
        refused("fee_rate: must be within [0, 0.1], got 0.2", "fee_rate: 0.2");
        refused("initial_cash: must be > 0, got 0", "initial_cash: 0");
        refused("slippage_bps: must be >= 0, got -1", "slippage_bps: -1");
        refused("initial_cash: must be a number, got \"lots\"", "initial_cash: lots");
        refused("end: must be after start (2024-01-01T00:00:00Z), got 2024-01-01T00:00:00Z", "end: 2024-01-01");
        refused("start: must be an ISO date (2024-01-01) or UTC instant (2024-01-01T00:00:00Z), got '2024-13-01'",
                "start: 2024-13-01");
        refused("interval: unknown interval '7m' (one of 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 1w)", "interval: 7m");
        refused("gap_policy: must be one of ffill, drop, none, got 'skip'", "gap_policy: skip");
        refused("strategy.type: must be one of ema-cross | rsi-threshold | llm | replay, got 'macd'",
                "strategy: {type: macd}");
        refused("strategy.decision_every: must be a multiple of the interval 15m, got '20m'",
                "interval: 15m", "strategy: {type: ema-cross, decision_every: 20m}");
        refused("strategy.decision_every: must look like 1m, 15m, 4h, 1d or 1w, got 'hourly'",
                "strategy: {type: ema-cross, decision_every: hourly}");
        refused("strategy.buy_below: must be below sell_above (20), got 30",
                "strategy: {type: rsi-threshold, sell_above: 20}");
        refused("strategy.from_run: required", "strategy: {type: replay}");
        refused("indicators.ema_fast: ema_fast (30) must be < ema_slow (26)", "indicators: {ema_fast: 30}");
        refused("indicators.rsi: must be a whole number > 0, got 2.5", "indicators: {rsi: 2.5}");
        refused("symbol: must be an upper-case exchange symbol like BTCUSDT, got 'btc usdt'", "symbol: btc usdt");
    }

    @Test
    void llm_and_replay_blocks_are_kept_for_their_strategies() {
        BacktestConfig llm = TestConfigs.of("strategy: {type: llm, window: 30, llm: {model: m1, temperature: 0}}");
        assertThat(llm.strategy().params()).isInstanceOfSatisfying(StrategyParams.Llm.class, p -> {
            assertThat(p.window()).isEqualTo(30);
            assertThat(p.llm()).containsEntry("model", "m1").containsEntry("temperature", 0);
        });
        BacktestConfig replay = TestConfigs.of("strategy: {type: replay, from_run: runs/2024-run-1}");
        assertThat(replay.strategy().params()).isEqualTo(new StrategyParams.Replay("runs/2024-run-1"));
    }

    @Test
    void the_resolved_yaml_has_every_default_and_reads_back_to_the_same_config() {
        BacktestConfig c = BacktestConfig.parse("start: 2024-01-01\nend: 2024-02-01\n"
                + "strategy: {type: rsi-threshold, decision_every: 60m}\n");
        String yaml = c.toYaml();
        assertThat(yaml).contains("min_notional: 5.0", "step_size: 1.0E-5", "decision_every: 1h", "buy_below: 30.0",
                "start: 2024-01-01T00:00:00Z", "gap_policy: ffill", "ema_fast: 12");
        assertThat(BacktestConfig.parse(yaml)).isEqualTo(c);
        assertThat(BacktestConfig.parse(yaml).toYaml()).isEqualTo(yaml);
    }
}
