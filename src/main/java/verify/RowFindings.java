package verify;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/** Rows of one month that share a problem kind: how many, the first minutes as examples, the first detail. */
final class RowFindings {
    static final int EXAMPLES = 20;

    private final ProblemKind kind;
    private final String noun;
    private final List<Long> minutes = new ArrayList<>();
    private long count;
    private String firstDetail;

    RowFindings(ProblemKind kind, String noun) {
        this.kind = kind;
        this.noun = noun;
    }

    void add(long openTimeMs, String detail) {
        if (count++ == 0) {
            firstDetail = detail;
        }
        if (minutes.size() < EXAMPLES) {
            minutes.add(openTimeMs);
        }
    }

    boolean any() {
        return count > 0;
    }

    Problem toProblem(YearMonth month) {
        String more = count > minutes.size() ? " (first " + minutes.size() + " listed)" : "";
        return new Problem(kind, month, count + " " + noun + more + "; first: " + firstDetail, count,
                coalesce(minutes));
    }

    /** Consecutive whole minutes as ranges (sorted, de-duplicated); off-minute times as one-point ranges. */
    static List<MinuteRange> coalesce(List<Long> times) {
        List<Long> sorted = times.stream().distinct().sorted().toList();
        List<MinuteRange> out = new ArrayList<>();
        int i = 0;
        while (i < sorted.size()) {
            long start = sorted.get(i);
            long end = start;
            while (i + 1 < sorted.size() && sorted.get(i + 1) == end + MinuteRange.MINUTE_MS) {
                end = sorted.get(++i);
            }
            out.add(MinuteRange.of(start, end));
            i++;
        }
        return out;
    }

    static String at(long ms) {
        return Instant.ofEpochMilli(ms).toString();
    }
}
