package cli;

import gen.BinanceArchive;
import gen.KlineGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write seeded, Binance-format BTCUSDT 1m archives (ZIP + CHECKSUM) for trying the pipeline offline.",
            "Times are in ms before 2025 and in µs from 2025-01-01, as Binance publishes them. Same seed, same bytes."})
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--month", description = "first month, YYYY-MM (default: ${DEFAULT-VALUE})", defaultValue = "2024-12")
    YearMonth month;

    @Option(names = "--months", description = "number of consecutive months (default: ${DEFAULT-VALUE})", defaultValue = "1")
    int months;

    @Option(names = "--day", description = "write one daily archive for this day instead of months")
    LocalDate day;

    @Option(names = "--seed", description = "random seed (default: ${DEFAULT-VALUE})", defaultValue = "42")
    long seed;

    @Option(names = "--gap", description = "leave minutes out: START/MINUTES, e.g. 2024-12-03T10:00:00Z/30 (repeatable)")
    List<String> gaps = new ArrayList<>();

    @Option(names = "--symbol", description = "symbol in the file names (default: ${DEFAULT-VALUE})", defaultValue = "BTCUSDT")
    String symbol;

    @Option(names = "--out", description = "output folder (default: ${DEFAULT-VALUE})", defaultValue = "inbox")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (months < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--months must be at least 1, got " + months);
        }
        OutputOptions.checkFolder(spec.commandLine(), "--out", out);
        KlineGenerator generator = new KlineGenerator(seed);
        List<KlineGenerator.Gap> holes = new ArrayList<>();
        for (String g : gaps) {
            holes.add(gap(g));
        }
        Path work = Files.createTempDirectory("kline-gen");
        try {
            if (day != null) {
                Path csv = work.resolve(symbol + "-1m-" + day + ".csv");
                generator.writeDay(day, csv, holes);
                System.out.println(BinanceArchive.zipWithChecksum(csv, out));
            }
            for (int i = 0; day == null && i < months; i++) {
                YearMonth m = month.plusMonths(i);
                Path csv = work.resolve(symbol + "-1m-" + m + ".csv");
                generator.writeMonth(m, csv, holes);
                System.out.println(BinanceArchive.zipWithChecksum(csv, out));
                Files.delete(csv);
            }
        } finally {
            try (var files = Files.list(work)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(work);
        }
        return 0;
    }

    private KlineGenerator.Gap gap(String text) {
        String[] parts = text.split("/", -1);
        try {
            int minutes = parts.length == 2 ? Integer.parseInt(parts[1]) : 0;
            if (minutes > 0) {
                return new KlineGenerator.Gap(Instant.parse(parts[0]), minutes);
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            // refused below
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "--gap must be START/MINUTES with a UTC instant and "
                + "minutes > 0, like 2024-12-03T10:00:00Z/30; got '" + text + "'");
    }
}
