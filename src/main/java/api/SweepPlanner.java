package api;

import backtest.sweep.SweepPlan;
import backtest.sweep.SweepRequest;
import java.io.IOException;

/**
 * How the service plans a sweep without running it (its id and folder on the data stored now, the grid checked):
 * the backtest bean's {@code planSweep} (wired in {@code routes}); sweeps run through {@code direct:backtest-sweep}.
 */
@FunctionalInterface
public interface SweepPlanner {
    SweepPlan plan(SweepRequest request) throws IOException;
}
