package cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import routes.PipelineSettings;
import settings.LogSettings;
import settings.SettingSources;
import settings.SettingsException;
import settings.StartupTrace;

/**
 * Entry point of the jar. Without a sub-command it runs the long-lived process (inbox watcher and every
 * other consumer) until SIGTERM; each sub-command runs one step through the same routes and exits.
 */
@Command(name = "kline-pipeline", mixinStandardHelpOptions = true, versionProvider = KlinePipeline.Version.class,
        description = "Binance BTCUSDT 1m klines -> validated monthly Parquet; features, backtests.",
        footer = {"", "Settings: any app.* key from application.properties as -Dapp.key=value, env APP_KEY or in a",
            "--settings file (-D wins over env, env over the file); unknown keys and bad values stop start-up (exit 2).",
            "Exit codes: 0 ok, 1 unexpected error, 2 usage error or bad config,",
            "3 input refused or the store (or an output) not writable, 4 verify found problems,",
            "5 features sample found a mismatch.",
            "An error prints one line on stderr; --verbose adds its stack trace",
            "(always printed for a bug). --log-level LEVEL sets the log level (default: app.log.level)."})
public final class KlinePipeline implements Callable<Integer> {
    /**
     * The sub-commands, in the order of the usage help. Not in the {@code @Command} annotation: picocli builds the model
     * of every sub-command it is given (reflection over each one's options, its own sub-commands and the types they
     * name), which was the largest part of a command's start-up after logging; a command line that names one gets
     * only that one (see {@link #commandLine}).
     */
    static final List<Class<?>> COMMANDS = List.of(RunCommand.class, IngestCommand.class, BackfillCommand.class,
            VerifyCommand.class, FeaturesCommand.class, BacktestCommand.class, RunsCommand.class, ExportCommand.class,
            ReplayCommand.class, GenerateCommand.class);
    static final int EXIT_REFUSED = 3;
    static final int EXIT_PROBLEMS = 4;
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(KlinePipeline.class);

