package api;

import backtest.RunProgress;
import java.nio.file.Path;

/** How a {@link JobQueue}'s workers run a job: the folder it made; {@code progress} may stop it by throwing. */
@FunctionalInterface
public interface JobRunner {
    Path run(Job job, RunProgress progress);
}
