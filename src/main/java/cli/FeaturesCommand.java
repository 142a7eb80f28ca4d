package cli;

import features.FeatureRequest;
import features.FeatureResult;
import features.FeatureSpec;
import features.GapPolicy;
import features.Interval;
import features.indicators.IndicatorSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import routes.PipelineRuntime;

@Command(name = "features", mixinStandardHelpOptions = true,
        description = "Feature frames from the 1m store: bars at any interval plus indicators.",
        subcommands = {FeaturesCommand.Compute.class, FeaturesCommand.Sample.class})
final class FeaturesCommand implements Callable<Integer> {
    static final int EXIT_MISMATCH = 5;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    /** Options shared by compute and sample. */
    static final class FrameOptions {
        @Option(names = "--symbol", description = "symbol (default: the first of app.symbols, BTCUSDT by default)")
        String symbol;

        @Option(names = "--interval", description = "1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 1w (default: ${DEFAULT-VALUE})",
                defaultValue = "1m")
        String interval;

        @Option(names = "--indicators", description = "any of ema,rsi,cmf,macd,atr (default: ${DEFAULT-VALUE})",
                defaultValue = "ema,rsi,cmf")
        String indicators;

        @Option(names = "--gap-policy", description = "ffill | drop | none (default: ${DEFAULT-VALUE})", defaultValue = "ffill")
        String gapPolicy;

        @Option(names = "--start", description = "first bar, inclusive: ISO instant, YYYY-MM-DD or YYYY-MM (UTC)")
        String start;

        @Option(names = "--end", description = "end, exclusive: ISO instant, YYYY-MM-DD or YYYY-MM (UTC)")
        String end;

        FeatureSpec spec(CommandLine cmd) {
            try {
                return new FeatureSpec(Interval.parse(interval), IndicatorSpec.parse(indicators), GapPolicy.parse(gapPolicy));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cmd, e.getMessage());
            }
        }

        /** {@code --start}/{@code --end} as an instant; {@code option} names it in a refusal. */
        static Instant time(String option, String text, Instant fallback, CommandLine cmd) {
            if (text == null) {
                return fallback;
            }
            try {
                if (text.length() == 7) {
                    return YearMonth.parse(text).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                }
                if (text.length() == 10) {
                    return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                }
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new CommandLine.ParameterException(cmd, option + " '" + text
                        + "' is not a UTC time: give YYYY-MM, YYYY-MM-DD or an instant like 2024-01-01T00:00:00Z");
            }
        }

        /** The symbol to read: --symbol, one this store holds, or the default one. */
        String checkSymbol(PipelineRuntime runtime, CommandLine cmd) throws java.io.IOException {
            String stored = runtime.symbols().defaultSymbol();
            if (symbol == null || symbol.equals(stored)) {
                return stored;
            }
            java.util.List<String> known = runtime.stores().known();
            if (!known.contains(symbol)) {
                throw new CommandLine.ParameterException(cmd, "this store holds " + String.join(",", known) + ", not "
                        + symbol);
            }
            return symbol;
        }
    }

    @Command(name = "compute", mixinStandardHelpOptions = true,
            description = {"Compute a feature frame (ts, open, high, low, close, volume, filled, indicators) to Parquet.",
                "Indicators start from enough history before --start that the first row is already warm;",
                "values still inside an indicator's warm-up are null. Default --out: data/spot/<SYMBOL>/features/."})
    static final class Compute implements Callable<Integer> {
        @CommandLine.Mixin
        FrameOptions o;

        @Option(names = "--out", description = "output Parquet file")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            // options first: a usage error should not cost a Camel start-up
            FeatureSpec features = o.spec(spec.commandLine());
            Instant start = FrameOptions.time("--start", o.start, null, spec.commandLine());
            Instant end = FrameOptions.time("--end", o.end, null, spec.commandLine());
            if (start == null || end == null || !start.isBefore(end)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give --start before --end");
            }
            OutputOptions.checkFile(spec.commandLine(), "--out", out);
            try (PipelineRuntime runtime = PipelineRuntime.startOneShot(KlinePipeline.overrides(),
                    PipelineRuntime.Requests.FEATURES)) {
                String symbol = o.checkSymbol(runtime, spec.commandLine());
                FeatureResult.Computed r = (FeatureResult.Computed) runtime.features(
                        new FeatureRequest.Compute(features, start, end, out, symbol));
                System.out.println(r.summary());
                return 0;
            }
        }
    }

    @Command(name = "sample", mixinStandardHelpOptions = true,
            description = {"Spot check: print N random warm rows with every value recomputed independently",
                "(OHLCV straight from the stored 1m rows, indicators with ta4j); exit 5 if any value differs",
                "by more than 1e-9 relative. Default range: the last 30 days stored."})
    static final class Sample implements Callable<Integer> {
        @CommandLine.Mixin
        FrameOptions o;

        @Option(names = "--n", description = "rows to check (default: ${DEFAULT-VALUE})", defaultValue = "10")
        int n;

        @Option(names = "--seed", description = "random seed (default: time based)")
        Long seed;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            FeatureSpec features = o.spec(spec.commandLine());
            if (n < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--n must be at least 1, got " + n);
            }
            FrameOptions.time("--start", o.start, null, spec.commandLine()); // refuse a bad time before start-up
            FrameOptions.time("--end", o.end, null, spec.commandLine());
            try (PipelineRuntime runtime = PipelineRuntime.startOneShot(KlinePipeline.overrides(),
                    PipelineRuntime.Requests.FEATURES)) {
                String symbol = o.checkSymbol(runtime, spec.commandLine());
                Instant last = runtime.stores().store(symbol).offsets().lastOpenTime();
                if (last == null) {
                    System.err.println(spec.qualifiedName() + ": nothing stored yet; ingest or backfill some months first");
                    return KlinePipeline.EXIT_REFUSED;
                }
                Instant end = FrameOptions.time("--end", o.end, last.plusSeconds(60), spec.commandLine());
                Instant start = FrameOptions.time("--start", o.start, end.minusSeconds(30L * 86_400), spec.commandLine());
                long s = seed != null ? seed : System.nanoTime();
                FeatureResult.Sampled r = (FeatureResult.Sampled) runtime.features(
                        new FeatureRequest.Sample(features, start, end, n, s, symbol));
                System.out.printf("%-24s %-12s %24s %24s  %s%n", "ts", "column", "frame", "recomputed", "");
                for (FeatureResult.Check c : r.checks()) {
                    System.out.printf("%-24s %-12s %24s %24s  %s%n", c.ts(), c.column(), c.frame(), c.recomputed(),
                            c.note() != null ? c.note() : c.ok() ? "ok" : "MISMATCH");
                }
                System.out.printf("%d rows, %d values checked, %d mismatches (seed %d)%n", r.rowsSampled(),
                        r.checks().size(), r.mismatches(), s);
                return r.ok() ? 0 : EXIT_MISMATCH;
            }
        }
    }
}
