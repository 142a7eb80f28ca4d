package features;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Answers of the features route. */
public sealed interface FeatureResult {

    /** A written features file. */
    record Computed(Path file, int rows, int warmRows, int filledRows, Instant first, Instant last, long millis,
                    long missingMinutes, List<String> gaps) implements FeatureResult {
        public String summary() {
            String s = String.format("wrote %s: %d rows (%d with every indicator warm, %d containing filled minutes), %s .. %s,"
                    + " %d ms", file, rows, warmRows, filledRows, first, last, millis);
            if (!gaps.isEmpty()) {
                s += String.format("%n%d minute(s) missing in the store over the range (gap policy none): %s%s", missingMinutes,
                        String.join(", ", gaps.subList(0, Math.min(10, gaps.size()))), gaps.size() > 10 ? ", ..." : "");
            }
            return s;
        }
    }

    /** One checked value: the frame's and the independent recomputation; {@code note} says why a check is waived. */
    record Check(Instant ts, String column, Double frame, Double recomputed, boolean ok, String note) {
    }

    /** The spot check: every value of the sampled rows, and how many disagreed. */
    record Sampled(List<Check> checks, long mismatches, int rowsSampled) implements FeatureResult {
        public boolean ok() {
            return mismatches == 0 && rowsSampled > 0;
        }
    }
}
