package cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import storage.StoreNotWritableException;

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
            "Exit codes: 0 ok, 1 unexpected error, 2 usage error, 3 input refused or the store (or an output)",
            "not writable, 4 verify found problems,",
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
        int code = commandLine().execute(args);
        if (!longLived || code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        return new RunCommand().call();
    }

    /** The command line with the error handling every command shares. */
    static CommandLine commandLine() {
        return new CommandLine(new KlinePipeline()).setExecutionExceptionHandler(KlinePipeline::onError);
    }

    /**
     * A store (or output) this process may not write ends a command with one line saying where, why and what to do,
     * and exit 3; any other error keeps picocli's stack trace and exit 1.
     */
    private static int onError(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        String line = notWritable(ex);
        if (line == null) {
            throw ex;
        }
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + line);
        return EXIT_REFUSED;
    }

    private static String notWritable(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StoreNotWritableException s) {
                return s.getMessage();
            }
            if (t instanceof AccessDeniedException || t instanceof FileSystemException f && f.getReason() != null
                    && f.getReason().toLowerCase(java.util.Locale.ROOT).contains("read-only file system")) {
                FileSystemException f = (FileSystemException) t;
                return "cannot write " + f.getFile() + " (" + (f.getReason() != null ? f.getReason() : "permission denied")
                        + "): make it writable or write somewhere else";
            }
        }
        return null;
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
