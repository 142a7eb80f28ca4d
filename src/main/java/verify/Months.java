package verify;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.TreeSet;

/** UTC month arithmetic and the month files present in a store folder. */
final class Months {
    private Months() {
    }

    static long startMs(YearMonth month) {
        return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    static YearMonth of(long ms) {
        return YearMonth.from(Instant.ofEpochMilli(ms).atZone(ZoneOffset.UTC));
    }

    static Optional<YearMonth> parse(String text) {
        try {
            return Optional.of(YearMonth.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Months that have a {@code YYYY-MM.parquet} file in {@code klinesDir} (temp files and others ignored). */
    static TreeSet<YearMonth> withFiles(Path klinesDir) throws IOException {
        TreeSet<YearMonth> months = new TreeSet<>();
        if (!Files.isDirectory(klinesDir)) {
            return months;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(klinesDir, "????-??.parquet")) {
            for (Path p : dir) {
                parse(p.getFileName().toString().substring(0, 7)).ifPresent(months::add);
            }
        }
        return months;
    }
}
