package api;

import java.time.YearMonth;
import java.util.Map;
import java.util.Set;
import verify.VerifyReport;
import verify.VerifyReportFormatter;
import verify.VerifyRequest;

/**
 * {@code GET /data/coverage?from=&to=}: the {@code verify} report of the store as JSON - the very document
 * {@code verify --json FILE} writes - scanned through the route the CLI uses. One scan at a time; an answer is reused
 * for the same months while the store has not changed, for up to {@link #REUSE_MS} (a dashboard polling it does not
 * rescan the store each time).
 */
public final class CoverageApi {
    private static final Set<String> PARAMS = Set.of("from", "to", "symbol");
    /** Months one report may cover when from and to are given (a wider range would expect ever more minutes). */
    static final int MAX_MONTHS = 1200;

    /** Runs a verification (the {@code direct:verify} route in the service). */
    public interface Verifier {
        VerifyReport verify(VerifyRequest request);
    }

    /** How long an answer is reused while the store's version is unchanged. */
    static final long REUSE_MS = 10_000;

    private record Answer(String symbol, YearMonth from, YearMonth to, StoreVersion version, long atMs, byte[] json) {
    }

    private final Verifier verifier;
    /** Every symbol's store ({@code symbol=} picks one; its offsets.json's version decides whether to reuse). */
    private final storage.KlineStores stores;
    private Answer last;

    public CoverageApi(Verifier verifier, storage.KlineStores stores) {
        this.verifier = verifier;
        this.stores = stores;
    }

    public ApiReply coverage(String query) throws java.io.IOException {
        QueryParams q = QueryParams.parse(query, PARAMS);
        String symbol = SymbolCheck.param(stores, q);
        YearMonth from = q.month("from", YearMonth.of(1970, 1), YearMonth.of(2999, 12));
        YearMonth to = q.month("to", YearMonth.of(1970, 1), YearMonth.of(2999, 12));
        if (from != null && to != null && from.isAfter(to)) {
            throw QueryParams.invalid("to", "must not be before from (" + from + "), got " + to);
        }
        if (from != null && to != null && from.plusMonths(MAX_MONTHS).isBefore(to)) {
            throw QueryParams.invalid("to", "at most " + MAX_MONTHS + " months from " + from);
        }
        return new ApiReply(200, ApiReply.JSON, Map.of(), report(symbol, from, to));
    }

    private synchronized byte[] report(String symbol, YearMonth from, YearMonth to) throws java.io.IOException {
        StoreVersion version = StoreVersion.of(stores.store(symbol).offsetsFile());
        long now = System.currentTimeMillis();
        Answer a = last;
        if (a != null && a.symbol().equals(symbol) && java.util.Objects.equals(a.from(), from) && java.util.Objects.equals(a.to(), to)
                && a.version().equals(version) && now - a.atMs() < REUSE_MS) {
            return a.json();
        }
        VerifyReport report = verifier.verify(new VerifyRequest(symbol, from, to));
        byte[] json = VerifyReportFormatter.json(report);
        last = new Answer(symbol, from, to, version, now, json);
        return json;
    }
}
