package backtest.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backtest.Action;
import backtest.BacktestEngine;
import backtest.BacktestResult;
import backtest.Decision;
import backtest.Metrics;
import backtest.TestConfigs;
import backtest.TestFrames;
import backtest.config.BacktestConfig;
import backtest.config.ConfigException;
import backtest.config.StrategyParams;
import backtest.plugin.ParamException;
import backtest.plugin.ParamSpec;
import backtest.plugin.PluginParams;
import backtest.plugin.StrategyPlugin;
import backtest.plugin.WiredPlugin;
import features.FeatureFrame;
import features.Interval;
import features.indicators.IndicatorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in strategies decision by decision on hand-made indicator columns, their plug-in descriptions and
 * parameter rules, and the replay of a decision log (what it replays, what it skips, what it refuses).
 */
class StrategyRulesTest {
    static final double NAN = Double.NaN;
    static final BacktestConfig CFG = TestConfigs.of("strategy: {type: ema-cross}");

    @TempDir
    Path dir;

    private static FeatureFrame frame(Map<String, double[]> columns) {
        int n = columns.values().iterator().next().length;
        double[] closes = new double[n];
        for (int i = 0; i < n; i++) {
            closes[i] = 100 + (i % 3);
        }
        return TestFrames.of(Interval.M1, closes, columns);
    }

    private static List<Decision> decisions(BacktestResult r) {
        return java.util.stream.IntStream.range(0, r.decisions().size()).mapToObj(r.decisions()::decision).toList();
    }

    private static PluginParams params(Map<String, Object> values, double size) {
        return new PluginParams(values, size, Duration.ofMinutes(1));
    }

