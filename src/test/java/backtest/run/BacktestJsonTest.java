package backtest.run;

import static org.assertj.core.api.Assertions.assertThat;

import backtest.BacktestResult;
import backtest.DecisionLog;
import backtest.EquityCurve;
import backtest.Fill;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link BacktestJson#write}: a run as one snake_case JSON document, read back field by field. */
class BacktestJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void every_part_of_the_run_reads_back() throws Exception {
        BacktestResult base = RunFixtures.run(RunFixtures.config(), new RunFixtures.Scripted());
        BacktestResult r = RunFixtures.handMade(base, base.config(), RunFixtures.sampleMetrics(), 0);
        byte[] bytes = BacktestJson.write(r);
        assertThat(BacktestJson.write(r)).isEqualTo(bytes);
        JsonNode j = JSON.readTree(bytes);
        assertThat(names(j)).containsExactly("config", "strategy", "metrics", "fills", "round_trips", "decisions",
                "curve");
        assertThat(j.get("config").asText()).isEqualTo(r.config().toYaml());
        assertThat(j.get("strategy").asText()).isEqualTo("scripted");

        JsonNode m = j.get("metrics");
        assertThat(m.get("final_equity").asDouble()).isEqualTo(10_234.5);
        assertThat(m.get("elapsed_minutes").asLong()).isEqualTo(120_000L);
        assertThat(m.get("max_drawdown_bars").asInt()).isEqualTo(4);
        assertThat(m.get("win_rate").asDouble()).isEqualTo(2 / 3.0);

        JsonNode fills = j.get("fills");
        assertThat(fills).hasSize(6);
        for (int i = 0; i < 6; i++) {
            Fill f = r.fills().get(i);
            JsonNode n = fills.get(i);
            assertThat(n.get("ts").asLong()).isEqualTo(f.ts());
            assertThat(n.get("side").asText()).isEqualTo(f.side().name());
            assertThat(n.get("qty").asDouble()).isEqualTo(f.qty());
            assertThat(n.get("slippage_cost").asDouble()).isEqualTo(f.slippageCost());
            assertThat(n.get("realized_pnl").asDouble()).isEqualTo(f.realizedPnl());
            assertThat(n.get("reason").asText()).isEqualTo(f.reason().name());
        }
        JsonNode trips = j.get("round_trips");
        assertThat(trips).hasSize(2);
        assertThat(trips.get(0).get("open_ts").asLong()).isEqualTo(RunFixtures.bar(1));
        assertThat(trips.get(0).get("exit_reason").asText()).isEqualTo("STOP_LOSS");
        assertThat(trips.get(1).get("pnl").asDouble()).isEqualTo(-1);

        DecisionLog log = r.decisions();
        JsonNode d = j.get("decisions");
        assertThat(names(d)).containsExactly("ts", "action", "size_pct", "note", "outcome");
        assertThat(d.get("ts")).hasSize(log.size());
        for (int k = 0; k < log.size(); k++) {
            assertThat(d.get("ts").get(k).asLong()).isEqualTo(log.ts(k));
            assertThat(d.get("action").get(k).asText()).isEqualTo(log.decision(k).action().name());
            assertThat(d.get("size_pct").get(k).asDouble()).isEqualTo(log.decision(k).sizePct());
            assertThat(d.get("note").get(k).asText()).isEqualTo(log.decision(k).note());
            assertThat(d.get("outcome").get(k).asText()).isEqualTo(log.outcome(k).name());
        }
        assertThat(d.get("note").get(1).asText()).isEqualTo("in");
        assertThat(d.get("outcome").get(1).asText()).isEqualTo("FILLED");

        EquityCurve c = r.curve();
        JsonNode curve = j.get("curve");
        assertThat(names(curve)).containsExactly("ts", "close", "cash", "position", "avg_entry", "realized_pnl",
                "equity", "peak_equity", "drawdown", "buy_hold_equity");
        double[][] want = {c.close(), c.cash(), c.position(), c.avgEntry(), c.realized(), c.equity(), c.peak(),
                c.drawdown(), c.buyHold()};
        String[] keys = {"close", "cash", "position", "avg_entry", "realized_pnl", "equity", "peak_equity", "drawdown",
                "buy_hold_equity"};
        for (int i = 0; i < c.size(); i++) {
            assertThat(curve.get("ts").get(i).asLong()).isEqualTo(c.ts()[i]);
            for (int k = 0; k < keys.length; k++) {
                assertThat(curve.get(keys[k]).get(i).asDouble()).as("%s[%d]", keys[k], i).isEqualTo(want[k][i]);
            }
        }
    }
}
