package verify;

import static verify.MinuteRange.MINUTE_MS;
import static verify.Months.startMs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import storage.Hashes;
import storage.KlineParquet;
import storage.KlineStore;
import storage.Offsets;

/**
 * Scans the stored months of one {@link KlineStore}, one month at a time (only one month's rows in memory):
 * missing minutes as ranges (across month boundaries too), months without a file, bad rows, and offsets.json
 * disagreeing with the files. Gaps are reported as they are, exchange outages included: nothing is filled in.
 */
public final class StoreVerifier {
    static final int GAPS_LISTED = 1000;

    private final KlineStore store;
    private final Clock clock;
    /** Every symbol's store, or null: this verifier checks {@link #store} only. */
    private final storage.KlineStores stores;

    public StoreVerifier(KlineStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.stores = null;
    }

    /** Verifies the store of the request's symbol (null: the default one). */
    public StoreVerifier(storage.KlineStores stores, Clock clock) {
        this.store = stores.defaultStore();
        this.clock = clock;
        this.stores = stores;
    }

    /** The default symbol. */
    public String symbol() {
        return store.symbol();
    }

    /** Every symbol {@code verify --all} checks: those listed in app.symbols, then the others stored. */
    public List<String> symbols() throws IOException {
        return stores == null ? List.of(store.symbol()) : stores.known();
    }

    public VerifyReport verify(VerifyRequest request) throws IOException {
        KlineStore target = store;
        if (request.symbol() != null && !request.symbol().equals(store.symbol())) {
            if (stores == null) {
                throw new IllegalArgumentException("this store holds " + store.symbol() + " only (app.symbols);"
                        + " cannot verify " + request.symbol());
            }
            if (!storage.Symbols.valid(request.symbol()) || !stores.known().contains(request.symbol())) {
                throw new IllegalArgumentException("this store holds " + String.join(",", stores.known())
                        + " (app.symbols=" + stores.symbols() + "); cannot verify " + request.symbol());
            }
            target = stores.store(request.symbol());
        }
        return new StoreVerifier(target, clock).new Run(request, clock.instant()).execute();
    }

    /** The state of one verification: problems so far, and missing minutes per month. */
    private final class Run {
        private final VerifyRequest req;
        private final Instant now;
        private final List<Problem> problems = new ArrayList<>();
        private final Map<YearMonth, Long> missing = new TreeMap<>();
        private final List<MonthSummary> months = new ArrayList<>();
        private long rows;
        private long gapsUnlisted;
        private long gapMinutesUnlisted;
        private int gapsListed;

        Run(VerifyRequest req, Instant now) {
            this.req = req;
            this.now = now;
        }

        VerifyReport execute() throws IOException {
            Offsets offsets = readOffsets();
            Map<String, Offsets.MonthEntry> entries = offsets == null ? Map.of() : offsets.months();
            TreeSet<YearMonth> files = inRange(Months.withFiles(store.klinesDir()));
            TreeSet<YearMonth> listed = new TreeSet<>(files);
            entries.keySet().forEach(k -> Months.parse(k).ifPresent(listed::add));
            TreeSet<YearMonth> known = inRange(listed);

            long lastComplete = now.toEpochMilli() / MINUTE_MS * MINUTE_MS - MINUTE_MS;
            Long fromMs = req.from() == null ? null : startMs(req.from());
            Long toMs = req.to() == null ? null : Math.min(startMs(req.to().plusMonths(1)) - MINUTE_MS, lastComplete);
            GapTracker gaps = new GapTracker(fromMs, toMs, this::gap);
            YearMonth lo = req.from() != null ? req.from() : known.isEmpty() ? null : known.first();
            YearMonth hi = req.to() != null ? req.to() : known.isEmpty() ? null : known.last();
            YearMonth expectFirst = req.from() != null ? req.from() : files.isEmpty() ? null : files.first();
            YearMonth expectLast = req.to() != null ? req.to() : files.isEmpty() ? null : files.last();
            long expectEnd = toMs != null ? toMs : lastComplete;
            // hi is null when only --from is given and nothing is stored or listed from that month on: no month to check
            for (YearMonth m = lo; m != null && hi != null && !m.isAfter(hi); m = m.plusMonths(1)) {
                boolean expected = expectFirst != null && !m.isBefore(expectFirst) && !m.isAfter(expectLast)
                        && startMs(m) <= expectEnd;
                checkMonth(m, entries.get(m.toString()), files.contains(m), expected, offsets != null, gaps);
            }
            gaps.finish();
            if (offsets != null) {
                checkTotals(offsets);
            }
            return report(gaps);
        }

