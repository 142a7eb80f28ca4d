package backtest.run;

import backtest.BacktestResult;
import backtest.DecisionLog;
import backtest.DecisionRecord;
import backtest.EquityCurve;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's outputs as JSON (snake_case): the resolved config YAML, strategy name, metrics, fills, round trips, the
 * decision log and the equity curve as columns. Leaves the run time out, so the same config on the same data gives
 * the same bytes. Doubles are written by {@link Double#toString} (shortest repr that reads back exactly).
 */
public final class BacktestJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private BacktestJson() {
    }

    public static byte[] write(BacktestResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("config", r.config().toYaml());
        out.put("strategy", r.strategy());
        out.put("metrics", r.metrics());
        out.put("fills", r.fills());
        out.put("round_trips", r.roundTrips());
        out.put("decisions", decisions(r.decisions()));
        out.put("curve", curve(r.curve()));
        try {
            return JSON.writeValueAsBytes(out);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> decisions(DecisionLog log) {
        int n = log.size();
        long[] ts = new long[n];
        String[] action = new String[n];
        double[] size = new double[n];
        String[] note = new String[n];
        String[] outcome = new String[n];
        for (int k = 0; k < n; k++) {
            DecisionRecord d = log.get(k);
            ts[k] = d.ts();
            action[k] = d.decision().action().name();
            size[k] = d.decision().sizePct();
            note[k] = d.decision().note();
            outcome[k] = d.outcome().name();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ts", ts);
        m.put("action", action);
        m.put("size_pct", size);
        m.put("note", note);
        m.put("outcome", outcome);
        return m;
    }

    private static Map<String, Object> curve(EquityCurve c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ts", c.ts());
        m.put("close", c.close());
        m.put("cash", c.cash());
        m.put("position", c.position());
        m.put("avg_entry", c.avgEntry());
        m.put("realized_pnl", c.realized());
        m.put("equity", c.equity());
        m.put("peak_equity", c.peak());
        m.put("drawdown", c.drawdown());
        m.put("buy_hold_equity", c.buyHold());
        return m;
    }
}
