package verify;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * What {@code verify} found: the symbol, the minutes checked ({@code checkedFrom..checkedTo}, inclusive; null
 * when there was nothing to check), one summary per month, and every problem. Clean when there is no problem.
 */
@JsonIgnoreProperties(value = "clean", allowGetters = true) // derived: written, not read back
public record VerifyReport(String symbol, Instant checkedAt, Instant checkedFrom, Instant checkedTo, long rows,
                           long missingMinutes, List<MonthSummary> months, List<Problem> problems) {
    public VerifyReport {
        months = List.copyOf(months);
        problems = List.copyOf(problems);
    }

    @JsonProperty("clean")
    public boolean clean() {
        return problems.isEmpty();
    }
}
