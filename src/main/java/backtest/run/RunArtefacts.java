package backtest.run;

import backtest.AccountSnapshot;
import backtest.BacktestResult;
import backtest.Decision;
import backtest.DecisionLog;
import backtest.DecisionRecord;
import backtest.EquityCurve;
import backtest.ExitReason;
import backtest.ExitStats;
import backtest.ExplainedStrategy;
import backtest.Fill;
import backtest.Metrics;
import backtest.OpenTrade;
import backtest.Outcome;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import storage.Column;
import storage.Tables;

/**
 * Writes one run's files: {@code config.yaml} (resolved), {@code metrics.json} (with the {@code open_trade} and
 * {@code data} blocks), {@code fills.parquet} and {@code fills.jsonl}, {@code equity.parquet}, {@code decisions.jsonl}
 * (the decisions that matter, their outcome and the account before each), {@code decisions.parquet} (every decision),
 * {@code lineage.json}. Nothing in them depends on the wall clock, so the same config on the same data
 * gives byte-identical files.
 */
public final class RunArtefacts {
    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper PLAIN_JSON = new ObjectMapper();

    private RunArtefacts() {
    }

    /**
     * {@code data} becomes the {@code data} block of metrics.json; {@code explained} (may be null) adds its fields to
     * each decision line and its block to metrics.json.
     */
    public static void write(Path dir, BacktestResult r, DataCoverage data, Lineage lineage, ExplainedStrategy explained)
            throws IOException {
        Files.writeString(dir.resolve("config.yaml"), r.config().toYaml(), StandardCharsets.UTF_8);
        Map<String, Object> metrics = metrics(r.metrics());
        metrics.put("open_trade", openTrade(r.openTrade()));
        metrics.put("data", data.toMap());
        if (explained != null) {
            metrics.put(explained.metricsBlock(), explained.runMetrics());
        }
        boolean reasons = r.config().executionAware(); // default configs keep the files they always had
        if (reasons) {
            metrics.put("exits", ExitStats.of(r.roundTrips(), r.openTrade()).toMap());
            metrics.put("unfilled_orders", r.unfilledOrders());
        }
        Files.write(dir.resolve("metrics.json"), JSON.writeValueAsBytes(metrics));
        Files.write(dir.resolve("lineage.json"), JSON.writeValueAsBytes(lineage));
        fills(dir, r.fills(), reasons);
        equity(dir, r.curve());
        List<Fill> exits = reasons ? r.fills().stream().filter(f -> f.reason() != ExitReason.SIGNAL).toList() : null;
        decisions(dir, r.decisions(), explained, r.config().fullDecisionLog(), exits, r.config().interval().millis());
    }

