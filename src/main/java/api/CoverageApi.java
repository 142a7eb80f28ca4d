package api;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import verify.VerifyReport;
import verify.VerifyReportFormatter;
import verify.VerifyRequest;

/**
 * {@code GET /data/coverage?from=&to=}: the {@code verify} report of the store as JSON - the very document
 * {@code verify --json FILE} writes - scanned through the route the CLI uses.
 */
public final class CoverageApi {
    private static final Set<String> PARAMS = Set.of("from", "to");
    /** Months one report may cover when from and to are given (a wider range would expect ever more minutes). */
    static final int MAX_MONTHS = 1200;

    /** Runs a verification (the {@code direct:verify} route in the service). */
    public interface Verifier {
        VerifyReport verify(VerifyRequest request);
    }

    private final Verifier verifier;
    private final String symbol;

    public CoverageApi(Verifier verifier, String symbol) {
        this.verifier = verifier;
        this.symbol = symbol;
    }

    public ApiReply coverage(String query) {
        QueryParams q = QueryParams.parse(query, PARAMS);
        YearMonth from = month(q, "from");
        YearMonth to = month(q, "to");
        if (from != null && to != null && from.isAfter(to)) {
            throw QueryParams.invalid("to", "must not be before from (" + from + "), got " + to);
        }
        if (from != null && to != null && from.plusMonths(MAX_MONTHS).isBefore(to)) {
            throw QueryParams.invalid("to", "at most " + MAX_MONTHS + " months from " + from);
        }
        VerifyReport report = verifier.verify(new VerifyRequest(symbol, from, to));
        return new ApiReply(200, ApiReply.JSON, Map.of(), VerifyReportFormatter.json(report));
    }

    private static YearMonth month(QueryParams q, String name) {
        String text = q.text(name);
        if (text == null) {
            return null;
        }
        try {
            if (!text.matches("\\d{4}-\\d{2}")) {
                throw new DateTimeParseException("not YYYY-MM", text, 0);
            }
            YearMonth m = YearMonth.parse(text);
            if (m.getYear() < 1970 || m.getYear() > 2999) {
                throw new DateTimeParseException("out of range", text, 0);
            }
            return m;
        } catch (DateTimeParseException e) {
            throw QueryParams.invalid(name, "a month YYYY-MM from 1970-01 to 2999-12, got '" + Printable.of(text) + "'");
        }
    }
}
