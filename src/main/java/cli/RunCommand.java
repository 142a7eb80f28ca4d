package cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import routes.PipelineRuntime;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the long-lived process: watch the inbox and run the backfill timer until SIGTERM or Ctrl-C.",
            "It stops within 10 s (a backfill in flight is abandoned) and exits 0."})
final class RunCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        PipelineRuntime.runLongLived(KlinePipeline.overrides());
        return 0;
    }
}
