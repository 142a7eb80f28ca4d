package backtest.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backtest.Action;
import backtest.BacktestEngine;
import backtest.BacktestResult;
import backtest.TestConfigs;
import backtest.TestFrames;
import backtest.config.BacktestConfig;
import backtest.plugin.PluginParams;
import backtest.plugin.StrategyFailure;
import backtest.plugin.StrategyRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.PluginJars;

/**
 * Strategy plug-ins in this JVM: the example (examples/strategy-plugin) compiled into a jar and loaded by a registry
 * of its own (the process's registry stays as it is), its decisions checked by hand; plug-ins that break the
 * contract end the run with the plug-in and the bar named; jars that cannot be used are refused naming the jar.
 */
class StrategyPluginTest {
    @TempDir
    static Path root;
    static StrategyRegistry registry;
    static final BacktestConfig CFG = TestConfigs.of("strategy: {type: ema-cross}");

    @BeforeAll
    static void jars() throws Exception {
        Path plugins = Files.createDirectories(root.resolve("plugins"));
        PluginJars.build(PluginJars.exampleProject(), plugins.resolve("bollinger.jar"));
        PluginJars.build(Map.of("bad/Faulty.java", FAULTY), Map.of("META-INF/services/backtest.plugin.StrategyPlugin",
                "bad.Faulty$Peek\nbad.Faulty$Boom\nbad.Faulty$Nan\n"), plugins.resolve("faulty.jar"));
        registry = StrategyRegistry.load(plugins);
    }

    @Test
    void built_ins_and_plugins_share_one_registry() {
        assertThat(registry.names()).containsExactly("ema-cross", "rsi-threshold", "llm", "replay", "bollinger", "peek",
                "boom", "nan");
        assertThat(registry.source("ema-cross")).isEqualTo(StrategyRegistry.BUILT_IN);
        assertThat(registry.source("bollinger")).isEqualTo("bollinger.jar");
        assertThat(registry.numericParameters()).containsExactly("buy_below", "sell_above", "period", "k");
    }

    /**
     * period 4, k 1 over closes 10 10 10 10 7 13 10. Row 3: all 10, sd 0, close on the mean: inside. Row 4: mean 9.25,
     * sd sqrt((3 x 0.75^2 + 2.25^2) / 4) = 1.299, lower band 7.95 > 7: BUY. Row 5: 10 10 7 13, mean 10, sd
     * sqrt(4.5) = 2.121, upper 12.12 < 13: SELL. Row 6: 10 7 13 10, mean 10, close 10: inside. Rows 0-2: warm-up.
     */
    @Test
    void bollinger_decisions_by_hand() {
        BacktestResult r = BacktestEngine.run(CFG, TestFrames.of(10, 10, 10, 10, 7, 13, 10),
                registry.create("bollinger", params(Map.of("period", 4, "k", 1.0), 0.5)));
        List<Action> actions = r.decisions().records().stream().map(d -> d.decision().action()).toList();
        assertThat(actions).containsExactly(Action.HOLD, Action.HOLD, Action.HOLD, Action.HOLD, Action.BUY, Action.SELL,
                Action.HOLD);
        assertThat(r.decisions().decision(0).note()).isEqualTo("bollinger warming up (needs 4 bars)");
        assertThat(r.decisions().decision(3).routine()).isTrue();
        assertThat(r.decisions().decision(4).sizePct()).isEqualTo(0.5);
        assertThat(r.strategy()).isEqualTo("bollinger");
        // k 2 at row 4: band 2.598, lower 6.65 < 7: no BUY
        BacktestResult wide = BacktestEngine.run(CFG, TestFrames.of(10, 10, 10, 10, 7, 13, 10),
                registry.create("bollinger", params(Map.of("period", 4, "k", 2.0), 0.5)));
        assertThat(wide.decisions().decision(4).action()).isEqualTo(Action.HOLD);
    }

    @Test
    void a_plugin_that_peeks_at_the_next_bar_ends_the_run_naming_it_and_the_bar() {
        assertThatThrownBy(() -> run("peek")).isInstanceOf(StrategyFailure.class)
                .hasMessage("strategy plug-in 'peek' looked ahead (close row 1 read at decision bar 0: rows after the "
                        + "decision bar are not visible) at bar 2024-01-01T00:00:00Z (row 0)");
    }