        private void checkMonth(YearMonth m, Offsets.MonthEntry entry, boolean hasFile, boolean expected,
                                boolean offsetsKnown, GapTracker gaps) throws IOException {
            Path file = store.monthFile(m);
            if (!hasFile) {
                if (entry != null) {
                    add(ProblemKind.OFFSETS_WITHOUT_FILE, m, "offsets.json lists " + entry.file() + " (" + entry.rows()
                            + " rows) but the file does not exist");
                }
                if (expected) {
                    add(ProblemKind.MONTH_MISSING, m, "no file " + file.getFileName() + ": the whole month is missing");
                }
                months.add(new MonthSummary(m, null, 0, null, null, 0));
                return;
            }
            String sha = Hashes.sha256(file);
            MonthScan scan = null;
            try {
                scan = MonthRowChecks.scan(m, KlineParquet.read(file));
            } catch (IOException | RuntimeException e) {
                add(ProblemKind.UNREADABLE, m, file.getFileName() + " cannot be read as Parquet: " + e);
            }
            if (scan != null) {
                problems.addAll(scan.problems());
                rows += scan.rows();
                BitSet present = scan.present();
                long start = startMs(m);
                for (int k = present.nextSetBit(0); k >= 0; k = present.nextSetBit(k + 1)) {
                    gaps.present(start + k * MINUTE_MS);
                }
            }
            if (offsetsKnown) {
                OffsetsChecks.check(m, file.getFileName().toString(), entry, sha, scan, problems);
            }
            months.add(new MonthSummary(m, file.getFileName().toString(), scan == null ? 0 : scan.rows(),
                    scan == null || scan.firstMs() < 0 ? null : Instant.ofEpochMilli(scan.firstMs()),
                    scan == null || scan.lastMs() < 0 ? null : Instant.ofEpochMilli(scan.lastMs()), 0));
        }

        private void gap(MinuteRange range) {
            long s = range.start().toEpochMilli();
            long e = range.end().toEpochMilli();
            YearMonth first = Months.of(s);
            YearMonth last = Months.of(e);
            for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
                long from = Math.max(s, startMs(m));
                long to = Math.min(e, startMs(m.plusMonths(1)) - MINUTE_MS);
                missing.merge(m, (to - from) / MINUTE_MS + 1, Long::sum);
            }
            if (gapsListed++ >= GAPS_LISTED) {
                gapsUnlisted++;
                gapMinutesUnlisted += range.minutes();
                return;
            }
            String span = first.equals(last) ? "" : " (spans " + first + " .. " + last + ")";
            problems.add(new Problem(ProblemKind.GAP, first, range.minutes() + " missing minutes " + range.start()
                    + " .. " + range.end() + span, range.minutes(), List.of(range)));
        }

        private void checkTotals(Offsets offsets) {
            long sum = offsets.months().values().stream().mapToLong(Offsets.MonthEntry::rows).sum();
            if (offsets.rows() != sum) {
                add(ProblemKind.OFFSETS_ROWS, null, "offsets.json total rows " + offsets.rows()
                        + " differ from the sum of its months, " + sum);
            }
        }

        private VerifyReport report(GapTracker gaps) {
            if (gapsUnlisted > 0) {
                problems.add(new Problem(ProblemKind.GAP, null, gapsUnlisted + " more gaps (" + gapMinutesUnlisted
                        + " missing minutes) not listed; only the first " + GAPS_LISTED + " are", gapMinutesUnlisted,
                        List.of()));
            }
            List<MonthSummary> summaries = months.stream().map(s -> new MonthSummary(s.month(), s.file(), s.rows(),
                    s.firstOpenTime(), s.lastOpenTime(), missing.getOrDefault(s.month(), 0L))).toList();
            long totalMissing = missing.values().stream().mapToLong(Long::longValue).sum();
            List<Problem> sorted = problems.stream().sorted(Comparator.comparing(Problem::month,
                    Comparator.nullsFirst(Comparator.naturalOrder()))).toList();
            return new VerifyReport(store.symbol(), now, toInstant(gaps.checkedFrom()), toInstant(gaps.checkedTo()),
                    rows, totalMissing, summaries, sorted);
        }

        private Offsets readOffsets() {
            try {
                return store.offsets();
            } catch (IOException | RuntimeException e) {
                add(ProblemKind.UNREADABLE, null, store.offsetsFile() + " cannot be read: " + e.getMessage());
                return null;
            }
        }

        private TreeSet<YearMonth> inRange(TreeSet<YearMonth> months) {
            TreeSet<YearMonth> out = new TreeSet<>();
            for (YearMonth m : months) {
                if ((req.from() == null || !m.isBefore(req.from())) && (req.to() == null || !m.isAfter(req.to()))) {
                    out.add(m);
                }
            }
            return out;
        }

        private void add(ProblemKind kind, YearMonth month, String message) {
            problems.add(Problem.of(kind, month, message));
        }
    }

    private static Instant toInstant(Long ms) {
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }
}
