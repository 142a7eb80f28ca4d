package api;

import backtest.config.BacktestConfig;
import backtest.run.RunPlan;
import backtest.RunProgress;
import backtest.run.RunSummary;
import java.io.IOException;

/** How the service runs a backtest: the same {@code direct:backtest} route as the CLI (wired in {@code routes}). */
public interface BacktestRunner {
    /** The run id and folder {@code cfg} gets on the data stored now, without running it. */
    RunPlan plan(BacktestConfig cfg) throws IOException;

    /** Runs {@code cfg}; {@code progress} may stop it by throwing. */
    RunSummary run(BacktestConfig cfg, RunProgress progress);
}
