package cli;

import backtest.BacktestConfig;
import backtest.ConfigException;
import backtest.RunSummary;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import routes.PipelineRuntime;

@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = {"Run a backtest from a YAML config (see configs/backtest.yaml) through direct:backtest.",
            "Prints a summary table and the run folder <output_dir>/<run-id>/ holding config.yaml, metrics.json,",
            "fills.parquet/.jsonl, equity.parquet, decisions.jsonl, lineage.json and report.html.",
            "Exit 0 on success, 2 for a bad config (the key is named)."})
final class BacktestCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "backtest config YAML")
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BacktestConfig cfg;
        try {
            cfg = BacktestConfig.load(config);
        } catch (ConfigException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try (PipelineRuntime runtime = PipelineRuntime.startOneShot(KlinePipeline.overrides())) {
            RunSummary s;
            try {
                s = runtime.backtest(cfg);
            } catch (RuntimeException e) {
                ConfigException ce = cause(e);
                if (ce != null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), ce.getMessage());
                }
                throw e;
            }
            System.out.printf("backtest %s: %d ms%n", s.runId(), s.millis());
            System.out.print(s.table());
            return 0;
        }
    }

    private static ConfigException cause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigException c) {
                return c;
            }
        }
        return null;
    }
}
