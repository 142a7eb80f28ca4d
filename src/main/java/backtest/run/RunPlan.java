package backtest.run;

import java.nio.file.Path;

/**
 * What a config will produce on the data stored now, known before it runs: the run id (strategy + hash of the
 * resolved config and the month files it reads), the run folder, and how many stored month files it reads (0: none).
 */
public record RunPlan(String runId, Path folder, int monthsRead) {
}
