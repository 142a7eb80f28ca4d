package cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import replay.RecordedRoutes;
import replay.ReplayRefused;
import replay.ReplayRequest;
import replay.Replayer;
import replay.RunReplay;
import routes.PipelineRuntime;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Sends recorded exchanges (app.record.routes, exports/exchanges/<route>/*.jsonl) through the same",
            "direct: route again and compares the new output with the recorded one (timing fields aside): prints",
            "matched / differed (with the first difference as a JSON path) / failed per exchange and writes",
            "exports/replay-reports/<id>.json. Exit 0 when all match, 6 when any differ or fail. --collect keeps the",
            "new outputs without comparing (e.g. the recorded LLM prompts against another model).",
            "--run exports/runs/<id>.zip re-runs a run bundle (export run) on this store into a temp folder and",
            "compares every file with the bundle's: exit 0 identical, 6 a difference (the first named), 3 a bad bundle",
            "or months that differ from its lineage. See docs/exports.md."})
final class ReplayCommand implements Callable<Integer> {
    /** Some exchange differed or could not be replayed. */
    static final int EXIT_DIFFERED = 6;

    @Option(names = "--route", description = "backtest | features | llm-decide | ingest-file")
    String route;

    @Option(names = "--from", description = "a recording .jsonl file, or a folder of them (with --route)")
    Path from;

    @Option(names = "--run", paramLabel = "BUNDLE", description = "a run bundle, exports/runs/<run-id>.zip")
    Path run;

    @Option(names = "--collect", description = "write the new outputs to the report without comparing")
    boolean collect;

    @Option(names = "--llm-base-url", description = "llm-decide: send the prompts to this base URL (e.g. http://host/v1)")
    String llmBaseUrl;

    @Option(names = "--model", description = "llm-decide: replace the recorded model with this one")
    String model;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (run != null) {
            if (route != null || from != null || collect || llmBaseUrl != null || model != null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--run takes no --route, --from, --collect, --llm-base-url or --model");
            }
            if (!Files.isRegularFile(run)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--run " + run + " is not a file");
            }
            return runBundle();
        }
        if (route == null || from == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --route and --from, or --run BUNDLE");
        }
        if (!RecordedRoutes.HEADERS.containsKey(route)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--route '" + route + "' is not a recorded route ("
                    + String.join(", ", Replayer.routes()) + ")");
        }
        if (!Files.exists(from)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from " + from + " does not exist");
        }
        if ((llmBaseUrl != null || model != null) && !RecordedRoutes.LLM_DECIDE.equals(route)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--llm-base-url and --model apply to --route llm-decide");
        }
        try (PipelineRuntime runtime = PipelineRuntime.startOneShot(KlinePipeline.overrides())) {
            Replayer.Outcome o = (Replayer.Outcome) runtime.replay(new ReplayRequest.Recording(route, from, collect,
                    new Replayer.Overrides(llmBaseUrl, model)), System.out::println);
            System.out.printf("%s: %d matched, %d differed, %d failed%s; report %s%n", o.id(), o.matched(), o.differed(),
                    o.failed(), collect ? ", " + o.collected() + " collected" : "", o.report());
            return o.differed() > 0 || o.failed() > 0 ? EXIT_DIFFERED : 0;
        }
    }

    private int runBundle() throws Exception {
        try (PipelineRuntime runtime = PipelineRuntime.startOneShot(KlinePipeline.overrides())) {
            RunReplay.Outcome o = (RunReplay.Outcome) runtime.replay(new ReplayRequest.Run(run), System.out::println);
            if (o.identical()) {
                System.out.printf("%s: identical (%d files); report %s%n", o.runId(), o.files(), o.report());
                return 0;
            }
            System.out.printf("%s: %d of %d files differ, first: %s; report %s; re-run kept in %s%n", o.runId(),
                    o.differing(), o.files(), o.firstDifference(), o.report(), o.rerun());
            return EXIT_DIFFERED;
        } catch (ReplayRefused e) {
            System.err.println(spec.qualifiedName() + ": " + e.getMessage());
            return e.exitCode();
        }
    }
}
