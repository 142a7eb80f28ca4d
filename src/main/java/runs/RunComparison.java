package runs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import report.ComparePage;
import storage.TableRows;

/**
 * Runs side by side: their metrics, every config key (flattened config.yaml) with the ones that differ between the runs
 * marked, and their equity curves (equity.parquet) overlaid in one self-contained HTML page. Built from the run
 * folders only, in the order the ids were given, so the same runs give byte-identical text, JSON and page.
 */
public final class RunComparison {
    /** At most this many runs in one comparison (each adds a column, a curve and its equity file read). */
    public static final int MAX_RUNS = 20;
    /** The metrics compared: metrics.json key, label, format ({@code %}, {@code int} or 2 decimals). */
    private static final List<String[]> METRICS = List.of(
            new String[] {"total_return", "total return", "%"},
            new String[] {"buy_hold_return", "buy and hold return", "%"},
            new String[] {"annualized_return", "annualized return", "%"},
            new String[] {"max_drawdown_pct", "max drawdown", "%"},
            new String[] {"sharpe", "Sharpe", ""},
            new String[] {"sortino", "Sortino", ""},
            new String[] {"calmar", "Calmar", ""},
            new String[] {"round_trips", "round trips", "int"},
            new String[] {"fills", "fills", "int"},
            new String[] {"win_rate", "win rate", "%"},
            new String[] {"profit_factor", "profit factor", ""},
            new String[] {"expectancy", "expectancy", ""},
            new String[] {"fees_paid", "fees", ""},
            new String[] {"exposure_pct", "exposure", "%"},
            new String[] {"final_equity", "final equity", ""});

    private final List<RunRecord> runs;

    private RunComparison(List<RunRecord> runs) {
        this.runs = runs;
    }

    /**
     * The runs named by {@code ids}, in that order. Refused (IllegalArgumentException naming it) for an id that is not a
     * run id or names no finished run under the index, a repeated id, fewer than 1 or more than {@link #MAX_RUNS}.
     */
    public static RunComparison of(RunIndex index, List<String> ids) throws IOException {
        if (ids.isEmpty() || ids.size() > MAX_RUNS) {
            throw new IllegalArgumentException("give 1 to " + MAX_RUNS + " run ids, got " + ids.size());
        }
        Map<String, RunIndex.FolderRun> found = new LinkedHashMap<>();
        List<RunIndex.FolderRun> all = index.scan();
        for (String id : ids) {
            RunIndex.FolderRun f = !RunIndex.validId(id) ? null
                    : all.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
            if (f == null) {
                throw new IllegalArgumentException(noRun(index, id));
            }
            if (found.put(id, f) != null) {
                throw new IllegalArgumentException("run " + id + " is given twice");
            }
        }
        List<RunRecord> records = new ArrayList<>();
        for (RunIndex.FolderRun f : found.values()) {
            records.add(RunRecord.load(f));
        }
        return new RunComparison(records);
    }

    /** The one-line refusal for an id that names no finished run. */
    public static String noRun(RunIndex index, String id) {
        String shown = id == null ? "null" : id.replaceAll("[^\\x20-\\x7e]", "?");
        if (shown.length() > 80) {
            shown = shown.substring(0, 80) + "...";
        }
        return "no run '" + shown + "' under " + index.root() + " (see runs list; run ids look like ema-cross-0123456789ab)";
    }

    public List<RunRecord> runs() {
        return runs;
    }

