package cli;

import export.ExportRefused;
import export.ExportRequest;
import export.ExportResult;
import features.FeatureSpec;
import features.GapPolicy;
import features.Interval;
import java.time.Instant;
import java.time.YearMonth;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import routes.PipelineRuntime;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Exports under app.exports.dir (default exports/): klines month CSVs, feature-frame CSVs, run",
            "bundles. Each file is written atomically with <file>.sha256 beside it and listed in manifest.json;",
            "re-exporting unchanged data leaves the files as they are and says 'unchanged'. See docs/exports.md."},
        subcommands = {ExportCommand.Klines.class, ExportCommand.Features.class, ExportCommand.Run.class})
final class ExportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    /** Sends the request through direct:export and prints what it did; a refusal is one line with its exit code. */
    static int export(CommandLine.Model.CommandSpec spec, ExportRequest request) throws Exception {
        try (PipelineRuntime runtime = PipelineRuntime.startOneShot(KlinePipeline.overrides())) {
            ExportResult r = runtime.export(request);
            r.lines().forEach(System.out::println);
            return 0;
        } catch (ExportRefused e) {
            System.err.println(spec.qualifiedName() + ": " + e.getMessage());
            return e.exitCode();
        }
    }

    @Command(name = "klines", mixinStandardHelpOptions = true,
            description = {"One CSV per UTC month with stored data: klines_<interval>_YYYY-MM.csv, header",
                "open_time,open,high,low,close,volume,close_time,quote_asset_volume,trades,taker_base,taker_quote;",
                "times ISO-8601 UTC, numbers as stored (shortest round-trip form). 1m: the stored rows; longer",
                "intervals aggregated from them as features compute does (complete buckets only). Missing minutes",
                "are absent; --gap-policy ffill forward-fills them and adds a 'filled' column (0/1)."})
    static final class Klines implements Callable<Integer> {
        @Option(names = "--from", required = true, paramLabel = "YYYY-MM", description = "first month")
        YearMonth from;

        @Option(names = "--to", paramLabel = "YYYY-MM", description = "last month, inclusive (default: --from)")
        YearMonth to;

        @Option(names = "--interval", defaultValue = "1m",
                description = "1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d (default: ${DEFAULT-VALUE}; 1w crosses months)")
        String interval;

        @Option(names = "--gap-policy", defaultValue = "none", description = "none | ffill (default: ${DEFAULT-VALUE})")
        String gapPolicy;

        @Option(names = "--symbol", description = "symbol (default: the first of app.symbols); another one's files are "
                + "named <SYMBOL>_klines_<interval>_YYYY-MM.csv")
        String symbol;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            YearMonth last = to != null ? to : from;
            Interval i;
            GapPolicy g;
            try {
                i = Interval.parse(interval);
                g = GapPolicy.parse(gapPolicy);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage().startsWith("No enum")
                        ? "--gap-policy '" + gapPolicy + "' is not none or ffill" : e.getMessage());
            }
            if (g == GapPolicy.DROP) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--gap-policy '" + gapPolicy
                        + "' is not none or ffill (missing minutes are absent unless ffill)");
            }
            if (i == Interval.W1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--interval 1w is not exported: a week "
                        + "crosses month files (export 1d, or export features --interval 1w)");
            }
            if (from.isAfter(last)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--from " + from + " is after --to " + last);
            }
            return export(spec, new ExportRequest.Klines(from, last, i, g, checked(spec, symbol)));
        }
    }

    @Command(name = "features", mixinStandardHelpOptions = true,
            description = {"The feature frame of [--start, --end) (as features compute makes it) as CSV for model",
                "training: exports/features_<interval>_<start>_<end>.csv; ts, open, high, low, close, volume,",
                "filled, then the indicators; warm-up values are empty cells."})
    static final class Features implements Callable<Integer> {
        @CommandLine.Mixin
        FeaturesCommand.FrameOptions o;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            FeatureSpec features = o.spec(spec.commandLine());
            Instant start = FeaturesCommand.FrameOptions.time("--start", o.start, null, spec.commandLine());
            Instant end = FeaturesCommand.FrameOptions.time("--end", o.end, null, spec.commandLine());
            if (start == null || end == null || !start.isBefore(end)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give --start before --end");
            }
            return export(spec, new ExportRequest.Features(features, start, end, checked(spec, o.symbol)));
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"A finished run folder (under app.api.runs-dir) as one portable, deterministic ZIP:",
                "exports/runs/<run-id>.zip (sorted entries, fixed times: the same run gives the same bytes)."})
    static final class Run implements Callable<Integer> {
        @Parameters(paramLabel = "RUN-ID", description = "e.g. ema-cross-0123456789ab")
        String runId;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return export(spec, new ExportRequest.Run(runId));
        }
    }

    /** A symbol option as given: capitals and digits (else exit 2); whether the store holds it the export checks. */
    static String checked(CommandLine.Model.CommandSpec spec, String symbol) {
        if (symbol != null && !storage.Symbols.valid(symbol)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--symbol '" + symbol + "' is not a symbol "
                    + "(capitals and digits, 2 to 20 characters, e.g. BTCUSDT)");
        }
        return symbol;
    }
}
