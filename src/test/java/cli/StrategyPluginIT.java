package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.ChildJvm;
import support.PeekingPlugins;
import support.PluginJars;
import support.TestApp;

/**
 * The example plug-in (examples/strategy-plugin) built into a jar by the test and run as a user would: child JVMs of
 * the CLI with {@code -Dapp.plugins.dir}, a backtest and a sweep over its own parameters; a plug-in that fails on one
 * sweep combination fails that combination only; a bad plug-in parameter and a broken jar are refused in one line.
 */
class StrategyPluginIT {
    @TempDir
    static Path root;
    static Path data;
    static Path plugins;

    @BeforeAll
    static void setUp() throws Exception {
        plugins = Files.createDirectories(root.resolve("plugins"));
        PluginJars.build(PluginJars.exampleProject(), plugins.resolve("strategy-plugin-example.jar"));
        PluginJars.build(Map.of("flaky/Flaky.java", FLAKY), Map.of("META-INF/services/backtest.plugin.StrategyPlugin",
                "flaky.Flaky\n"), plugins.resolve("flaky.jar"));
        PluginJars.build(Map.of("peek/Peekers.java", PeekingPlugins.SOURCE),
                Map.of("META-INF/services/backtest.plugin.StrategyPlugin", PeekingPlugins.SERVICES), plugins.resolve("peekers.jar"));
        TestApp.ingestGeneratedMonths(root.resolve("ingest"), 17, YearMonth.of(2024, 1));
        data = root.resolve("ingest/data");
    }

    @Test
    void the_example_plugin_runs_a_backtest_and_a_sweep_over_its_parameters() throws Exception {
        Path cfg = config("bollinger.yaml", "{type: bollinger, period: 20, k: 2.0, size_pct: 0.5}");
        ChildJvm.Run run = cli(1, "backtest", "--config", cfg.toString());
        assertThat(run.exitCode()).as(run::describe).isZero();
        Path folder = Path.of(run.output().lines().filter(l -> l.contains("run folder")).findFirst().orElseThrow()
                .replaceAll(".*run folder\\s+", "").trim());
        assertThat(Files.readString(folder.resolve("config.yaml"))).contains("type: bollinger", "period: 20", "k: 2.0");
        assertThat(Files.readString(folder.resolve("decisions.jsonl"))).contains("close below the lower band");
        assertThat(run.output()).contains("strategy                     bollinger");
        Map<String, byte[]> files = new HashMap<>();
        for (String f : List.of("config.yaml", "metrics.json", "fills.jsonl", "decisions.jsonl", "lineage.json",
                "equity.parquet")) {
            files.put(f, Files.readAllBytes(folder.resolve(f)));
        }
        ChildJvm.Run again = cli(8, "backtest", "--config", cfg.toString()); // another JVM: the same bytes
        assertThat(again.exitCode()).as(again::describe).isZero();
        files.forEach((f, bytes) -> assertThat(folder.resolve(f)).as(f).hasBinaryContent(bytes));

        ChildJvm.Run sweep = cli(2, "backtest", "sweep", "--config", cfg.toString(), "--grid", "period=10,20",
                "--grid", "k=1.5,2.5", "--threads", "2");
        assertThat(sweep.exitCode()).as(sweep::describe).isZero();
        assertThat(sweep.output()).contains("4 combinations: 4 run, 0 skipped");
        Path ranking = sweepFolder().resolve("ranking.csv");
        List<String> lines = Files.readAllLines(ranking);
        assertThat(lines.get(0)).startsWith("rank,grid_index,period,k,");
        assertThat(lines).hasSize(5);
        assertThat(lines.subList(1, 5)).allMatch(l -> l.split(",")[2].matches("10|20")); // whole numbers
    }

    @Test
    void check_bias_passes_the_example_plugin_and_flags_a_peeking_one_with_exit_7() throws Exception {
        Path honest = config("bias-bollinger.yaml", "{type: bollinger, period: 20, k: 2.0}");
        ChildJvm.Run pass = cli(9, "backtest", "check-bias", "--config", honest.toString(), "--cuts", "6");
        assertThat(pass.exitCode()).as(pass::describe).isZero();
        assertThat(pass.output()).contains("check-bias bollinger 2024-01-10T00:00:00Z..2024-01-20T00:00:00Z",
                "look-ahead (6 truncated runs against the full run)", "verdict: PASS");

        Path peeking = config("bias-peek.yaml", "{type: peek-reflect}");
        ChildJvm.Run flagged = cli(10, "backtest", "check-bias", "--config", peeking.toString(), "--json",
                root.resolve("bias.json").toString());
        assertThat(flagged.exitCode()).as(flagged::describe).isEqualTo(7);
        assertThat(flagged.output()).contains("DIFFERS decision at ", "verdict: LOOK-AHEAD: decision at ")
                .doesNotContain("\tat ");
        assertThat(Files.readString(root.resolve("bias.json"))).contains("\"verdict\" : \"LOOK-AHEAD\"",
                "\"passed\" : false");
    }

