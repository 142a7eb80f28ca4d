package backtest.bias;

import static org.assertj.core.api.Assertions.assertThat;

import backtest.TestConfigs;
import backtest.config.BacktestConfig;
import backtest.plugin.PluginParams;
import backtest.plugin.StrategyRegistry;
import backtest.service.BacktestService;
import backtest.strategy.Strategies;
import features.ParquetDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.KlineStore;
import support.PeekingPlugins;
import support.PluginJars;
import support.TestApp;

/**
 * {@code check-bias} on a generated month: every built-in strategy and the example plug-in pass; a plug-in that peeks
 * at the next bar is flagged through each channel it could use - the API (a read past the decision bar), reflection
 * into the engine's frame, and memory kept in a static field across runs.
 */
class BiasCheckIT {
    @TempDir
    static Path root;
    static KlineStore store;
    static StrategyRegistry registry;

    @BeforeAll
    static void setUp() throws Exception {
        store = TestApp.ingestGeneratedMonths(root, 31, YearMonth.of(2024, 1));
        Path plugins = Files.createDirectories(root.resolve("plugins"));
        PluginJars.build(PluginJars.exampleProject(), plugins.resolve("bollinger.jar"));
        PluginJars.build(Map.of("peek/Peekers.java", PeekingPlugins.SOURCE), Map.of("META-INF/services/backtest.plugin.StrategyPlugin",
                "peek.Peekers$Api\npeek.Peekers$Reflect\npeek.Peekers$Memory\n"), plugins.resolve("peekers.jar"));
        registry = StrategyRegistry.load(plugins);
    }

    private static BacktestConfig config(String... lines) {
        String[] all = new String[lines.length + 2];
        all[0] = "start: 2024-01-15";
        all[1] = "end: 2024-01-22";
        System.arraycopy(lines, 0, all, 2, lines.length);
        return TestConfigs.of(all);
    }

    private static BiasReport check(BacktestConfig cfg, BiasCheck.Strategies strategies, int cuts) throws Exception {
        return new BiasCheck(new ParquetDataSource(store, cfg.gapPolicy(), false), strategies).check(cfg, cuts);
    }

    private static BiasReport plugin(String name, Map<String, Object> params) throws Exception {
        BacktestConfig cfg = config("interval: 5m", "indicators: {ema_fast: 12, ema_slow: 26}");
        return check(cfg, c -> registry.create(name, new PluginParams(params, 1.0, Duration.ofMinutes(5))), 10);
    }

    @Test
    void every_built_in_passes_with_stops_and_next_open_fills_too() throws Exception {
        BacktestService service = new BacktestService(store, "test");
        for (BacktestConfig cfg : new BacktestConfig[] {
            config("interval: 1m", "indicators: {ema_fast: 12, ema_slow: 26}", "strategy: {type: ema-cross}"),
            config("interval: 15m", "indicators: {rsi: 14}",
                    "strategy: {type: rsi-threshold, buy_below: 40, sell_above: 60}"),
            config("interval: 5m", "indicators: {ema_fast: 5, ema_slow: 20}", "strategy: {type: ema-cross}",
                    "execution: {fill: next_open}", "risk: {stop_loss_pct: 0.01, take_profit_pct: 0.02, trailing_stop_pct: 0.015}"),
        }) {
            BiasReport r = service.checkBias(new BiasRequest(cfg, 10));
            assertThat(r.passed()).as(r::text).isTrue();
            assertThat(r.verdict()).isEqualTo("PASS");
            assertThat(r.cuts()).hasSizeGreaterThanOrEqualTo(8);
            assertThat(r.cuts()).allMatch(c -> c.decisionsCompared() > 0);
            assertThat(r.decisions()).isGreaterThan(0);
            // the sensitivity runs: no history at all changes the first indicator values (NaN while warming up)
            BiasReport.WarmupResult none = r.warmups().get(r.warmups().size() - 1);
            assertThat(none.historyBars()).isZero();
            assertThat(none.feature()).isNotNull();
            assertThat(none.feature().ts()).isEqualTo(cfg.start().toEpochMilli());
            assertThat(none.feature().other()).isEqualTo("none (warming up)");
            assertThat(r.warmups().get(0).mustMatch()).isTrue();
            assertThat(r.warmups().get(0).clean()).as(r::text).isTrue();
            assertThat(r.text()).contains("verdict: PASS", "the declared warm-up is enough");
        }
    }

    @Test
    void the_example_plugin_passes() throws Exception {
        BiasReport r = plugin("bollinger", Map.of("period", 20, "k", 2.0));
        assertThat(r.passed()).as(r::text).isTrue();
    }

    @Test
    void a_read_past_the_decision_bar_through_the_api_is_flagged() throws Exception {
        BiasReport r = plugin("peek-api", Map.of());
        assertThat(r.verdict()).isEqualTo("LOOK-AHEAD");
        assertThat(r.firstFinding()).startsWith("strategy plug-in 'peek-api' looked ahead (close row ")
                .contains("rows after the decision bar are not visible) at bar 2024-01-15T00:00:00Z (row 0)");
    }

    @Test
    void a_peek_into_the_engine_frame_by_reflection_is_flagged_at_a_cut() throws Exception {
        BiasReport r = plugin("peek-reflect", Map.of());
        assertThat(r.verdict()).as(r::text).isEqualTo("LOOK-AHEAD");
        assertThat(r.fullRunFailure()).isNull();
        BiasReport.CutResult first = r.cuts().stream().filter(c -> !c.clean()).findFirst().orElseThrow();
        assertThat(first.difference().kind()).isEqualTo("decision");
        // the last decision before the cut: the full run saw the next bar, the cut run had none
        assertThat(first.difference().ts()).isEqualTo(first.cut().toEpochMilli() - 5 * 60_000L);
        assertThat(r.text()).contains("DIFFERS decision at ", "verdict: LOOK-AHEAD: decision at ");
    }

    @Test
    void a_peek_through_memory_kept_across_runs_is_flagged() throws Exception {
        BiasReport r = plugin("peek-memory", Map.of());
        assertThat(r.lookAhead()).as(r::text).isTrue(); // its later runs (the warm-up ones too) remember earlier ones
        assertThat(r.verdict()).startsWith("LOOK-AHEAD");
        // the first run (the earliest evenly spread cut) saw only its own past: the full run, remembering it, differs
        assertThat(r.cuts().stream().filter(c -> c.difference() != null)).isNotEmpty();
    }

    @Test
    void nothing_is_written_and_the_report_is_the_same_twice() throws Exception {
        BacktestConfig cfg = config("interval: 15m", "indicators: {ema_fast: 12, ema_slow: 26}",
                "output_dir: " + root.resolve("never"));
        BiasReport a = check(cfg, c -> Strategies.of(c.strategy()), 4);
        BiasReport b = check(cfg, c -> Strategies.of(c.strategy()), 4);
        assertThat(a.toMap()).isEqualTo(b.toMap());
        assertThat(a.cuts()).hasSizeLessThanOrEqualTo(4);
        assertThat(root.resolve("never")).doesNotExist();
    }
}
