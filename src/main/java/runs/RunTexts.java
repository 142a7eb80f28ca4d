package runs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How runs are printed: aligned terminal tables and the JSON forms (ordered maps: the same runs give the same text). */
public final class RunTexts {
    /** The list's headline figures: metrics.json key, column header, percent or not. */
    private static final List<String[]> LIST_METRICS = List.of(new String[] {"total_return", "return", "%"},
            new String[] {"sharpe", "sharpe", ""}, new String[] {"max_drawdown_pct", "max dd", "%"},
            new String[] {"round_trips", "trades", "int"}, new String[] {"fills", "fills", "int"});

    private RunTexts() {
    }

    /** {@code id strategy window interval return sharpe max-dd trades fills}, one run a line, columns aligned. */
    public static String listTable(List<RunRecord> runs) {
        List<List<String>> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("id", "strategy", "window", "interval"));
        LIST_METRICS.forEach(m -> head.add(m[1]));
        rows.add(head);
        for (RunRecord r : runs) {
            List<String> row = new ArrayList<>(List.of(r.id(), r.strategy(), window(r), String.valueOf(r.interval())));
            LIST_METRICS.forEach(m -> row.add(format(r, m[0], m[2])));
            rows.add(row);
        }
        return align(rows, 4);
    }

    /** The list as JSON-ready maps: runs folder, count, and per run its id, strategy, window, folder and headline. */
    public static Map<String, Object> listJson(String root, List<RunRecord> runs) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (RunRecord r : runs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("strategy", r.strategy());
            m.put("start", r.start());
            m.put("end", r.end());
            m.put("interval", r.interval());
            m.put("folder", r.folder().toString());
            m.put("finished", r.finished() == null ? null : r.finished().toString());
            Map<String, Object> metrics = new LinkedHashMap<>();
            for (String k : List.of("total_return", "buy_hold_return", "annualized_return", "max_drawdown_pct", "sharpe",
                    "sortino", "calmar", "round_trips", "fills", "win_rate", "profit_factor", "final_equity")) {
                metrics.put(k, r.metrics().get(k));
            }
            m.put("metrics", metrics);
            items.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runs_dir", root);
        out.put("count", items.size());
        out.put("runs", items);
        return out;
    }

    /** {@code 2024-01-01..2024-03-01} for whole days, else the instants. */
    static String window(RunRecord r) {
        if (r.start() == null || r.end() == null) {
            return "?";
        }
        return day(r.start()) + ".." + day(r.end());
    }

    private static String day(String instant) {
        return instant.endsWith("T00:00:00Z") ? instant.substring(0, instant.length() - "T00:00:00Z".length()) : instant;
    }

    /** A metric for the terminal: {@code %} as a percentage with 2 decimals, {@code int} whole, else 2 decimals. */
    static String format(RunRecord r, String key, String kind) {
        Object raw = r.metrics().get(key);
        Double v = r.number(key);
        if (v == null) {
            return raw == null ? "n/a" : String.valueOf(raw);
        }
        if (v.isInfinite()) {
            return v > 0 ? "inf" : "-inf";
        }
        return switch (kind) {
            case "%" -> String.format(Locale.ROOT, "%.2f %%", v * 100);
            case "int" -> String.format(Locale.ROOT, "%d", Math.round(v));
            default -> String.format(Locale.ROOT, "%.2f", v);
        };
    }

    /**
     * Rows as columns separated by two spaces; the first {@code textColumns} columns left-aligned, the rest (numbers)
     * right-aligned; a rule under the header row.
     */
    static String align(List<List<String>> rows, int textColumns) {
        int cols = rows.get(0).size();
        int[] width = new int[cols];
        for (List<String> row : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                String cell = row.get(c);
                String pad = " ".repeat(width[c] - cell.length());
                line.append(c == 0 ? "" : "  ").append(c < textColumns ? cell + pad : pad + cell);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
            if (i == 0) {
                int total = 0;
                for (int w : width) {
                    total += w;
                }
                sb.append("-".repeat(total + 2 * (cols - 1))).append('\n');
            }
        }
        return sb.toString();
    }
}