    /** The trip open at the end (null when flat): opened, fills, qty, average entry, last close, PnL. */
    private static Map<String, Object> openTrade(OpenTrade t) {
        if (t == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("opened", Instant.ofEpochMilli(t.openTs()).toString());
        m.put("fills", t.fills());
        m.put("qty", t.qty());
        m.put("avg_entry_price", t.avgEntryPrice());
        m.put("last_close", t.lastClose());
        m.put("realized_pnl", t.realizedPnl());
        m.put("unrealized_pnl", t.unrealizedPnl());
        m.put("pnl", t.pnl());
        return m;
    }

    /** Metrics as an ordered map; NaN (undefined) becomes null, infinities their names. */
    static Map<String, Object> metrics(Metrics m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var c : Metrics.class.getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(m);
                if (v instanceof Double d && !Double.isFinite(d)) {
                    v = Double.isNaN(d) ? null : d > 0 ? "Infinity" : "-Infinity";
                }
                out.put(snake(c.getName()), v);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** fills.parquet and fills.jsonl; with {@code reasons} a {@code reason} column (signal, stop_loss, ...) too. */
    private static void fills(Path dir, List<Fill> fills, boolean reasons) throws IOException {
        int n = fills.size();
        long[] ts = new long[n];
        String[] side = new String[n];
        String[] note = new String[n];
        String[] reason = new String[n];
        double[][] v = new double[7][n];
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Fill f = fills.get(i);
            ts[i] = f.ts();
            side[i] = f.side().name();
            note[i] = f.note();
            reason[i] = f.reason().code();
            double[] row = {f.qty(), f.price(), f.notional(), f.fee(), f.slippageCost(), f.realizedPnl()};
            for (int k = 0; k < row.length; k++) {
                v[k][i] = row[k];
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("ts", Instant.ofEpochMilli(f.ts()).toString());
            line.put("side", f.side().name());
            line.put("qty", f.qty());
            line.put("price", f.price());
            line.put("notional", f.notional());
            line.put("fee", f.fee());
            line.put("slippage_cost", f.slippageCost());
            line.put("realized_pnl", f.realizedPnl());
            line.put("note", f.note());
            if (reasons) {
                line.put("reason", f.reason().code());
            }
            lines.add(line);
        }
        List<Column> cols = new ArrayList<>(List.of(Column.timestamps("ts", ts), Column.strings("side", side),
                Column.doubles("qty", v[0]), Column.doubles("price", v[1]), Column.doubles("notional", v[2]),
                Column.doubles("fee", v[3]), Column.doubles("slippage_cost", v[4]), Column.doubles("realized_pnl", v[5]),
                Column.strings("note", note)));
        if (reasons) {
            cols.add(Column.strings("reason", reason));
        }
        Tables.writeParquet(dir.resolve("fills.parquet"), cols);
        Tables.writeJsonLines(dir.resolve("fills.jsonl"), lines);
    }

    private static void equity(Path dir, EquityCurve c) throws IOException {
        int n = c.size();
        double[] unrealized = new double[n];
        for (int i = 0; i < n; i++) {
            unrealized[i] = c.unrealized(i);
        }
        Tables.writeParquet(dir.resolve("equity.parquet"), List.of(Column.timestamps("ts", c.ts()),
                Column.doubles("close", c.close()), Column.doubles("cash", c.cash()), Column.doubles("position", c.position()),
                Column.doubles("avg_entry_price", c.avgEntry()), Column.doubles("realized_pnl", c.realized()),
                Column.doubles("unrealized_pnl", unrealized), Column.doubles("equity", c.equity()),
                Column.doubles("peak_equity", c.peak()), Column.doubles("drawdown", c.drawdown()),
                Column.doubles("buy_hold_equity", c.buyHold())));
    }

    /**
     * decisions.jsonl: the decisions that matter - every BUY/SELL, every decision of an explained (LLM) strategy, every
     * HOLD with a reason other than the rule's routine "no signal" - each with its outcome and the account before it;
     * every decision with {@code decision_log: full}. decisions.parquet: every decision (ts, action, size_pct, note,
     * outcome, plus an explained strategy's fields), the account left to equity.parquet. With {@code exits} (a config
     * with risk rules or next-open fills; null otherwise) every line gets a {@code reason}: {@code signal} for the
     * strategy's decisions, and each risk exit is a line of its own ({@code SELL}, its reason, the minute it filled,
     * no account) before the decision of the bar it happened in; decisions.parquet keeps the strategy's decisions.
     */
    private static void decisions(Path dir, DecisionLog log, ExplainedStrategy explained, boolean full,
                                  List<Fill> exits, long intervalMillis) throws IOException {
        int n = log.size();
        long[] ts = new long[n];
        String[] action = new String[n];
        double[] size = new double[n];
        String[] note = new String[n];
        String[] outcome = new String[n];
        List<Map<String, Object>> details = new ArrayList<>(explained == null ? 0 : n);
        List<Map<String, Object>> lines = new ArrayList<>();
        int e = 0;
        for (int k = 0; k < n; k++) {
            Decision d = log.decision(k);
            ts[k] = log.ts(k);
            action[k] = d.action().name();
            size[k] = d.sizePct();
            note[k] = d.note();
            outcome[k] = log.outcome(k).name();
            Map<String, Object> extra = explained == null ? Map.of() : explained.details(ts[k]);
            if (explained != null) {
                details.add(extra);
            }
            while (exits != null && e < exits.size() && exits.get(e).ts() < ts[k] + intervalMillis) {
                lines.add(exitLine(exits.get(e++))); // inside the decision's bar, so before its close
            }
            if (full || explained != null || !d.routine()) {
                Map<String, Object> line = line(log.get(k), extra);
                if (exits != null) {
                    line.put("reason", ExitReason.SIGNAL.code());
                }
                lines.add(line);
            }
        }
        while (exits != null && e < exits.size()) {
            lines.add(exitLine(exits.get(e++)));
        }
        Tables.writeJsonLines(dir.resolve("decisions.jsonl"), lines);
        List<Column> cols = new ArrayList<>(List.of(Column.timestamps("ts", ts), Column.strings("action", action),
                Column.doubles("size_pct", size), Column.strings("note", note), Column.strings("outcome", outcome)));
        cols.addAll(detailColumns(details));
        Tables.writeParquet(dir.resolve("decisions.parquet"), cols);
    }

    /** A risk exit as a decisions.jsonl line: not the strategy's decision (a replay skips it). */
    private static Map<String, Object> exitLine(Fill f) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("ts", Instant.ofEpochMilli(f.ts()).toString());
        line.put("action", f.side().name());
        line.put("size_pct", 1.0);
        line.put("note", f.note());
        line.put("outcome", Outcome.FILLED.name());
        line.put("reason", f.reason().code());
        return line;
    }

    private static Map<String, Object> line(DecisionRecord d, Map<String, Object> extra) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("ts", Instant.ofEpochMilli(d.ts()).toString());
        line.put("action", d.decision().action().name());
        line.put("size_pct", d.decision().sizePct());
        line.put("note", d.decision().note());
        line.put("outcome", d.outcome().name());
        AccountSnapshot a = d.before();
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("cash", a.cash());
        account.put("position", a.position());
        account.put("avg_entry_price", a.avgEntryPrice());
        account.put("unrealized_pnl", a.unrealizedPnl());
        account.put("equity", a.equity());
        line.put("account", account);
        line.putAll(extra);
        return line;
    }

