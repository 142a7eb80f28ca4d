package cli;

import backfill.BackfillReport;
import backfill.BackfillRequest;
import backfill.FileResult;
import java.net.URI;
import java.net.URISyntaxException;
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
            "A host that cannot be reached stops the run at once (one line names it), the rest is not tried.",
            "Exit 0 when nothing was refused or failed (days not published yet are not errors), 3 otherwise",
            "(also when the host cannot be reached or the store is not writable), 2 bad options."})
final class BackfillCommand implements Callable<Integer> {
    @Option(names = "--symbol", description = "symbol (default: the first of app.symbols, BTCUSDT by default); one of "
            + "app.symbols")
    String symbol;

    @Option(names = "--symbols", paramLabel = "A,B,...", description = "several symbols, filled one after the other, "
            + "e.g. BTCUSDT,ETHUSDT,SOLUSDT; each one of app.symbols")
    String symbols;

    @Option(names = "--interval", description = "only 1m is stored; others are derived (default: ${DEFAULT-VALUE})",
            defaultValue = "1m")
    String interval;

    @Option(names = "--months", description = "the last N complete months plus the current month (default 2; 0: the "
            + "current month only)")
    Integer months;

    @Option(names = "--from", description = "first month, YYYY-MM")
    YearMonth from;

    @Option(names = "--to", description = "last month, YYYY-MM (default: the current month; later months are not "
            + "fetched)")
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
        YearMonth[] range = months(YearMonth.now(ZoneOffset.UTC));
        ProgressPrinter progress = new ProgressPrinter(System.out, ProgressPrinter.stdoutIsTerminal());
        if (symbol != null && symbols != null) {
            throw refused("give either --symbol or --symbols");
        }
        java.util.List<BackfillReport> reports = new java.util.ArrayList<>();
        java.util.List<String> filled = new java.util.ArrayList<>();
        try (PipelineRuntime runtime = PipelineRuntime.startOneShot(KlinePipeline.overrides())) {
            java.util.List<String> wanted = symbols(runtime.symbols());
            runtime.checkStoreWritable();
            for (String s : wanted) {
                BackfillReport report = runtime.backfill(new BackfillRequest(s, range[0], range[1], baseUrl, restGapFill,
                        restBaseUrl), progress);
                reports.add(report);
                filled.add(s);
                if (report.stop() != null) {
                    break; // the host cannot be reached: the next symbols would meet it too
                }
            }
        } finally {
            progress.close();
        }
        boolean ok = true;
        for (int i = 0; i < reports.size(); i++) {
            ok &= print(reports.get(i), reports.size() > 1 || symbols != null ? filled.get(i) + ": " : "");
        }
        return ok ? 0 : KlinePipeline.EXIT_REFUSED;
    }

    /** The symbols to fill, in the order given; each a symbol of app.symbols (else refused, exit 2). */
    private java.util.List<String> symbols(storage.Symbols accepted) {
        java.util.List<String> wanted = new java.util.ArrayList<>();
        String option = symbols != null ? "--symbols" : "--symbol";
        String given = symbols != null ? symbols : symbol != null ? symbol : accepted.defaultSymbol();
        for (String part : given.split(",", -1)) {
            String s = part.strip();
            if (!storage.Symbols.valid(s)) {
                throw refused(option + " '" + given + "': '" + s + "' is not a symbol (capitals and digits, 2 to 20"
                        + " characters, e.g. BTCUSDT)");
            }
            if (!accepted.accepts(s)) {
                throw refused("this store holds " + accepted + " (app.symbols), not " + option + " " + s);
            }
            if (!wanted.contains(s)) {
                wanted.add(s);
            }
        }
        return wanted;
    }

    /** Prints one symbol's problems and summary; whether it is clean. */
    private boolean print(BackfillReport report, String prefix) {
        for (FileResult f : report.files()) {
            if (f.problem()) {
                System.err.println(f.line());
            }
        }
        if (report.stop() != null) {
            System.err.println(spec.qualifiedName() + ": " + prefix + report.stop().reason() + ": stopped, "
                    + report.stop().notTried() + " archive(s) not tried; check the network"
                    + (baseUrl != null ? " and --base-url" : "") + ", then run backfill again");
        }
        System.out.println(prefix + report.summary());
        return report.ok();
    }

    /**
     * The first and last month to fill; every option is checked before anything starts (the symbol once the settings
     * are read): a bad one or a bad combination is refused in one line, exit 2.
     */
    private YearMonth[] months(YearMonth current) {
        if (!interval.equals("1m")) {
            throw refused("only 1m klines are downloaded; every other interval is aggregated from them");
        }
        if (months != null && (from != null || to != null)) {
            throw refused("give either --months or --from/--to");
        }
        if (months != null && months < 0) {
            throw refused("--months must be >= 0, got " + months);
        }
        if (from != null && from.isAfter(current)) {
            throw refused("--from " + from + " is in the future (this month is " + current + ")");
        }
        YearMonth last = to != null ? to : current;
        YearMonth first = from != null ? from : current.minusMonths(months != null ? months : 2);
        if (first.isAfter(last)) {
            throw refused(from != null ? "--from " + first + " is after --to " + last
                    : "--to " + last + " is before " + first + ", the first month of the default --months 2 (give --from)");
        }
        checkUrl("--base-url", baseUrl);
        checkUrl("--rest-base-url", restBaseUrl);
        return new YearMonth[] {first, last};
    }

    private void checkUrl(String option, String url) {
        if (url == null) {
            return;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw refused(option + " '" + url + "' is not a URL: " + e.getReason());
        }
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                || uri.getHost() == null) {
            throw refused(option + " '" + url + "' is not an http(s) URL with a host, e.g. https://data.binance.vision");
        }
    }

    private CommandLine.ParameterException refused(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
