package backfill;

import java.time.YearMonth;

/**
 * Months {@code from..to} (inclusive) to fill. {@code baseUrl}/{@code restBaseUrl}/{@code restGapFill} override the
 * settings when not null (command line, tests).
 */
public record BackfillRequest(String symbol, YearMonth from, YearMonth to, String baseUrl, Boolean restGapFill,
                              String restBaseUrl) {

    /** The last {@code months} complete months plus the current month so far. */
    public static BackfillRequest lastMonths(String symbol, int months, YearMonth current) {
        return new BackfillRequest(symbol, current.minusMonths(months), current, null, null, null);
    }

    public BackfillRequest {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("--from " + from + " is after --to " + to);
        }
    }
}