    /** Accepted anywhere on the command line (inherited); {@link CliErrors} reads it from the parse result. */
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "print the stack trace of an error (errors print one line without it)")
    boolean verbose;

    /** Read from the parse result before the command runs (see {@link #startUp}). */
    @Option(names = "--settings", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "a properties file of app.* settings over application.properties (env vars and -D win)")
    Path settingsFile;

    /** Read from the parse result before the command runs (see {@link #startUp}). */
    @Option(names = "--log-level", paramLabel = "LEVEL", scope = ScopeType.INHERIT, converter = LevelConverter.class,
            description = "trace, debug, info, warn, error or off (default: app.log.level); one-shot commands log "
                    + "Camel's warnings and errors only unless it is given")
    String logLevel;

    /** The settings the running command starts with, bound and checked before it runs. */
    private static volatile Map<String, String> settings = Map.of();

    public static void main(String[] args) {
        // the log levels set for a one-shot command hold until the JVM has exited, shutdown hooks included; also
        // after the long-lived process stopped on SIGTERM/SIGINT its exit code is this one, not 128 + signal
        StartupTrace.mark("main");
        if (warmsUp(args)) {
            warmUp();
        }
        int code = 1;
        try {
            CommandLine cmd = commandLine(new ArrayDeque<>(), args);
            StartupTrace.mark("command line model built (picocli)");
            code = cmd.execute(args);
            StartupTrace.mark("command done, exiting");
        } catch (Throwable t) { // a bug or a broken JVM (e.g. its jar replaced): say so and exit, never linger on
            System.err.println("error: unexpected " + t); // the long-lived process's non-daemon threads
            t.printStackTrace();
        } finally {
            System.exit(code);
        }
    }

    /**
     * Runs one command line in this JVM and answers its exit code, as {@link #main} does without exiting (tests);
     * the logging it set up is restored afterwards.
     */
    static int execute(String... args) {
        Deque<AutoCloseable> undo = new ArrayDeque<>();
        try {
            return commandLine(undo, args).execute(args);
        } finally {
            for (AutoCloseable u : undo) {
                try {
                    u.close();
                } catch (Exception e) {
                    throw new IllegalStateException("restoring the logging failed", e);
                }
            }
        }
    }

    /**
     * The command line for {@code args}: only the sub-command {@code args} names after the global options (picocli
     * takes the first word that names a sub-command as the command: the others could not run), none when nothing
     * follows the global options (the long-lived process), else every sub-command - so usage help, errors and
     * suggestions for a word that names no sub-command read as before. {@code undo} collects what {@link #startUp}
     * changed in the logging, to restore it (tests).
     */
    static CommandLine commandLine(Deque<AutoCloseable> undo, String... args) {
        CommandLine cmd = new CommandLine(new KlinePipeline());
        String named = commandName(args);
        List<Class<?>> wanted = COMMANDS.stream().filter(c -> name(c).equals(named)).toList();
        for (Class<?> c : named == null ? List.<Class<?>>of() : wanted.isEmpty() ? COMMANDS : wanted) {
            cmd.addSubcommand(c);
        }
        CliErrors errors = new CliErrors();
        cmd.setParameterExceptionHandler(errors);
        cmd.setExecutionExceptionHandler(errors);
        cmd.setExecutionStrategy(parsed -> startUp(parsed, undo));
        CliErrors.registerTimeConverters(cmd);
        return cmd;
    }

    /**
     * Start-up of every command (the long-lived process included), after the command line parsed: the app.* settings
     * are bound and checked - an unknown key or a bad value is refused in one line, exit 2, before anything starts -
     * logging is set up from them (and {@code --log-level}), the settings are logged at DEBUG, then the command runs.
     */
    private static int startUp(ParseResult parsed, Deque<AutoCloseable> undo) {
        StartupTrace.mark("command line parsed");
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        ParseResult leaf = parsed;
        Path file = null;
        String level = null;
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            file = p.matchedOptionValue("--settings", file);
            level = p.matchedOptionValue("--log-level", level);
            leaf = p;
        }
        boolean oneShot = leaf != parsed && !(leaf.commandSpec().userObject() instanceof RunCommand); // not "export run"
        try {
            PipelineSettings bound = PipelineSettings.bind(settingSources(file));
            undo.push(LogSetup.apply(bound.log(), level, oneShot));
            if (LOG.isDebugEnabled()) {
                LOG.debug("settings ({} keys, value and where it came from):", bound.values().size());
                bound.values().forEach((k, v) -> LOG.debug("    {} = {} ({})", k, v.text().strip(), v.origin()));
            }
            settings = bound.asMap();
            StartupTrace.mark("settings bound, logging set up");
        } catch (SettingsException e) {
            throw new CommandLine.ExecutionException(leaf.commandSpec().commandLine(), e.getMessage(), e);
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /** The commands that start the pipeline's runtime (read the store): their start-up warms up beside picocli. */
    static final java.util.Set<String> WARM_UP = java.util.Set.of("run", "ingest", "backfill", "verify", "features",
            "backtest", "export", "replay");

    /**
     * The commands of {@link #WARM_UP} that only read the store: on a store that holds no metadata yet they never
     * read or write JSON, and a warm-up there would only take a core from the start-up it should shorten.
     */
    static final java.util.Set<String> READ_ONLY = java.util.Set.of("verify", "features", "backtest", "export");

    /**
     * Whether {@code args} start the runtime and will use the store's JSON: the long-lived process (no command), a
     * command of {@link #WARM_UP} that writes, or one that only reads while the store it reads holds metadata.
     */
    static boolean warmsUp(String[] args) {
        String named = commandName(args);
        if (named == null) {
            return true;
        }
        return WARM_UP.contains(named) && (!READ_ONLY.contains(named) || storeHoldsMetadata(args));
    }

    /**
     * Whether the data folder {@code args} and the settings name holds any symbol's metadata
     * ({@link storage.KlineStores#holdsMetadata}). Only a guess for the warm-up: when the folder cannot be told (a
     * settings file that cannot be read, a folder that cannot be listed) it answers true, and the settings are read and
     * checked for real when the command starts.
     */
    static boolean storeHoldsMetadata(String[] args) {
        try {
            SettingSources.Value dir = settingSources(settingsFile(args)).get("app.data.dir");
            return dir == null || storage.KlineStores.holdsMetadata(Path.of(dir.text().strip()));
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** The app.* settings' sources: application.properties, then {@code file} (may be null), environment, -D. */
    private static SettingSources settingSources(Path file) {
        SettingSources sources = SettingSources.defaults();
        if (file != null) {
            sources = sources.withFile(file);
        }
        return sources.withEnvironment(System.getenv()).withSystemProperties(System.getProperties());
    }

    /** The last {@code --settings} value in {@code args} (the option is inherited: the command's own wins), or null. */
    static Path settingsFile(String[] args) {
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--settings") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (args[i].startsWith("--settings=")) {
                file = Path.of(args[i].substring("--settings=".length()));
            }
        }
        return file;
    }

    /**
     * Starts a daemon thread that sets up, beside picocli's parse on the main thread, what the runtime's start needs
     * anyway and which does not depend on the settings: the store's JSON mapper (Jackson's static set-up). Nothing
     * it does is visible: a failure there is met again, and reported, where the main thread needs it.
     */
    static Thread warmUp() {
        Thread t = new Thread(() -> {
            try {
                storage.OffsetsCodec.warmUp();
            } catch (RuntimeException | LinkageError e) {
                // the main thread meets it where it needs the mapper
            }
            StartupTrace.mark("warm-up done");
        }, "kline-warm-up");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The first word after the global options ({@code --verbose}, {@code --settings FILE}, {@code --log-level L}), or null. */
    static String commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--settings") || a.equals("--log-level")) {
                i++; // its value
            } else if (!a.equals("--verbose") && !a.startsWith("--settings=") && !a.startsWith("--log-level=")) {
                return a;
            }
        }
        return null;
    }

    /** A sub-command's name, from its annotation. */
    static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    /** A log level in any case, answered in lower case; anything else is a usage error. */
    static final class LevelConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String v = value.toLowerCase(java.util.Locale.ROOT);
            if (!LogSettings.LEVELS.contains(v)) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not one of "
                        + String.join(", ", LogSettings.LEVELS));
            }
            return v;
        }
    }

    @Override
    public Integer call() throws Exception {
        return new RunCommand().call();
    }

    /** The settings the command was started with (every app.* key), handed to the runtime as they were checked. */
    static Map<String, String> overrides() {
        return settings;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = KlinePipeline.class.getPackage().getImplementationVersion();
            return new String[] {"kline-pipeline " + (v == null ? "dev" : v)};
        }
    }
}
