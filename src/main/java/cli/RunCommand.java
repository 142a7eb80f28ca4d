package cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import routes.PipelineRuntime;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the long-lived process: watch the inbox (and, later, timers and the REST API) until SIGTERM.")
final class RunCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        PipelineRuntime.runLongLived(KlinePipeline.overrides());
        return 0;
    }
}
