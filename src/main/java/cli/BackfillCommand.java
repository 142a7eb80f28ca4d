package cli;

import backfill.BackfillReport;
import backfill.BackfillRequest;
import backfill.FileResult;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import routes.PipelineRuntime;

@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Download Binance Vision 1m archives (CHECKSUM verified) and ingest them through the ingest route.",
            "Complete months as monthly archives (daily archives while a month is not published yet), the current",
            "month as daily archives of complete days. Archives already ingested with Binance's current checksum are",
            "not downloaded again; a changed checksum (re-upload) replaces the stored rows of its period.",
            "Exit 0 when nothing was refused or failed (days not published yet are not errors), 3 otherwise",
            "(also when the store is not writable)."})
final class BackfillCommand implements Callable<Integer> {
    @Option(names = "--symbol", description = "symbol (default: the store's, ${DEFAULT-VALUE})", defaultValue = "BTCUSDT")
    String symbol;

    @Option(names = "--interval", description = "only 1m is stored; others are derived (default: ${DEFAULT-VALUE})",
            defaultValue = "1m")
    String interval;

    @Option(names = "--months", description = "the last N complete months plus the current month (default 2)")
    Integer months;

    @Option(names = "--from", description = "first month, YYYY-MM")
    YearMonth from;

    @Option(names = "--to", description = "last month, YYYY-MM (default: the current month)")
    YearMonth to;

    @Option(names = "--base-url", description = "Binance Vision root (default: app.backfill.base-url)")
    String baseUrl;

    @Option(names = "--rest-gap-fill", negatable = true,
            description = "fill minutes still missing from Binance's REST API (default: app.backfill.rest.enabled)")
    Boolean restGapFill;

    @Option(names = "--rest-base-url", description = "Binance REST root (default: app.backfill.rest.base-url)")
    String restBaseUrl;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!interval.equals("1m")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "only 1m klines are downloaded; every other interval is aggregated from them");
        }
        if (months != null && from != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give either --months or --from/--to");
        }
        if (months != null && months < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--months must be >= 0, got " + months);
        }
        YearMonth current = YearMonth.now(ZoneOffset.UTC);
        YearMonth last = to != null ? to : current;
        YearMonth first = from != null ? from : current.minusMonths(months != null ? months : 2);
        if (first.isAfter(last)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from " + first + " is after --to " + last);
        }
        BackfillRequest request = new BackfillRequest(symbol, first, last, baseUrl, restGapFill, restBaseUrl);
        ProgressPrinter progress = new ProgressPrinter(System.out, ProgressPrinter.stdoutIsTerminal());
        BackfillReport report;
        try (PipelineRuntime runtime = PipelineRuntime.startOneShot(KlinePipeline.overrides())) {
            runtime.checkStoreWritable();
            report = runtime.backfill(request, progress);
        } finally {
            progress.close();
        }
        for (FileResult f : report.files()) {
            if (f.problem()) {
                System.err.println(f.line());
            }
        }
        System.out.println(report.summary());
        return report.ok() ? 0 : KlinePipeline.EXIT_REFUSED;
    }
}
