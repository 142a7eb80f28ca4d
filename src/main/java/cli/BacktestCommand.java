package cli;

import backtest.config.BacktestConfig;
import backtest.config.ConfigException;
import backtest.run.RunSummary;
import backtest.sweep.SweepRequest;
import backtest.sweep.SweepSummary;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import routes.PipelineRuntime;

@Command(name = "backtest", mixinStandardHelpOptions = true, subcommands = {BacktestCommand.Sweep.class, BacktestCommand.WalkForward.class,
        BacktestCommand.CheckBias.class, BacktestCommand.Strategies.class},
        description = {"Run a backtest from a YAML config (see configs/backtest.yaml) through direct:backtest.",
            "Prints a summary table and the run folder <output_dir>/<run-id>/ holding config.yaml, metrics.json,",
            "fills.parquet/.jsonl, equity.parquet, decisions.jsonl/.parquet, lineage.json and report.html.",
            "An llm run also prints its fallbacks by reason, and a WARNING when most decisions fell back.",
            "Exit 0 on success, 2 for a bad config (the key is named), no stored bars in the window or a",
            "window below data.min_coverage (the uncovered ranges are named)."})
final class BacktestCommand implements Callable<Integer> {
    @Option(names = "--config", description = "backtest config YAML (required)")
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BacktestConfig cfg = load(config, spec.commandLine());
        try (PipelineRuntime runtime = PipelineRuntime.startOneShot(KlinePipeline.overrides(),
                PipelineRuntime.Requests.BACKTEST)) {
            RunSummary s = inConfig(config, () -> runtime.backtest(cfg));
            System.out.printf("backtest %s: %d ms%n", s.runId(), s.millis());
            System.out.print(s.table());
            LlmFallbacks.lines(s.folder()).forEach(System.out::println);
            return 0;
        }
    }

    static BacktestConfig load(Path file, CommandLine cmd) {
        if (file == null) {
            throw new CommandLine.ParameterException(cmd, "give --config FILE");
        }
        return BacktestConfig.load(file); // a ConfigException names the file and the key (CliErrors: exit 2)
    }

    /** Runs the call; a config problem found on the way (no bars in the window, ...) also names the config file. */
    static <T> T inConfig(Path file, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ConfigException e) {
            throw e.in(file);
        }
    }

    @Command(name = "sweep", mixinStandardHelpOptions = true,
            description = {"Run every combination of --grid axes over data loaded once, in parallel; write",
                "ranking.csv, ranking.parquet and sweep.json to <output_dir>/sweep-<id>/ and print the best.",
                "Axes: indicator periods (ema_fast ema_slow rsi cmf macd_fast macd_slow macd_signal atr), size_pct,",
                "fee_rate, slippage_bps, and the numeric parameters of the config's strategy (buy_below, sell_above",
                "of rsi-threshold, a plug-in's own: `backtest strategies` lists them). Self-contradicting",
                "combinations (ema_fast >= ema_slow) are skipped and reported, as are combinations a plug-in fails on."})
    static final class Sweep implements Callable<Integer> {
        @Option(names = "--config", required = true, description = "base backtest config YAML")
        Path config;

        @Option(names = "--grid", required = true, description = "KEY=START:END:STEP or KEY=V1,V2,... (repeatable)")
        java.util.List<String> grid;

        @Option(names = "--threads", description = "workers (default: all cores)", defaultValue = "0")
        int threads;

        @Option(names = "--rank-by", description = "metric to rank by (default: ${DEFAULT-VALUE})", defaultValue = "sharpe")
        String rankBy;

        @Option(names = "--rerun-best", description = "re-run the best N as full runs with reports (default: ${DEFAULT-VALUE})",
                defaultValue = "0")
        int rerunBest;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (threads < 0 || rerunBest < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), (threads < 0 ? "--threads" : "--rerun-best")
                        + " must be >= 0, got " + (threads < 0 ? threads : rerunBest));
            }
            BacktestConfig cfg = load(config, spec.commandLine());
            try (PipelineRuntime runtime = PipelineRuntime.startOneShot(KlinePipeline.overrides(),
                    PipelineRuntime.Requests.BACKTEST)) {
                SweepSummary s = inConfig(config,
                        () -> runtime.sweep(new SweepRequest(cfg, grid, threads, rankBy, rerunBest)));
                System.out.print(s.table());
                return 0;
            }
        }
    }

    @Command(name = "walk-forward", mixinStandardHelpOptions = true,
            description = {"Walk-forward validation inside the config's [start, end): for each fold sweep --grid on the",
                "train window, run the best combination by --rank-by on the following test window, and stitch the",
                "out-of-sample equity (each fold starts with the equity the previous one ended with). Writes folds.csv,",
                "folds.parquet, equity.parquet, metrics.json and report.html to <output_dir>/walkforward-<id>/ and",
                "prints the folds. Lengths: 30d, 12h, 90m, 2w. Exit 2 when no fold fits or the grid is refused."})
    static final class WalkForward implements Callable<Integer> {
        @Option(names = "--config", required = true, description = "base backtest config YAML (its window holds the folds)")
        Path config;

        @Option(names = "--grid", required = true, description = "KEY=START:END:STEP or KEY=V1,V2,... (repeatable)")
        java.util.List<String> grid;

        @Option(names = "--train", required = true, description = "train window length (30d)")
        String train;

        @Option(names = "--test", required = true, description = "test window length (7d)")
        String test;

        @Option(names = "--step", description = "how far each fold moves (default: the test length)")
        String step;

        @Option(names = "--anchored", description = "every train window starts at the config's start")
        boolean anchored;

        @Option(names = "--rank-by", description = "metric that picks each fold's combination (default: ${DEFAULT-VALUE})",
                defaultValue = "sharpe")
        String rankBy;

        @Option(names = "--threads", description = "workers of each train sweep (default: all cores)", defaultValue = "0")
        int threads;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (threads < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be >= 0, got " + threads);
            }
            backtest.walkforward.WalkForwardFolds folds;
            try {
                java.time.Duration testLength = backtest.walkforward.WalkForwardFolds.parse("--test", test);
                folds = new backtest.walkforward.WalkForwardFolds(backtest.walkforward.WalkForwardFolds.parse("--train", train), testLength,
                        step == null ? testLength : backtest.walkforward.WalkForwardFolds.parse("--step", step), anchored);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            BacktestConfig cfg = load(config, spec.commandLine());
            try (PipelineRuntime runtime = PipelineRuntime.startOneShot(KlinePipeline.overrides(),
                    PipelineRuntime.Requests.BACKTEST)) {
                backtest.walkforward.WalkForwardSummary s = inConfig(config,
                        () -> runtime.walkForward(new backtest.walkforward.WalkForwardRequest(cfg, grid, folds, rankBy, threads)));
                System.out.print(s.table());
                return 0;
            }
        }
    }

    @Command(name = "check-bias", mixinStandardHelpOptions = true,
            description = {"Look-ahead and warm-up analysis of the config's strategy (built-in or plug-in), nothing written:",
                "re-runs it on --cuts truncated windows [start, cut), each from data loaded up to the cut only, and",
                "compares every decision and feature value before the cut with the full run; recomputes the",
                "indicators with twice the declared history (nothing may change) and with 1/2, 1/4 and none of it",
                "(the sensitivity: first differing indicator and decision). Prints each run and a verdict naming the",
                "first difference. Exit 0 PASS, 7 look-ahead or a warm-up too short, 2 bad config or options."})
    static final class CheckBias implements Callable<Integer> {
        static final int EXIT_BIAS = 7;

        @Option(names = "--config", required = true, description = "backtest config YAML")
        Path config;

        @Option(names = "--cuts", description = "truncated runs to compare (1..100, default: ${DEFAULT-VALUE})",
                defaultValue = "" + backtest.bias.BiasRequest.DEFAULT_CUTS)
        int cuts;

        @Option(names = "--json", paramLabel = "FILE", description = "also write the report as JSON (-: on stdout instead of the text)")
        String json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (cuts < 1 || cuts > 100) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--cuts must be from 1 to 100, got " + cuts);
            }
            BacktestConfig cfg = load(config, spec.commandLine());
            try (PipelineRuntime runtime = PipelineRuntime.startOneShot(KlinePipeline.overrides(),
                    PipelineRuntime.Requests.BACKTEST)) {
                backtest.bias.BiasReport r = inConfig(config,
                        () -> runtime.checkBias(new backtest.bias.BiasRequest(cfg, cuts)));
                String jsonText = json == null ? null : new com.fasterxml.jackson.databind.ObjectMapper()
                        .writerWithDefaultPrettyPrinter().writeValueAsString(r.toMap()) + "\n";
                if ("-".equals(json)) {
                    System.out.print(jsonText);
                } else {
                    System.out.print(r.text());
                    if (json != null) {
                        storage.AtomicFiles.replace(Path.of(json), jsonText.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
                return r.passed() ? 0 : EXIT_BIAS;
            }
        }
    }

    /** Lists the strategies of the registry: the built-ins and the plug-ins of app.plugins.dir, with their parameters. */
    @Command(name = "strategies", mixinStandardHelpOptions = true,
            description = {"List the strategies a config can name (strategy.type): the built-ins and the plug-ins of",
                "app.plugins.dir (bin/run --plugins DIR), each with its parameters (type, default, range)."})
    static final class Strategies implements Callable<Integer> {
        @Override
        public Integer call() {
            backtest.plugin.StrategyRegistry r = backtest.plugin.StrategyRegistry.global();
            for (String name : r.names()) {
                backtest.plugin.StrategyPlugin p = r.find(name);
                System.out.printf("%-16s %s (%s)%n", name, p.description(), r.source(name));
                for (backtest.plugin.ParamSpec s : p.parameters()) {
                    String range = s.min() == null && s.max() == null ? ""
                            : " [" + (s.min() == null ? "" : fmt(s.min())) + ", " + (s.max() == null ? "" : fmt(s.max())) + "]";
                    String choices = s.choices().isEmpty() ? "" : " {" + String.join(", ", s.choices()) + "}";
                    System.out.printf("    %-14s %s%s%s default %s%s%n", s.name(),
                            s.type().name().toLowerCase(java.util.Locale.ROOT), range, choices,
                            s.dflt() == null ? "(required)" : s.dflt(), s.description().isEmpty() ? "" : " - " + s.description());
                }
            }
            return 0;
        }

        private static String fmt(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
    }
}
