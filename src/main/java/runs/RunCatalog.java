package runs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The run registry: every finished run folder under a runs folder ({@link RunIndex}: half-written {@code .tmp-}
 * folders never count), read as {@link RunRecord}s, filtered by strategy, sorted by a metric or a field, cut to a
 * limit. Metrics sort best first (highest; max drawdown smallest first), fields ascending, {@code finished} newest
 * first; a run without the value sorts last; ties by id, so the order is the same on every call.
 */
public final class RunCatalog {
    /** Sort keys by name: the metrics.json key (or field) and whether the highest comes first. */
    private static final Map<String, SortKey> SORTS = new LinkedHashMap<>();

    static {
        metric("sharpe", "sharpe", true);
        metric("sortino", "sortino", true);
        metric("calmar", "calmar", true);
        metric("return", "total_return", true);
        metric("buy_hold", "buy_hold_return", true);
        metric("annualized_return", "annualized_return", true);
        metric("max_drawdown", "max_drawdown_pct", false);
        metric("trades", "round_trips", true);
        metric("fills", "fills", true);
        metric("win_rate", "win_rate", true);
        metric("profit_factor", "profit_factor", true);
        metric("final_equity", "final_equity", true);
        field("start", RunRecord::start);
        field("end", RunRecord::end);
        field("id", RunRecord::id);
        field("strategy", RunRecord::strategy);
        field("interval", RunRecord::interval);
        SORTS.put("finished", new SortKey(Comparator.comparing(RunRecord::finished, Comparator.nullsLast(
                Comparator.<java.time.Instant>reverseOrder()))));
    }

    private final RunIndex index;

    public RunCatalog(RunIndex index) {
        this.index = index;
    }

    /** The names {@code sort} accepts (any other numeric metrics.json key also sorts, highest first). */
    public static List<String> sortNames() {
        return List.copyOf(SORTS.keySet());
    }

    /**
     * The runs of {@code strategy} (null: all), sorted by {@code sort} (a name of {@link #sortNames} or a metrics.json
     * key), at most {@code limit} (0: no limit). A folder that vanished while being read is left out.
     */
    public List<RunRecord> list(String strategy, String sort, int limit) throws IOException {
        Comparator<RunRecord> order = comparator(sort);
        List<RunRecord> out = new ArrayList<>();
        for (RunIndex.FolderRun f : index.scan()) {
            RunRecord r;
            try {
                r = RunRecord.load(f);
            } catch (IOException e) {
                continue; // removed or replaced meanwhile
            }
            if (strategy == null || strategy.equals(r.strategy())) {
                out.add(r);
            }
        }
        out.sort(order.thenComparing(RunRecord::id));
        return limit > 0 && out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    /** The order of {@code sort}; an IllegalArgumentException naming the known keys for a key that is not one. */
    static Comparator<RunRecord> comparator(String sort) {
        SortKey k = SORTS.get(sort == null ? "finished" : sort.toLowerCase(Locale.ROOT));
        if (k != null) {
            return k.order();
        }
        if (sort.matches("[a-z][a-z0-9_]{0,40}")) {
            return byMetric(sort, true);
        }
        throw new IllegalArgumentException("--sort " + sort + ": not a sort key (one of " + String.join(", ", SORTS.keySet())
                + ", or a metrics.json key)");
    }

    private static void metric(String name, String key, boolean highestFirst) {
        SORTS.put(name, new SortKey(byMetric(key, highestFirst)));
    }

    private static void field(String name, Function<RunRecord, String> get) {
        SORTS.put(name, new SortKey(Comparator.comparing(get, Comparator.nullsLast(Comparator.naturalOrder()))));
    }

    private static Comparator<RunRecord> byMetric(String key, boolean highestFirst) {
        Comparator<Double> values = highestFirst ? Comparator.reverseOrder() : Comparator.naturalOrder();
        return Comparator.comparing(r -> r.number(key), Comparator.nullsLast(values));
    }

    private record SortKey(Comparator<RunRecord> order) {
    }
}