    @Test
    void rsi_threshold_buys_below_sells_above_and_holds_inside_and_while_warming() {
        RsiThresholdStrategy s = new RsiThresholdStrategy(0.25, 30, 70);
        assertThat(s.name()).isEqualTo("rsi-threshold");
        BacktestResult r = BacktestEngine.run(CFG, frame(Map.of("rsi", new double[] {NAN, 20, 30, 50, 70, 80, 29.99})),
                s);
        Decision inside = Decision.noSignal("rsi within [30.0, 70.0]");
        assertThat(decisions(r)).containsExactly(Decision.hold("rsi still warming up"), Decision.buy(0.25, "rsi below 30.0"),
                inside, inside, inside, Decision.sell(0.25, "rsi above 70.0"), Decision.buy(0.25, "rsi below 30.0"));
        assertThat(r.decisions().decision(0).routine()).isFalse();
        assertThatThrownBy(() -> new RsiThresholdStrategy(1, 70, 30)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("buy_below (70.0) must be < sell_above (30.0)");
        assertThatThrownBy(() -> new RsiThresholdStrategy(1, 50, 50)).hasMessage("buy_below (50.0) must be < sell_above (50.0)");
        assertThatThrownBy(() -> new RsiThresholdStrategy(1, NAN, 50)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ema_cross_needs_the_other_side_seen_and_touching_is_no_cross() {
        EmaCrossStrategy s = new EmaCrossStrategy(0.5);
        assertThat(s.name()).isEqualTo("ema-cross");
        double[] fast = {NAN, 1, 2, 1, 2, 1, 1, 2, 1, 0.5, 1, 3};
        double[] slow = {1, NAN, 1, 1, 1, 2, 1, 1, 2, 2, 1, 1};
        BacktestResult r = BacktestEngine.run(CFG, frame(Map.of("ema_fast", fast, "ema_slow", slow)), s);
        Decision warming = Decision.hold("EMAs still warming up");
        Decision equal = Decision.noSignal("ema_fast equals ema_slow: no side");
        Decision above = Decision.noSignal("no cross: ema_fast stays above ema_slow");
        Decision below = Decision.noSignal("no cross: ema_fast stays below ema_slow");
        Decision buy = Decision.buy(0.5, "ema_fast crossed above ema_slow");
        Decision sell = Decision.sell(0.5, "ema_fast crossed below ema_slow");
        // row 2: the first warm bar only sets the side; 3 touching; 5 below after above: SELL; 6 touching keeps the
        // side (below), so 7 above is a BUY; 10 touching, 11 above again after below at 9: BUY
        assertThat(decisions(r)).containsExactly(warming, warming, above, equal, above, sell, equal, buy, sell, below,
                equal, buy);
        // a second run of the same instance starts again: begin resets the side
        BacktestResult again = BacktestEngine.run(CFG, frame(Map.of("ema_fast", new double[] {1, 2},
                "ema_slow", new double[] {2, 1})), s);
        assertThat(decisions(again)).containsExactly(below, buy);
        BacktestResult fresh = BacktestEngine.run(CFG, frame(Map.of("ema_fast", new double[] {2},
                "ema_slow", new double[] {1})), s);
        assertThat(decisions(fresh)).containsExactly(above);
    }

    @Test
    void ema_cross_skipping_holds_gives_the_figures_of_asking_at_every_bar() {
        double[][] cases = {
            {NAN, NAN, 1, 2, 2, 1, 1, 0.5, 2, 2, 3, 1, 1, 1, 3},
            {1, 1, 1, 3, 1, 1, 2, 2, 1, 1, 2, 3, 3, 2, 0.5},
            {2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2},
        };
        double[] slow = {1, 1, 1, 1, 1.5, 1.5, 1, 1, 1, 2, 2, 2, 1, 1, 1};
        for (double[] fast : cases) {
            FeatureFrame f = frame(Map.of("ema_fast", fast, "ema_slow", slow));
            Metrics full = BacktestEngine.run(CFG, f, new EmaCrossStrategy(1)).metrics();
            Metrics scanned = BacktestEngine.metrics(CFG, f, null, new EmaCrossStrategy(1),
                    new BacktestEngine.Workspace());
            assertThat(scanned).isEqualTo(full);
        }
        assertThat(BacktestEngine.run(CFG, frame(Map.of("ema_fast", cases[0], "ema_slow", slow)),
                new EmaCrossStrategy(1)).metrics().fills()).isGreaterThan(2);
    }

    @Test
    void the_built_in_plugins_describe_themselves_and_check_their_parameters() {
        StrategyPlugin ema = new BuiltInPlugins.EmaCross();
        assertThat(ema.name()).isEqualTo("ema-cross");
        assertThat(ema.description()).isEqualTo("BUY when ema_fast crosses above ema_slow, SELL when it crosses below");
        assertThat(ema.indicators(params(Map.of(), 1))).isEqualTo(Set.of(IndicatorKind.EMA));
        assertThat(ema.parameters()).isEmpty();
        assertThat(ema.sweepable()).isTrue();
        BacktestResult emaRun = BacktestEngine.run(CFG, frame(Map.of("ema_fast", new double[] {1, 2},
                "ema_slow", new double[] {2, 1})), ema.create(params(Map.of(), 0.3)));
        assertThat(emaRun.decisions().decision(1)).isEqualTo(Decision.buy(0.3, "ema_fast crossed above ema_slow"));

        StrategyPlugin rsi = new BuiltInPlugins.RsiThreshold();
        assertThat(rsi.name()).isEqualTo("rsi-threshold");
        assertThat(rsi.description()).isEqualTo("BUY when rsi < buy_below, SELL when rsi > sell_above");
        assertThat(rsi.indicators(params(Map.of(), 1))).isEqualTo(Set.of(IndicatorKind.RSI));
        assertThat(rsi.parameters()).containsExactly(
                new ParamSpec("buy_below", ParamSpec.Type.DOUBLE, 30.0, 0.0, 100.0, List.of(), "BUY when rsi is below this"),
                new ParamSpec("sell_above", ParamSpec.Type.DOUBLE, 70.0, 0.0, 100.0, List.of(),
                        "SELL when rsi is above this"));
        rsi.validate(params(Map.of("buy_below", 30.0, "sell_above", 70.0), 1));
        rsi.validate(params(Map.of("buy_below", 69.5, "sell_above", 70), 1));
        try {
            rsi.validate(params(Map.of("buy_below", 70, "sell_above", 30.5), 1));
            throw new AssertionError("refused");
        } catch (ParamException e) {
            assertThat(e).hasMessage("must be below sell_above (30.5), got 70");
            assertThat(e.key()).isEqualTo("buy_below");
        }
        assertThatThrownBy(() -> rsi.validate(params(Map.of("buy_below", 50, "sell_above", 50), 1)))
                .hasMessage("must be below sell_above (50), got 50");
        BacktestResult rsiRun = BacktestEngine.run(CFG, frame(Map.of("rsi", new double[] {35, 65, 50})),
                rsi.create(params(Map.of("buy_below", 40.0, "sell_above", 60.0), 0.7)));
        assertThat(decisions(rsiRun)).containsExactly(Decision.buy(0.7, "rsi below 40.0"),
                Decision.sell(0.7, "rsi above 60.0"), Decision.noSignal("rsi within [40.0, 60.0]"));

        BuiltInPlugins.Llm llm = new BuiltInPlugins.Llm();
        assertThat(llm).isInstanceOf(WiredPlugin.class);
        assertThat(llm.name()).isEqualTo("llm");
        assertThat(llm.description()).isEqualTo("asks an LLM at each decision bar (strategy.llm block: model, prompt_file, ...)");
        assertThat(llm.sweepable()).isFalse();
        assertThat(llm.parameters()).containsExactly(
                new ParamSpec("window", ParamSpec.Type.INT, 60, 1.0, (double) Integer.MAX_VALUE, List.of(),
                        "feature rows the prompt shows"),
                new ParamSpec("llm", ParamSpec.Type.MAPPING, Map.of(), null, null, List.of(),
                        "the LLM block (model, temperature, prompt_file, ...)"));
        assertThat(llm.params(Map.of("llm", Map.of("model", "m1"), "window", 30)))
                .isEqualTo(new StrategyParams.Llm(Map.of("model", "m1"), 30));
        assertThatThrownBy(() -> llm.create(params(Map.of(), 1))).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("strategy type llm needs the LLM route: build it there and pass it to BacktestEngine.run");

        BuiltInPlugins.Replay replay = new BuiltInPlugins.Replay();
        assertThat(replay).isInstanceOf(WiredPlugin.class);
        assertThat(replay.name()).isEqualTo("replay");
        assertThat(replay.description()).isEqualTo("replays the decisions of an earlier run (from_run: its folder)");
        assertThat(replay.sweepable()).isFalse();
        assertThat(replay.parameters()).containsExactly(new ParamSpec("from_run", ParamSpec.Type.STRING, null, null, null,
                List.of(), "the run folder whose decisions to replay"));
        assertThat(replay.params(Map.of("from_run", "runs/x"))).isEqualTo(new StrategyParams.Replay("runs/x"));
        assertThatThrownBy(() -> replay.create(params(Map.of(), 1))).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("strategy type replay is not built here: pass a replaying Strategy to BacktestEngine.run");
    }

    @Test
    void a_config_names_its_strategy_built_with_its_parameters() {
        assertThat(Strategies.of(CFG.strategy())).isInstanceOf(EmaCrossStrategy.class);
        BacktestConfig rsi = TestConfigs.of("indicators: {rsi: 14}",
                "strategy: {type: rsi-threshold, buy_below: 40, sell_above: 60, size_pct: 0.5}");
        BacktestResult r = BacktestEngine.run(rsi, frame(Map.of("rsi", new double[] {39, 61})), Strategies.of(rsi.strategy()));
        assertThat(r.strategy()).isEqualTo("rsi-threshold");
        assertThat(decisions(r)).containsExactly(Decision.buy(0.5, "rsi below 40.0"), Decision.sell(0.5, "rsi above 60.0"));
    }

    @Test
    void replay_answers_the_recorded_signal_decisions_by_bar_time() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run-1"));
        Files.writeString(run.resolve("decisions.jsonl"), String.join("\n",
                "{\"ts\":\"2024-01-01T00:01:00Z\",\"action\":\"BUY\",\"size_pct\":0.5,\"note\":\"go\",\"reason\":\"signal\"}",
                "",
                "{\"ts\":\"2024-01-01T00:02:00Z\",\"action\":\"SELL\",\"size_pct\":1.0,\"reason\":\"stop_loss\"}",
                "   ",
                "{\"ts\":\"2024-01-01T00:03:00Z\",\"action\":\"SELL\",\"size_pct\":1.0}",
                "{\"ts\":\"2024-01-01T00:04:00Z\",\"action\":\"HOLD\",\"size_pct\":0,\"note\":\"wait\"}", ""));
        ReplayStrategy s = ReplayStrategy.fromRun(run);
        assertThat(s.name()).isEqualTo("replay(run-1)");
        BacktestResult r = BacktestEngine.run(CFG, TestFrames.of(10, 11, 12, 13, 14, 15), s);
        Decision none = Decision.noSignal("replay: no decision recorded at this bar");
        assertThat(decisions(r)).containsExactly(none, Decision.buy(0.5, "go"), none, Decision.sell(1, ""),
                Decision.hold("wait"), none);
        assertThat(r.decisions().decision(0).routine()).isTrue();
        assertThat(r.decisions().decision(4).routine()).isFalse();
        assertThat(r.fills()).extracting(f -> f.side()).containsExactly(Action.BUY, Action.SELL);
    }

    @Test
    void replay_refuses_a_missing_log_and_names_the_line_it_cannot_read() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> ReplayStrategy.fromRun(empty)).isInstanceOf(ConfigException.class)
                .hasMessage("strategy.from_run: no decisions.jsonl in " + empty);
        Path log = dir.resolve("decisions.jsonl");
        String ok = "{\"ts\":\"2024-01-01T00:01:00Z\",\"action\":\"BUY\",\"size_pct\":0.5}";
        Files.writeString(log, ok + "\n\n{\"ts\":\"2024-01-01T00:02:00Z\",\"action\":\"FLY\",\"size_pct\":1}\n");
        assertThatThrownBy(() -> ReplayStrategy.fromRun(dir)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("strategy.from_run: " + log + " line 3: ").hasMessageContaining("FLY");
        Files.writeString(log, ok + "\n{\"ts\":\"yesterday\",\"action\":\"BUY\",\"size_pct\":1}\n");
        assertThatThrownBy(() -> ReplayStrategy.fromRun(dir)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("strategy.from_run: " + log + " line 2: ").hasMessageContaining("yesterday");
        Files.writeString(log, "{\"ts\":\"2024-01-01T00:02:00Z\",\"action\":\"BUY\",\"size_pct\":2}\n");
        assertThatThrownBy(() -> ReplayStrategy.fromRun(dir)).isInstanceOf(ConfigException.class)
                .hasMessage("strategy.from_run: " + log + " line 1: decision size_pct must be within [0, 1], got 2.0");
        Files.writeString(log, "{\"ts\":\"2024-01-01T00:02:00Z\",\"size_pct\":1}\n");
        assertThatThrownBy(() -> ReplayStrategy.fromRun(dir)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("strategy.from_run: " + log + " line 1: ");
    }
}