    @Test
    void a_plugin_failing_on_one_combination_fails_only_that_combination() throws Exception {
        Path cfg = config("flaky.yaml", "{type: flaky, boom: 0}");
        ChildJvm.Run sweep = cli(3, "backtest", "sweep", "--config", cfg.toString(), "--grid", "boom=0,1");
        assertThat(sweep.exitCode()).as(sweep::describe).isZero();
        assertThat(sweep.output()).contains("2 combinations: 1 run, 1 skipped");
        assertThat(Files.readString(sweepFolder().resolve("sweep.json")))
                .contains("failed: strategy plug-in 'flaky' failed (IllegalStateException: boom) at bar "
                        + "2024-01-10T01:00:00Z (row 4)");

        Path bad = config("flaky-1.yaml", "{type: flaky, boom: 1}");
        ChildJvm.Run run = cli(4, "backtest", "--config", bad.toString());
        assertThat(run.exitCode()).as(run::describe).isEqualTo(2);
        assertThat(run.output()).contains("backtest: strategy plug-in 'flaky' failed (IllegalStateException: boom) at "
                + "bar 2024-01-10T01:00:00Z (row 4)").doesNotContain("\tat ");
        try (Stream<Path> runs = Files.list(root.resolve("runs"))) {
            assertThat(runs.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("flaky-"));
        }

        Path typo = config("typo.yaml", "{type: bollinger, period: 1}");
        ChildJvm.Run refused = cli(5, "backtest", "--config", typo.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.output()).contains("strategy.period: must be a whole number within [2, 1000], got 1");
    }

    @Test
    void a_broken_plugin_jar_is_refused_at_start_up_in_one_line() throws Exception {
        Path broken = Files.createDirectories(root.resolve("broken"));
        Files.writeString(broken.resolve("oops.jar"), "not a jar");
        Map<String, String> s = settings();
        s.put("app.plugins.dir", broken.toString());
        ChildJvm.Run run = ChildJvm.run(root.resolve("work-6"), s, 6, KlinePipeline.class, "backtest", "strategies");
        assertThat(run.exitCode()).as(run::describe).isEqualTo(2);
        assertThat(run.output()).contains("app.plugins.dir").contains("plug-in jar " + broken.resolve("oops.jar"))
                .doesNotContain("\tat ");

        ChildJvm.Run list = cli(7, "backtest", "strategies");
        assertThat(list.exitCode()).as(list::describe).isZero();
        assertThat(list.output()).contains("bollinger", "(strategy-plugin-example.jar)", "period", "int [2, 1000]",
                "ema-cross", "(built-in)");
    }

    private static Path sweepFolder() throws Exception {
        try (Stream<Path> s = Files.list(root.resolve("runs"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("sweep-"))
                    .max(java.util.Comparator.comparingLong(p -> p.toFile().lastModified())).orElseThrow();
        }
    }

    private static Path config(String name, String strategy) throws Exception {
        return Files.writeString(root.resolve(name), """
                start: 2024-01-10
                end: 2024-01-20
                interval: 15m
                output_dir: %s
                strategy: %s
                """.formatted(root.resolve("runs"), strategy));
    }

    private static ChildJvm.Run cli(int n, String... args) throws Exception {
        return ChildJvm.run(root.resolve("work-" + n), settings(), n, KlinePipeline.class, args);
    }

    private static Map<String, String> settings() {
        Map<String, String> s = new HashMap<>();
        s.put("app.data.dir", data.toString());
        s.put("app.inbox.dir", root.resolve("inbox").toString());
        s.put("app.features.refresh", "");
        s.put("app.backfill.enabled", "false");
        s.put("app.plugins.dir", plugins.toString());
        return s;
    }

    private static final String FLAKY = """
            package flaky;

            import backtest.*;
            import backtest.plugin.*;
            import java.util.List;

            /** Holds, or with boom: 1 throws at the fifth bar. */
            public final class Flaky implements StrategyPlugin {
                public String name() { return "flaky"; }
                public List<ParamSpec> parameters() { return List.of(ParamSpec.integer("boom", 0, 0, 1)); }
                public Strategy create(PluginParams p) {
                    boolean boom = p.getInt("boom") == 1;
                    return new Strategy() {
                        public Decision decide(DecisionContext ctx) {
                            if (boom && ctx.index() == 4) throw new IllegalStateException("boom");
                            return ctx.index() == 1 ? Decision.buy(1, "in") : Decision.HOLD;
                        }
                        public String name() { return "flaky"; }
                    };
                }
            }
            """;
}