    @Test
    void a_plugin_that_throws_or_answers_nan_ends_the_run_naming_it_and_the_bar() {
        assertThatThrownBy(() -> run("boom")).isInstanceOf(StrategyFailure.class)
                .hasMessage("strategy plug-in 'boom' failed (IllegalStateException: boom) at bar 2024-01-01T00:02:00Z (row 2)");
        assertThatThrownBy(() -> run("nan")).isInstanceOf(StrategyFailure.class)
                .hasMessage("strategy plug-in 'nan' gave an invalid decision (decision size_pct must be within [0, 1], "
                        + "got NaN) at bar 2024-01-01T00:00:00Z (row 0)");
    }

    @Test
    void a_name_clash_or_a_broken_jar_is_refused_naming_the_jar() throws Exception {
        Path clash = Files.createDirectories(root.resolve("clash"));
        PluginJars.build(Map.of("bad/Clash.java", CLASH), Map.of("META-INF/services/backtest.plugin.StrategyPlugin",
                "bad.Clash\n"), clash.resolve("clash.jar"));
        assertThatThrownBy(() -> StrategyRegistry.load(clash)).isInstanceOf(IllegalStateException.class)
                .hasMessage("plug-in jar " + clash.resolve("clash.jar") + ": strategy name 'ema-cross' is already taken "
                        + "by a built-in strategy (backtest.strategy.BuiltInPlugins$EmaCross)");
        Path broken = Files.createDirectories(root.resolve("broken"));
        Files.writeString(broken.resolve("broken.jar"), "not a jar");
        assertThatThrownBy(() -> StrategyRegistry.load(broken)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("plug-in jar " + broken.resolve("broken.jar") + ": ")
                .hasMessageNotContaining("\n");
        Path missing = Files.createDirectories(root.resolve("missing"));
        PluginJars.build(Map.of("bad/Clash.java", CLASH), Map.of("META-INF/services/backtest.plugin.StrategyPlugin",
                "bad.Nope\n"), missing.resolve("missing-class.jar"));
        assertThatThrownBy(() -> StrategyRegistry.load(missing)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("plug-in jar " + missing.resolve("missing-class.jar") + ": ")
                .hasMessageContaining("bad.Nope");
    }

    private static BacktestResult run(String name) {
        return BacktestEngine.run(CFG, TestFrames.of(10, 11, 12, 13, 14, 15), registry.create(name, params(Map.of(), 1)));
    }

    private static PluginParams params(Map<String, Object> values, double size) {
        return new PluginParams(values, size, Duration.ofMinutes(1));
    }

    private static final String FAULTY = """
            package bad;

            import backtest.*;
            import backtest.plugin.*;

            public final class Faulty {
                public static final class Peek implements StrategyPlugin {
                    public String name() { return "peek"; }
                    public Strategy create(PluginParams p) {
                        return new Strategy() {
                            public Decision decide(DecisionContext ctx) {
                                double next = ctx.series("close").get(ctx.index() + 1); // tomorrow's close
                                return next > 0 && ctx.index() >= 3 ? Decision.buy(1, "knows") : Decision.HOLD;
                            }
                            public String name() { return "peek"; }
                        };
                    }
                }

                public static final class Boom implements StrategyPlugin {
                    public String name() { return "boom"; }
                    public Strategy create(PluginParams p) {
                        return new Strategy() {
                            public Decision decide(DecisionContext ctx) {
                                if (ctx.index() == 2) throw new IllegalStateException("boom");
                                return Decision.HOLD;
                            }
                            public String name() { return "boom"; }
                        };
                    }
                }

                public static final class Nan implements StrategyPlugin {
                    public String name() { return "nan"; }
                    public Strategy create(PluginParams p) {
                        return new Strategy() {
                            public Decision decide(DecisionContext ctx) { return Decision.buy(Double.NaN, "?"); }
                            public String name() { return "nan"; }
                        };
                    }
                }
            }
            """;

    private static final String CLASH = """
            package bad;

            import backtest.*;
            import backtest.plugin.*;

            public final class Clash implements StrategyPlugin {
                public String name() { return "ema-cross"; }
                public Strategy create(PluginParams p) { return null; }
            }
            """;
}
