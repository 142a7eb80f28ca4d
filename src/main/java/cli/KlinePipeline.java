package cli;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

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
            "Exit codes: 0 ok, 1 unexpected error, 2 usage error or bad config,",
            "3 input refused or the store (or an output) not writable, 4 verify found problems,",
            "5 features sample found a mismatch.",
            "An error prints one line on stderr; --verbose adds its stack trace",
            "(always printed for a bug)."})
public final class KlinePipeline implements Callable<Integer> {
    static final int EXIT_REFUSED = 3;
    static final int EXIT_PROBLEMS = 4;

    /** Accepted anywhere on the command line (inherited); {@link CliErrors} reads it from the parse result. */
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "print the stack trace of an error (errors print one line without it)")
    boolean verbose;

    public static void main(String[] args) {
        boolean longLived = longLived(args);
        if (!longLived) {
            OneShotLogging.quietCamel(); // until the JVM has exited, shutdown hooks included
        }
        // also after the long-lived process stopped on SIGTERM/SIGINT: its exit code is this one, not 128 + signal
        System.exit(commandLine().execute(args));
    }

    /**
     * Runs one command line in this JVM and answers its exit code, as {@link #main} does without exiting (tests).
     * One-shot commands print their own results, so Camel logs only warnings and errors while they run.
     */
    static int execute(String... args) {
        AutoCloseable camelLogging = longLived(args) ? () -> { } : OneShotLogging.quietCamel();
        try (camelLogging) {
            return commandLine().execute(args);
        } catch (Exception e) {
            throw new IllegalStateException("restoring the log levels failed", e);
        }
    }

    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new KlinePipeline());
        CliErrors errors = new CliErrors();
        cmd.setParameterExceptionHandler(errors);
        cmd.setExecutionExceptionHandler(errors);
        CliErrors.registerTimeConverters(cmd);
        return cmd;
    }

    private static boolean longLived(String[] args) {
        String[] command = Arrays.stream(args).filter(a -> !a.equals("--verbose")).toArray(String[]::new);
        return command.length == 0 || command[0].equals("run");
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
