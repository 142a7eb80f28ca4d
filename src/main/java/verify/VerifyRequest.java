package verify;

import java.time.YearMonth;

/**
 * What to verify: the store's symbol (null: the store's own) and an optional month range. Without
 * {@code from}/{@code to} the expected coverage runs from the first to the last stored minute.
 */
public record VerifyRequest(String symbol, YearMonth from, YearMonth to) {
    public VerifyRequest {
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("--from " + from + " is after --to " + to);
        }
    }

    public static VerifyRequest all() {
        return new VerifyRequest(null, null, null);
    }
}