    /**
     * An explained strategy's fields as columns, in first-seen order: a field whose values are all numbers (or null)
     * is a DOUBLE column, any other a STRING column (objects as JSON).
     */
    private static List<Column> detailColumns(List<Map<String, Object>> rows) throws IOException {
        int n = rows.size();
        java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>();
        rows.forEach(l -> keys.addAll(l.keySet()));
        List<Column> cols = new ArrayList<>();
        for (String k : keys) {
            Object[] values = new Object[n];
            boolean numeric = true;
            boolean strings = true;
            for (int i = 0; i < n; i++) {
                Object o = rows.get(i).get(k);
                values[i] = o;
                numeric &= o == null || o instanceof Number;
                strings &= o == null || o instanceof String;
            }
            if (numeric) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = values[i] == null ? Double.NaN : ((Number) values[i]).doubleValue();
                }
                cols.add(Column.doubles(k, v));
            } else if (strings) {
                String[] v = new String[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (String) values[i];
                }
                cols.add(Column.strings(k, v));
            } else {
                // strings as they are, other values as PLAIN_JSON writes them (objects: one generator for the column)
                List<Object> json = new ArrayList<>(java.util.Collections.nCopies(n, null));
                for (int i = 0; i < n; i++) {
                    if (values[i] != null && !(values[i] instanceof String)) {
                        json.set(i, values[i]);
                    }
                }
                String[] v = Tables.jsonTexts(json, PLAIN_JSON);
                for (int i = 0; i < n; i++) {
                    if (values[i] instanceof String str) {
                        v[i] = str;
                    }
                }
                cols.add(Column.strings(k, v));
            }
        }
        return cols;
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
