package backtest.run;

import static backtest.run.RunFixtures.bar;
import static org.assertj.core.api.Assertions.assertThat;

import backtest.AccountSnapshot;
import backtest.Action;
import backtest.BacktestResult;
import backtest.DecisionLog;
import backtest.DecisionRecord;
import backtest.EquityCurve;
import backtest.ExitReason;
import backtest.ExitStats;
import backtest.Fill;
import backtest.config.BacktestConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.MinuteGaps;
import support.DuckDb;

/**
 * {@link RunArtefacts#write} read back: metrics.json (NaN as null, infinities by name, the open trade, data, exits and
 * explained blocks), lineage.json, fills and equity as JSON lines and Parquet (read by DuckDB), decisions.jsonl (the
 * decisions that matter, risk exits in event order, an explained strategy's fields) and decisions.parquet.
 */
class RunArtefactsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant END = Instant.parse("2024-01-01T02:00:00Z");
    private static final List<String> METRIC_KEYS = List.of("bars", "elapsed_minutes", "periods_per_year",
            "initial_cash", "final_equity", "total_pnl", "total_return", "buy_hold_return", "annualized_return",
            "annualized_volatility", "max_drawdown", "max_drawdown_pct", "max_drawdown_bars", "max_drawdown_millis",
            "fills", "buys", "sells", "round_trips", "wins", "losses", "win_rate", "gross_profit", "gross_loss",
            "profit_factor", "expectancy", "avg_win", "avg_loss", "fees_paid", "slippage_cost", "exposure_pct",
            "sharpe", "sortino", "calmar", "realized_pnl", "unrealized_pnl");

    @TempDir
    Path dir;

    private static DataCoverage data() {
        return DataCoverage.of(START, END, List.of(new MinuteGaps.Gap(START.toEpochMilli() + 60_000L,
                START.toEpochMilli() + 180_000L)), RunFixtures.frame().bars());
    }

    private static Lineage lineage() {
        return new Lineage("cfgsha", "1.2.3", "25+1", START, END, List.of(new Lineage.MonthRead("2024-01",
                "spot/BTCUSDT/klines_1m/2024-01.parquet", "pqsha", 44_640, List.of(new Lineage.Source(
                        "BTCUSDT-1m-2024-01.zip", "zipsha", "vision")))), null);
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private List<JsonNode> lines(String file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8)) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    private List<String> columns(String file) {
        return DuckDb.query("DESCRIBE SELECT * FROM " + DuckDb.parquet(dir.resolve(file))).stream()
                .map(r -> r.get(0) + " " + r.get(1)).toList();
    }

    private JsonNode json(String file) throws Exception {
        return JSON.readTree(dir.resolve(file).toFile());
    }

    @Test
    void metrics_lineage_fills_and_equity_of_a_plain_run() throws Exception {
        BacktestResult base = RunFixtures.run(RunFixtures.config(), new RunFixtures.Scripted());
        BacktestResult r = RunFixtures.handMade(base, base.config(), RunFixtures.sampleMetrics(), 3);
        RunArtefacts.write(dir, r, data(), lineage(), null);

        assertThat(dir.resolve("config.yaml")).hasContent(r.config().toYaml());
        JsonNode m = json("metrics.json");
        List<String> keys = new ArrayList<>(METRIC_KEYS);
        keys.addAll(List.of("open_trade", "data"));
        assertThat(names(m)).isEqualTo(keys);
        assertThat(m.get("bars").isInt()).isTrue();
        assertThat(m.get("bars").asInt()).isEqualTo(8);
        assertThat(m.get("elapsed_minutes").asLong()).isEqualTo(120_000L);
        assertThat(m.get("final_equity").asDouble()).isEqualTo(10_234.5);
        assertThat(m.get("buy_hold_return").isNull()).isTrue();
        assertThat(m.get("profit_factor").asText()).isEqualTo("Infinity");
        assertThat(m.get("sortino").asText()).isEqualTo("-Infinity");
        assertThat(m.get("sharpe").isNull()).isTrue();
        assertThat(m.get("calmar").asDouble()).isEqualTo(1.5);
        assertThat(m.get("win_rate").asDouble()).isEqualTo(2 / 3.0);
        assertThat(m.get("open_trade").toString()).isEqualTo("{\"opened\":\"2024-01-01T01:15:00Z\",\"fills\":1,"
                + "\"qty\":0.3,\"avg_entry_price\":90.09,\"last_close\":96.0,\"realized_pnl\":0.0,"
                + "\"unrealized_pnl\":1.773,\"pnl\":1.773}");
        assertThat(m.get("data").toString()).isEqualTo(JSON.valueToTree(data().toMap()).toString());
        assertThat(m.get("data").get("missing_minutes").asLong()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("metrics.json"))).contains("\n  \"bars\" : 8,"); // indented

        // the map itself (the same figures, NaN as null)
        Map<String, Object> map = RunArtefacts.metrics(RunFixtures.sampleMetrics());
        assertThat(map.keySet()).containsExactlyElementsOf(METRIC_KEYS);
        assertThat(map).containsEntry("buy_hold_return", null).containsEntry("profit_factor", "Infinity")
                .containsEntry("sortino", "-Infinity").containsEntry("total_pnl", 234.5).containsEntry("fills", 6);

        JsonNode lin = json("lineage.json");
        assertThat(names(lin)).containsExactly("config_sha256", "program_version", "java_version", "data_from",
                "data_to", "months");
        assertThat(lin.get("data_from").asText()).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(lin.get("months").get(0).toString()).isEqualTo("{\"month\":\"2024-01\",\"file\":"
                + "\"spot/BTCUSDT/klines_1m/2024-01.parquet\",\"parquet_sha256\":\"pqsha\",\"rows\":44640,\"sources\":"
                + "[{\"name\":\"BTCUSDT-1m-2024-01.zip\",\"sha256\":\"zipsha\",\"source\":\"vision\"}]}");
        Path other = Files.createDirectories(dir.resolve("prompt"));
        RunArtefacts.write(other, r, data(), lineage().withPrompt("promptsha"), null);
        JsonNode withPrompt = JSON.readTree(other.resolve("lineage.json").toFile());
        assertThat(names(withPrompt)).endsWith("months", "prompt_sha256");
        assertThat(withPrompt.get("prompt_sha256").asText()).isEqualTo("promptsha");

        List<Fill> fills = r.fills();
        List<JsonNode> fl = lines("fills.jsonl");
        assertThat(fl).hasSize(fills.size());
        for (int i = 0; i < fills.size(); i++) {
            Fill f = fills.get(i);
            JsonNode l = fl.get(i);
            assertThat(names(l)).containsExactly("ts", "side", "qty", "price", "notional", "fee", "slippage_cost",
                    "realized_pnl", "note");
            assertThat(l.get("ts").asText()).isEqualTo(Instant.ofEpochMilli(f.ts()).toString());
            assertThat(l.get("side").asText()).isEqualTo(f.side().name());
            assertThat(l.get("qty").asDouble()).isEqualTo(f.qty());
            assertThat(l.get("price").asDouble()).isEqualTo(f.price());
            assertThat(l.get("notional").asDouble()).isEqualTo(f.notional());
            assertThat(l.get("fee").asDouble()).isEqualTo(f.fee());
            assertThat(l.get("slippage_cost").asDouble()).isEqualTo(f.slippageCost());
            assertThat(l.get("realized_pnl").asDouble()).isEqualTo(f.realizedPnl());
            assertThat(l.get("note").asText()).isEqualTo(f.note());
        }
        assertThat(columns("fills.parquet")).extracting(c -> c.split(" ")[0]).containsExactly("ts", "side", "qty",
                "price", "notional", "fee", "slippage_cost", "realized_pnl", "note");
        List<List<Object>> pq = DuckDb.query("SELECT epoch_ms(ts), side, qty, price, notional, fee, slippage_cost,"
                + " realized_pnl, note FROM " + DuckDb.parquet(dir.resolve("fills.parquet")));
        assertThat(pq).hasSize(fills.size());
        for (int i = 0; i < fills.size(); i++) {
            Fill f = fills.get(i);
            assertThat(pq.get(i)).containsExactly(f.ts(), f.side().name(), f.qty(), f.price(), f.notional(), f.fee(),
                    f.slippageCost(), f.realizedPnl(), f.note());
        }

        EquityCurve c = r.curve();
        assertThat(columns("equity.parquet")).extracting(x -> x.split(" ")[0]).containsExactly("ts", "close", "cash",
                "position", "avg_entry_price", "realized_pnl", "unrealized_pnl", "equity", "peak_equity", "drawdown",
                "buy_hold_equity");
        List<List<Object>> eq = DuckDb.query("SELECT epoch_ms(ts), close, cash, position, avg_entry_price, realized_pnl,"
                + " unrealized_pnl, equity, peak_equity, drawdown, buy_hold_equity FROM "
                + DuckDb.parquet(dir.resolve("equity.parquet")));
        assertThat(eq).hasSize(8);
        boolean holding = false;
        for (int i = 0; i < 8; i++) {
            assertThat(eq.get(i)).as("bar %d", i).containsExactly(c.ts()[i], c.close()[i], c.cash()[i],
                    c.position()[i], c.avgEntry()[i], c.realized()[i], c.unrealized(i), c.equity()[i], c.peak()[i],
                    c.drawdown()[i], c.buyHold()[i]);
            holding |= c.unrealized(i) != 0;
        }
        assertThat(holding).as("some bar has unrealised PnL").isTrue();
    }

    @Test
    void a_run_that_ends_flat_has_a_null_open_trade() throws Exception {
        BacktestResult base = RunFixtures.run(RunFixtures.config(), new RunFixtures.Scripted());
        BacktestResult flat = new BacktestResult(base.config(), base.strategy(), base.curve(), base.fills(),
                base.roundTrips(), null, base.decisions(), 0, base.metrics(), 0, 0);
        RunArtefacts.write(dir, flat, data(), lineage(), null);
        JsonNode m = json("metrics.json");
        assertThat(m.has("open_trade")).isTrue();
        assertThat(m.get("open_trade").isNull()).isTrue();
    }

    @Test
    void decisions_jsonl_keeps_the_decisions_that_matter_and_the_parquet_every_decision() throws Exception {
        BacktestResult r = RunFixtures.run(RunFixtures.config(), new RunFixtures.Scripted());
        RunArtefacts.write(dir, r, data(), lineage(), null);
        DecisionLog log = r.decisions();
        assertThat(log.size()).isEqualTo(8);

        List<JsonNode> dl = lines("decisions.jsonl");
        assertThat(dl).hasSize(5); // the routine HOLDs of bars 0, 6 and 7 left out
        for (int j = 0; j < 5; j++) {
            checkLine(dl.get(j), log.get(j + 1));
            assertThat(names(dl.get(j))).containsExactly("ts", "action", "size_pct", "note", "outcome", "account");
        }
        assertThat(dl).extracting(l -> l.get("note").asText()).containsExactly("in", "waiting", "out", "flat", "again");

        assertThat(columns("decisions.parquet")).containsExactly("ts TIMESTAMP WITH TIME ZONE", "action VARCHAR", "size_pct DOUBLE",
                "note VARCHAR", "outcome VARCHAR");
        checkParquet(log);

        // decision_log: full: every decision in the JSON lines too
        BacktestResult full = RunFixtures.run(RunFixtures.config("decision_log: full"), new RunFixtures.Scripted());
        Path fullDir = Files.createDirectories(dir.resolve("full"));
        RunArtefacts.write(fullDir, full, data(), lineage(), null);
        List<String> all = Files.readAllLines(fullDir.resolve("decisions.jsonl"));
        assertThat(all).hasSize(8);
        for (int k = 0; k < 8; k++) {
            checkLine(JSON.readTree(all.get(k)), full.decisions().get(k));
        }
    }

    private static void checkLine(JsonNode l, DecisionRecord d) {
        assertThat(l.get("ts").asText()).isEqualTo(Instant.ofEpochMilli(d.ts()).toString());
        assertThat(l.get("action").asText()).isEqualTo(d.decision().action().name());
        assertThat(l.get("size_pct").asDouble()).isEqualTo(d.decision().sizePct());
        assertThat(l.get("note").asText()).isEqualTo(d.decision().note());
        assertThat(l.get("outcome").asText()).isEqualTo(d.outcome().name());
        AccountSnapshot a = d.before();
        JsonNode acc = l.get("account");
        assertThat(names(acc)).containsExactly("cash", "position", "avg_entry_price", "unrealized_pnl", "equity");
        assertThat(acc.get("cash").asDouble()).isEqualTo(a.cash());
        assertThat(acc.get("position").asDouble()).isEqualTo(a.position());
        assertThat(acc.get("avg_entry_price").asDouble()).isEqualTo(a.avgEntryPrice());
        assertThat(acc.get("unrealized_pnl").asDouble()).isEqualTo(a.unrealizedPnl());
        assertThat(acc.get("equity").asDouble()).isEqualTo(a.equity());
    }

    private void checkParquet(DecisionLog log) {
        List<List<Object>> rows = DuckDb.query("SELECT epoch_ms(ts), action, size_pct, note, outcome FROM "
                + DuckDb.parquet(dir.resolve("decisions.parquet")));
        assertThat(rows).hasSize(log.size());
        for (int k = 0; k < log.size(); k++) {
            assertThat(rows.get(k)).containsExactly(log.ts(k), log.decision(k).action().name(),
                    log.decision(k).sizePct(), log.decision(k).note(), log.outcome(k).name());
        }
    }

    @Test
    void an_execution_aware_run_names_every_reason_and_puts_risk_exits_in_event_order() throws Exception {
        BacktestResult base = RunFixtures.run(RunFixtures.config(), new RunFixtures.Scripted());
        BacktestConfig aware = RunFixtures.config("risk: {stop_loss_pct: 0.05}");
        List<Fill> fills = List.of(
                RunFixtures.fill(bar(1), Action.BUY, 0.1, 100, 0.01, 0, "in", ExitReason.SIGNAL),
                RunFixtures.fill(bar(3) + 300_000L, Action.SELL, 0.1, 95, 0.01, -0.5, "sl", ExitReason.STOP_LOSS),
                RunFixtures.fill(bar(4), Action.BUY, 0.1, 100, 0.01, 0, "in2", ExitReason.SIGNAL),
                RunFixtures.fill(bar(5), Action.SELL, 0.1, 105, 0.01, 0.4, "tp", ExitReason.TAKE_PROFIT),
                RunFixtures.fill(bar(6), Action.BUY, 0.1, 100, 0.01, 0, "in3", ExitReason.SIGNAL),
                RunFixtures.fill(bar(7) + RunFixtures.BAR, Action.SELL, 0.1, 99, 0.01, -0.2, "ts",
                        ExitReason.TRAILING_STOP));
        BacktestResult r = new BacktestResult(aware, base.strategy(), base.curve(), fills, RunFixtures.trips(),
                RunFixtures.open(), base.decisions(), 0, base.metrics(), 2, 0);
        RunArtefacts.write(dir, r, data(), lineage(), null);

        JsonNode m = json("metrics.json");
        assertThat(names(m)).endsWith("open_trade", "data", "exits", "unfilled_orders");
        assertThat(m.get("exits").toString()).isEqualTo(JSON.valueToTree(ExitStats.of(RunFixtures.trips(),
                RunFixtures.open()).toMap()).toString());
        assertThat(m.get("unfilled_orders").asInt()).isEqualTo(2);

        List<JsonNode> fl = lines("fills.jsonl");
        assertThat(fl).extracting(l -> l.get("reason").asText()).containsExactly("signal", "stop_loss", "signal",
                "take_profit", "signal", "trailing_stop");
        assertThat(names(fl.get(0))).endsWith("note", "reason");
        assertThat(DuckDb.query("SELECT reason FROM " + DuckDb.parquet(dir.resolve("fills.parquet"))))
                .extracting(row -> row.get(0)).containsExactly("signal", "stop_loss", "signal", "take_profit",
                        "signal", "trailing_stop");

        List<JsonNode> dl = lines("decisions.jsonl");
        assertThat(dl).extracting(l -> l.get("note").asText() + "/" + l.get("reason").asText()).containsExactly(
                "in/signal", "waiting/signal", "sl/stop_loss", "out/signal", "flat/signal", "tp/take_profit",
                "again/signal", "ts/trailing_stop");
        JsonNode sl = dl.get(2);
        assertThat(sl.toString()).isEqualTo("{\"ts\":\"2024-01-01T00:50:00Z\",\"action\":\"SELL\",\"size_pct\":1.0,"
                + "\"note\":\"sl\",\"outcome\":\"FILLED\",\"reason\":\"stop_loss\"}");
        assertThat(names(dl.get(0))).containsExactly("ts", "action", "size_pct", "note", "outcome", "account",
                "reason");
        checkLine(dl.get(0), base.decisions().get(1));
        assertThat(dl.get(7).get("ts").asText()).isEqualTo("2024-01-01T02:00:00Z");
        checkParquet(base.decisions()); // the strategy's decisions only
    }

    @Test
    void an_explained_strategy_adds_its_fields_to_every_line_its_block_and_typed_columns() throws Exception {
        RunFixtures.Explained explained = new RunFixtures.Explained();
        BacktestResult r = RunFixtures.run(RunFixtures.config(), explained);
        RunArtefacts.write(dir, r, data(), lineage(), explained);

        JsonNode m = json("metrics.json");
        assertThat(names(m)).endsWith("open_trade", "data", "llm");
        assertThat(m.get("llm").toString()).isEqualTo("{\"calls\":8,\"model\":\"m1\"}");

        List<JsonNode> dl = lines("decisions.jsonl");
        assertThat(dl).hasSize(8); // routine HOLDs too: every decision of an explained strategy
        for (int k = 0; k < 8; k++) {
            checkLine(dl.get(k), r.decisions().get(k));
        }
        assertThat(names(dl.get(0))).containsExactly("ts", "action", "size_pct", "note", "outcome", "account", "num",
                "text", "mixed");
        assertThat(names(dl.get(3))).endsWith("account", "num", "text", "mixed", "late");
        assertThat(dl.get(1).get("mixed").toString()).isEqualTo("{\"a\":1}");
        assertThat(dl.get(2).get("text").isNull()).isTrue();
        assertThat(dl.get(6).get("num").isNull()).isTrue();

        assertThat(columns("decisions.parquet")).containsExactly("ts TIMESTAMP WITH TIME ZONE", "action VARCHAR", "size_pct DOUBLE",
                "note VARCHAR", "outcome VARCHAR", "num DOUBLE", "text VARCHAR", "mixed VARCHAR", "late DOUBLE");
        checkParquet(r.decisions());
        List<List<Object>> rows = DuckDb.query("SELECT num, text, mixed, late FROM "
                + DuckDb.parquet(dir.resolve("decisions.parquet")));
        for (int k = 0; k < 8; k++) {
            List<Object> row = rows.get(k);
            if (k == 6) {
                assertThat(row.get(0)).as("NaN is stored as null").isNull();
            } else {
                assertThat(row.get(0)).isEqualTo(k * 1.5);
            }
            assertThat(row.get(1)).isEqualTo(k == 2 ? null : "t" + k);
            assertThat(row.get(2)).isEqualTo(k % 2 == 0 ? "plain-" + k : "{\"a\":" + k + "}");
            if (k < 3) {
                assertThat(row.get(3)).isNull();
            } else {
                assertThat(row.get(3)).isEqualTo((double) k);
            }
        }
    }
}