    /** Every config key of any run, in first-seen order, with each run's value (null: the run has no such key). */
    public Map<String, List<String>> params() {
        Set<String> keys = new LinkedHashSet<>();
        runs.forEach(r -> keys.addAll(r.params().keySet()));
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String k : keys) {
            List<String> values = new ArrayList<>();
            runs.forEach(r -> values.add(r.params().get(k)));
            out.put(k, values);
        }
        return out;
    }

    /** The config keys whose value is not the same in every run. */
    public List<String> differing() {
        List<String> out = new ArrayList<>();
        params().forEach((k, v) -> {
            if (v.stream().distinct().count() > 1) {
                out.add(k);
            }
        });
        return out;
    }

    /** The terminal form: metrics side by side, then the parameters that differ (or a line saying none do). */
    public String table() {
        List<List<String>> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("metric"));
        runs.forEach(r -> head.add(r.id()));
        rows.add(head);
        List<String> window = new ArrayList<>(List.of("window"));
        runs.forEach(r -> window.add(RunTexts.window(r) + " " + r.interval()));
        rows.add(window);
        for (String[] m : METRICS) {
            List<String> row = new ArrayList<>(List.of(m[1]));
            runs.forEach(r -> row.add(RunTexts.format(r, m[0], m[2])));
            rows.add(row);
        }
        StringBuilder sb = new StringBuilder(RunTexts.align(rows, 1));
        List<String> diff = differing();
        Map<String, List<String>> params = params();
        sb.append('\n');
        if (diff.isEmpty()) {
            sb.append("parameters: the same in every run (").append(params.size()).append(" keys)\n");
            return sb.toString();
        }
        sb.append("parameters that differ (").append(diff.size()).append(" of ").append(params.size())
                .append(" keys):\n");
        List<List<String>> p = new ArrayList<>();
        List<String> ph = new ArrayList<>(List.of("key"));
        runs.forEach(r -> ph.add(r.id()));
        p.add(ph);
        for (String k : diff) {
            List<String> row = new ArrayList<>(List.of(k));
            params.get(k).forEach(v -> row.add(v == null ? "-" : v));
            p.add(row);
        }
        sb.append(RunTexts.align(p, p.get(0).size()));
        return sb.toString();
    }

    /** The JSON form: runs (id, strategy, window, metrics.json whole), parameters by key, and the keys that differ. */
    public Map<String, Object> json() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (RunRecord r : runs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("strategy", r.strategy());
            m.put("start", r.start());
            m.put("end", r.end());
            m.put("interval", r.interval());
            m.put("metrics", r.metrics());
            items.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runs", items);
        out.put("params", params());
        out.put("differing", differing());
        return out;
    }

    /** JSON text of {@link #json}, indented, ending in a newline. */
    public String jsonText() throws IOException {
        return RunRecord.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json()) + "\n";
    }

    /** The self-contained page: metrics, all parameters (differing ones highlighted), equity curves overlaid. */
    public String html() throws IOException {
        List<String> ids = runs.stream().map(RunRecord::id).toList();
        List<ComparePage.Row> metrics = new ArrayList<>();
        List<String> window = new ArrayList<>();
        runs.forEach(r -> window.add(RunTexts.window(r) + " " + r.interval()));
        metrics.add(new ComparePage.Row("window", window, window.stream().distinct().count() > 1));
        for (String[] m : METRICS) {
            List<String> values = new ArrayList<>();
            runs.forEach(r -> values.add(RunTexts.format(r, m[0], m[2])));
            metrics.add(new ComparePage.Row(m[1], values, false));
        }
        Set<String> diff = new LinkedHashSet<>(differing());
        List<ComparePage.Row> params = new ArrayList<>();
        params().forEach((k, v) -> params.add(new ComparePage.Row(k, v.stream().map(x -> x == null ? "-" : x).toList(),
                diff.contains(k))));
        List<ComparePage.Series> curves = new ArrayList<>();
        for (RunRecord r : runs) {
            curves.add(equity(r));
        }
        String subtitle = runs.size() + " runs; " + diff.size() + " of " + params.size() + " parameters differ";
        return ComparePage.render("Run comparison", subtitle, ids, metrics, params, curves);
    }

    /** A run's equity curve from equity.parquet (empty when the file is missing). */
    static ComparePage.Series equity(RunRecord r) throws IOException {
        Path file = r.folder().resolve("equity.parquet");
        if (!Files.isRegularFile(file)) {
            return new ComparePage.Series(r.id(), new long[0], new double[0]);
        }
        long[] ts = new long[1024];
        double[] eq = new double[1024];
        int n = 0;
        try (TableRows rows = TableRows.open(file)) {
            int tsCol = rows.names().indexOf("ts");
            int eqCol = rows.names().indexOf("equity");
            if (tsCol < 0 || eqCol < 0) {
                throw new IOException(file + ": no ts or equity column");
            }
            for (Object[] row = rows.next(); row != null; row = rows.next()) {
                if (n == ts.length) {
                    ts = java.util.Arrays.copyOf(ts, n * 2);
                    eq = java.util.Arrays.copyOf(eq, n * 2);
                }
                ts[n] = ((Instant) row[tsCol]).toEpochMilli();
                eq[n] = row[eqCol] == null ? Double.NaN : (Double) row[eqCol];
                n++;
            }
        }
        return new ComparePage.Series(r.id(), java.util.Arrays.copyOf(ts, n), java.util.Arrays.copyOf(eq, n));
    }
}
