package cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the jar. Without a sub-command it runs the long-lived process (inbox watcher and every
 * other consumer) until SIGTERM; each sub-command runs one step through the same routes and exits.
 */
@Command(name = "kline-pipeline", mixinStandardHelpOptions = true, versionProvider = KlinePipeline.Version.class,
        description = "Binance BTCUSDT 1m klines -> validated monthly Parquet; features, backtests.",
        subcommands = {RunCommand.class, IngestCommand.class, BackfillCommand.class, VerifyCommand.class,
            FeaturesCommand.class, BacktestCommand.class,
            GenerateCommand.class},
        footer = {"", "Settings: any app.* key from application.properties as -Dapp.key=value or env APP_KEY.",
            "Exit codes: 0 ok, 1 unexpected error, 2 usage error, 3 input refused, 4 verify found problems,",
            "5 features sample found a mismatch."})
public final class KlinePipeline implements Callable<Integer> {
    static final int EXIT_USAGE = 2;
    static final int EXIT_REFUSED = 3;
    static final int EXIT_PROBLEMS = 4;

    public static void main(String[] args) {
        boolean longLived = args.length == 0 || args[0].equals("run");
        if (!longLived && System.getProperty("kline.log.camel") == null) {
            System.setProperty("kline.log.camel", "WARN"); // one-shot commands print their own results
        }
        int code = new CommandLine(new KlinePipeline()).execute(args);
        if (!longLived || code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        return new RunCommand().call();
    }

    /** Settings passed through to Camel as override properties (none by default: -D and env vars apply). */
    static Map<String, String> overrides() {
        return Map.of();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = KlinePipeline.class.getPackage().getImplementationVersion();
            return new String[] {"kline-pipeline " + (v == null ? "dev" : v)};
        }
    }
}
