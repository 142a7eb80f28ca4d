package storage;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The same minute arrived with different values: inside one input file ({@code withinFile}) or against rows
 * already stored. Carries the first conflicting minutes (up to a limit) and the total count.
 */
public final class MergeConflictException extends RuntimeException {
    private final boolean withinFile;
    private final List<Long> minutes;
    private final long total;

    public MergeConflictException(boolean withinFile, List<Long> minutes, long total) {
        super(describe(withinFile, minutes, total), null, false, false);
        this.withinFile = withinFile;
        this.minutes = List.copyOf(minutes);
        this.total = total;
    }

    public boolean withinFile() {
        return withinFile;
    }

    public List<Long> minutes() {
        return minutes;
    }

    public long total() {
        return total;
    }

    private static String describe(boolean withinFile, List<Long> minutes, long total) {
        String list = minutes.stream().map(m -> Instant.ofEpochMilli(m).toString()).collect(Collectors.joining(", "));
        return total + (withinFile ? " minute(s) appear twice in the file with different values: "
                : " minute(s) differ from the stored rows (use --replace for a corrected re-upload): ")
                + list + (total > minutes.size() ? ", ..." : "");
    }
}
