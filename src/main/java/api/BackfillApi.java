package api;

import backfill.BackfillBusyException;
import backfill.BackfillRequest;
import backfill.BackfillRuns;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /backfill} starts a backfill now, in the background, through the route the timer and the
 * {@code backfill} command use; {@code GET /backfill} shows whether one runs, its progress, and the last run's
 * summary. One run at a time per process, whoever started it ({@link BackfillRuns}): a second is 409.
 */
public final class BackfillApi {
    private static final Set<String> START_PARAMS = Set.of("months", "from", "to", "symbol");
    private static final int DEFAULT_MONTHS = 2;
    static final String LOCATION = "/backfill";

    /** Starts a run in the background with its reserved ticket (the {@code direct:backfill} route in the service). */
    public interface Launcher {
        void launch(BackfillRequest request, BackfillRuns.Ticket ticket);
    }

    private final BackfillRuns runs;
    private final Launcher launcher;
    private final String symbol;
    private final int maxMonths;
    private final Clock clock;

    /** The symbols a run may fill ({@code app.symbols}). */
    private final storage.Symbols accepted;

    /** @param maxMonths the most months one request may span ({@code app.api.backfill-max-months}) */
    public BackfillApi(BackfillRuns runs, Launcher launcher, String symbol, int maxMonths, Clock clock) {
        this(runs, launcher, storage.Symbols.of(symbol), maxMonths, clock);
    }

    /** Fills the symbol {@code symbol=} names, one of {@code accepted} (default: the first listed). */
    public BackfillApi(BackfillRuns runs, Launcher launcher, storage.Symbols accepted, int maxMonths, Clock clock) {
        this.runs = runs;
        this.launcher = launcher;
        this.symbol = accepted.defaultSymbol();
        this.accepted = accepted;
        this.maxMonths = maxMonths;
        this.clock = clock;
    }

    /** POST /backfill?months= | ?from=&to=: 202 started (Location: /backfill), 409 while a run goes on. */
    public ApiReply start(byte[] body, String query) {
        QueryParams q = QueryParams.parse(query, START_PARAMS);
        if (body != null && body.length > 0) {
            throw new ApiException(Problem.Kind.INVALID_REQUEST.problem("POST /backfill takes no body: give months, or"
                    + " from and to, as query parameters"));
        }
        String target = q.text("symbol") == null ? symbol : q.text("symbol");
        if (!accepted.accepts(target)) {
            throw QueryParams.invalid("symbol", "this store takes " + accepted + " (app.symbols), got '" + Printable.of(target) + "'");
        }
        YearMonth current = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        YearMonth[] range = range(q, current);
        BackfillRuns.Ticket ticket;
        try {
            ticket = runs.reserve(BackfillRuns.Source.API, range[0], range[1]);
        } catch (BackfillBusyException e) {
            throw new ApiException(Problem.Kind.CONFLICT.problem(e.getMessage() + "; one backfill runs at a time (see"
                    + " GET /backfill)"), Map.of("Location", LOCATION));
        }
        try {
            launcher.launch(new BackfillRequest(target, range[0], range[1], null, null, null), ticket);
        } catch (RuntimeException e) {
            runs.finish(ticket, null, e, 0);
            throw e;
        }
        return ApiReply.json(202, BackfillStatusView.of(runs.status())).withHeader("Location", LOCATION);
    }

    /** GET /backfill: {@code status} idle or running, the current run and its progress, the last run's summary. */
    public ApiReply status(String query) {
        QueryParams.parse(query, Set.of());
        return ApiReply.json(200, BackfillStatusView.of(runs.status()));
    }

    /** The months of a request: {@code months} (the last N complete months plus this one) or {@code from}/{@code to}. */
    private YearMonth[] range(QueryParams q, YearMonth current) {
        String months = q.text("months");
        YearMonth from = q.month("from", YearMonth.of(2000, 1), YearMonth.of(2999, 12));
        YearMonth to = q.month("to", YearMonth.of(2000, 1), YearMonth.of(2999, 12));
        if (months != null && (from != null || to != null)) {
            throw QueryParams.invalid("months", "give either months, or from and to");
        }
        int n = q.intIn("months", 0, maxMonths - 1, DEFAULT_MONTHS);
        if (from != null && from.isAfter(current)) {
            throw QueryParams.invalid("from", "is in the future (this month is " + current + "), got " + from);
        }
        YearMonth last = to != null ? to : current;
        YearMonth first = from != null ? from : last.minusMonths(n);
        if (first.isAfter(last)) {
            throw QueryParams.invalid(from != null ? "from" : "to", "from (" + first + ") is after to (" + last + ")");
        }
        if (first.plusMonths(maxMonths).isBefore(last.plusMonths(1))) {
            throw QueryParams.invalid(from != null ? "from" : "to", "at most " + maxMonths + " months per run"
                    + " (app.api.backfill-max-months); " + first + ".." + last + " is more");
        }
        return new YearMonth[] {first, last};
    }

}
