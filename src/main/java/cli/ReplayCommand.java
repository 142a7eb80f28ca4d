package cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import replay.RecordedRoutes;
import replay.Replayer;
import routes.PipelineRuntime;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Sends recorded exchanges (app.record.routes, exports/exchanges/<route>/*.jsonl) through the same",
            "direct: route again and compares the new output with the recorded one (timing fields aside): prints",
            "matched / differed (with the first difference as a JSON path) / failed per exchange and writes",
            "exports/replay-reports/<id>.json. Exit 0 when all match, 6 when any differ or fail. --collect keeps the",
            "new outputs without comparing (e.g. the recorded LLM prompts against another model). See docs/exports.md."})
final class ReplayCommand implements Callable<Integer> {
    /** Some exchange differed or could not be replayed. */
    static final int EXIT_DIFFERED = 6;

    @Option(names = "--route", required = true, description = "backtest | features | llm-decide | ingest-file")
    String route;

    @Option(names = "--from", required = true, description = "a recording .jsonl file, or a folder of them")
    Path from;

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
        Map<String, String> overrides = new HashMap<>(KlinePipeline.overrides());
        try (PipelineRuntime runtime = PipelineRuntime.startOneShot(overrides)) {
            Path exports = Path.of(runtime.setting("app.exports.dir"));
            Replayer.Outcome o = new Replayer(exports, runtime::replayCall).replay(route, from, collect,
                    new Replayer.Overrides(llmBaseUrl, model), System.out::println);
            System.out.printf("%s: %d matched, %d differed, %d failed%s; report %s%n", o.id(), o.matched(), o.differed(),
                    o.failed(), collect ? ", " + o.collected() + " collected" : "", o.report());
            return o.differed() > 0 || o.failed() > 0 ? EXIT_DIFFERED : 0;
        }
    }
}
