package cli;

import backfill.RepairReport;
import backfill.RepairRequest;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import routes.PipelineRuntime;
import verify.VerifyReport;
import verify.VerifyReportFormatter;
import verify.VerifyRequest;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check the stored months for gaps, bad rows and offsets.json mismatches.",
            "Missing minutes are listed as UTC ranges: exchange outages are reported,",
            "never hidden. Also checked: months with no file, duplicates, row order,",
            "NaN/infinite values, OHLC and volume rules, close times, and offsets.json",
            "against the files (rows, SHA-256, covered range).",
            "With --from/--to every minute of those months is expected (never beyond now);",
            "without them, every minute from the first to the last stored one.",
            "--repair first rebuilds every month (within --from/--to) whose file is missing or",
            "does not match offsets.json from the inputs offsets.json records for it: kept raw",
            "CSV copies (app.ingest.keep-raw-csv), else archives downloaded again from Binance",
            "Vision (app.backfill.base-url, CHECKSUM verified); says what it did, then verifies.",
            "Exit 0 when clean, 4 when problems were found (after --repair: remain), 3 when a",
            "repair download or ingest failed or the store is not writable, 2 for a symbol",
            "this store does not hold."})
final class VerifyCommand implements Callable<Integer> {
    @Option(names = "--symbol", paramLabel = "SYMBOL", description = "symbol to verify (default: the first of "
            + "app.symbols)")
    String symbol;

    @Option(names = "--all", description = "verify every symbol: those of app.symbols and any other stored, in turn")
    boolean all;

    @Option(names = "--from", paramLabel = "YYYY-MM", description = "first month to check")
    YearMonth from;

    @Option(names = "--to", paramLabel = "YYYY-MM", description = "last month to check")
    YearMonth to;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the report as JSON to FILE")
    Path json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--repair", description = "first rebuild months whose file is missing or does not match offsets.json")
    boolean repair;

    @Override
    public Integer call() throws Exception {
        if (from != null && to != null && from.isAfter(to)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from " + from + " is after --to " + to);
        }
        OutputOptions.checkFile(spec.commandLine(), "--json", json);
        if (all && symbol != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give either --symbol or --all");
        }
        // --repair downloads through backfill-http and rebuilds through ingest-file: every route; a scan needs its own
        try (PipelineRuntime runtime = PipelineRuntime.startOneShot(KlinePipeline.overrides(),
                repair ? PipelineRuntime.Requests.ALL : PipelineRuntime.Requests.VERIFY)) {
            java.util.List<String> known = runtime.stores().known();
            String stored = runtime.symbols().defaultSymbol();
            if (symbol != null && !symbol.equals(stored) && !known.contains(symbol)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "this store holds " + String.join(",", known)
                        + " only (app.symbols); refusing to verify " + symbol);
            }
            java.util.List<String> symbols = all ? known : java.util.List.of(symbol != null ? symbol : stored);
            java.util.List<VerifyReport> reports = new java.util.ArrayList<>();
            boolean repairFailed = false;
            for (String s : symbols) {
                RepairReport repaired = repair ? runtime.repair(new RepairRequest(from, to, null, s)) : null;
                if (repaired != null) {
                    System.out.print(repaired.text());
                    repairFailed |= repaired.failed();
                }
                VerifyReport report = runtime.verify(new VerifyRequest(s, from, to));
                System.out.print(VerifyReportFormatter.text(report));
                reports.add(report);
            }
            if (json != null) {
                if (all) {
                    VerifyReportFormatter.writeJson(reports, json);
                } else {
                    VerifyReportFormatter.writeJson(reports.get(0), json);
                }
                System.out.println("report written to " + json);
            }
            if (repairFailed) {
                return KlinePipeline.EXIT_REFUSED;
            }
            return reports.stream().allMatch(VerifyReport::clean) ? 0 : KlinePipeline.EXIT_PROBLEMS;
        }
    }
}
