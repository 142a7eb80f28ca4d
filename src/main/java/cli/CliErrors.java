package cli;

import backtest.config.ConfigException;
import backtest.plugin.StrategyFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import storage.StoreNotWritableException;

/**
 * How every command reports an error: one line on stderr, {@code <command>: <what went wrong>}, with the exit
 * code the help documents, and no stack trace unless {@code --verbose} asks for it.
 * <ul>
 * <li>bad options (picocli's parse errors, or a command's own {@link ParameterException}): exit 2, with a pointer
 * to {@code --help} instead of the whole usage text;</li>
 * <li>a refused request - a {@link ConfigException} (bad config, no data in the window) or an
 * {@link IllegalArgumentException} (bad grid, unknown metric), a strategy plug-in that failed on a bar, also when a
 * route wrapped it: exit 2;</li>
 * <li>a store (or output) this process may not write ({@link StoreNotWritableException}, permission denied,
 * read-only file system): exit 3, where, why and what to do;</li>
 * <li>a file that cannot be read or written (also inside an {@code UncheckedIOException}): exit 1, the file and
 * the reason;</li>
 * <li>anything else is a bug: the stack trace, then the line, exit 1.</li>
 * </ul>
 */
final class CliErrors implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {
    static final int EXIT_ERROR = 1;

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        String message = oneLine(ex.getMessage());
        if (ex instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            message += "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
        }
        PrintWriter err = cmd.getErr();
        err.println(name + ": " + message + " (see " + name + " --help)");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        String name = cmd.getCommandSpec().qualifiedName();
        PrintWriter err = cmd.getErr();
        String notWritable = notWritable(ex);
        if (notWritable != null) {
            if (verbose(parsed)) {
                ex.printStackTrace(err);
            }
            err.println(name + ": " + oneLine(notWritable));
            err.flush();
            return KlinePipeline.EXIT_REFUSED;
        }
        Throwable refusal = find(ex, ConfigException.class, IllegalArgumentException.class, StrategyFailure.class);
        Throwable io = find(ex, IOException.class);
        if (refusal == null && io == null || verbose(parsed)) {
            ex.printStackTrace(err);
        }
        if (refusal != null) {
            err.println(name + ": " + oneLine(refusal.getMessage()));
        } else if (io != null) {
            err.println(name + ": " + describe((IOException) io));
        } else {
            err.println(name + ": unexpected error (a bug; the stack trace is above): " + oneLine(String.valueOf(ex)));
        }
        err.flush();
        return refusal != null ? cmd.getCommandSpec().exitCodeOnInvalidInput() : EXIT_ERROR;
    }

    /** Month, date and instant options that say what they expected instead of echoing the parser's internals. */
    static void registerTimeConverters(CommandLine cmd) {
        cmd.registerConverter(YearMonth.class, s -> parse(s, YearMonth::parse, "a month YYYY-MM"));
        cmd.registerConverter(LocalDate.class, s -> parse(s, LocalDate::parse, "a date YYYY-MM-DD"));
        cmd.registerConverter(Instant.class, s -> parse(s, Instant::parse, "a UTC instant like 2024-01-01T00:00:00Z"));
    }

    private static <T> T parse(String text, java.util.function.Function<String, T> parser, String expected) {
        try {
            return parser.apply(text);
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not " + expected);
        }
    }

    /** {@code FILE: reason}, e.g. {@code ok.yaml/x.json: not a folder}. */
    static String describe(IOException e) {
        if (e instanceof FileSystemException f) {
            String reason = f.getReason() != null ? f.getReason()
                    : e instanceof NoSuchFileException ? "no such file or folder"
                    : e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof FileAlreadyExistsException ? "already exists (as a file where a folder is needed?)"
                    : e instanceof NotDirectoryException ? "not a folder" : e.getClass().getSimpleName();
            return f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ": " + reason;
        }
        return oneLine(String.valueOf(e.getMessage()));
    }

    /** A store (or output) this process may not write: where, why and what to do; null for any other error. */
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

    @SafeVarargs
    private static Throwable find(Throwable t, Class<? extends Throwable>... types) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(c)) {
                    return c;
                }
            }
        }
        return null;
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " / ");
    }
}
