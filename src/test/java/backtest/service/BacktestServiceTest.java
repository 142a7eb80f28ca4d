package backtest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backtest.BacktestEngine;
import backtest.BacktestResult;
import backtest.Decision;
import backtest.DecisionContext;
import backtest.ExitStats;
import backtest.ExplainedStrategy;
import backtest.RunProgress;
import backtest.Strategy;
import backtest.TestConfigs;
import backtest.bias.BiasReport;
import backtest.bias.BiasRequest;
import backtest.config.BacktestConfig;
import backtest.config.ConfigException;
import backtest.config.StrategyParams;
import backtest.run.Lineage;
import backtest.run.RunPlan;
import backtest.run.RunStores;
import backtest.run.RunSummary;
import backtest.strategy.Strategies;
import backtest.sweep.SweepMetric;
import backtest.sweep.SweepPlan;
import backtest.sweep.SweepRequest;
import backtest.sweep.SweepSummary;
import backtest.walkforward.WalkForwardFolds;
import backtest.walkforward.WalkForwardRequest;
import backtest.walkforward.WalkForwardSummary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import features.Bars;
import features.DataSource;
import features.FeatureEngine;
import features.FeatureFrame;
import features.Interval;
import features.ParquetDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.CrashPoints;
import storage.Hashes;
import storage.KlineStore;
import storage.KlineStores;
import storage.Symbols;

/**
 * {@link BacktestService} without the application: BTCUSDT (December 2023 and January 2024) and ETHUSDT (January
 * 2024) merged straight into a store, runs checked against standalone engine runs over the same bars, the run folder
 * (named by config and data, replaced whole, nothing left aside), progress, refusals, other symbols, an llm strategy
 * from a factory, replay, sweeps (re-runs, ids), walk-forward and the bias check.
 */
class BacktestServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> RUN_FILES = List.of("config.yaml", "decisions.jsonl", "decisions.parquet",
            "equity.parquet", "fills.jsonl", "fills.parquet", "lineage.json", "metrics.json", "report.html");

    @TempDir
    static Path root;
    static Path dataDir;
    static KlineStore btc;
    static KlineStore eth;

    @BeforeAll
    static void stores() throws Exception {
        dataDir = root.resolve("data");
        btc = RunStores.merged(dataDir, "BTCUSDT", 11, List.of(), YearMonth.of(2023, 12), YearMonth.of(2024, 1));
        eth = RunStores.merged(dataDir, "ETHUSDT", 12, List.of(), YearMonth.of(2024, 1));
    }

    private static BacktestConfig config(String out, String... lines) {
        List<String> all = new ArrayList<>(List.of("start: 2024-01-05", "end: 2024-01-12", "interval: 15m",
                "fee_rate: 0.001", "slippage_bps: 1", "indicators: {ema_fast: 12, ema_slow: 26}",
                "strategy: {type: ema-cross, decision_every: 15m}", "output_dir: " + root.resolve(out)));
        all.addAll(List.of(lines));
        return TestConfigs.of(all.toArray(String[]::new));
    }

    private static BacktestService service() {
        return new BacktestService(btc, "test");
    }

    /** The config's run by the engine alone, over the same store (1m bars for the risk rules when asked). */
    private static BacktestResult standalone(BacktestConfig cfg, KlineStore store, boolean minutes) throws Exception {
        ParquetDataSource source = new ParquetDataSource(store, cfg.gapPolicy(), false);
        FeatureFrame frame = new FeatureEngine(source).compute(cfg.featureSpec(), cfg.start(), cfg.end());
        Bars m = minutes ? source.fetchOhlcv(Interval.M1, cfg.start(), cfg.end()) : null;
        return BacktestEngine.run(cfg, frame, m, Strategies.of(cfg.strategy()), RunProgress.NONE);
    }

    private static List<String> list(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Map<String, byte[]> snapshot(Path dir) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        for (String f : list(dir)) {
            out.put(f, Files.readAllBytes(dir.resolve(f)));
        }
        return out;
    }

    private static String expectedRunId(BacktestConfig cfg, KlineStore store) throws Exception {
        String yaml = cfg.toYaml();
        StringBuilder identity = new StringBuilder(yaml);
        for (Lineage.MonthRead m : Lineage.of(store, FeatureEngine.historyStart(cfg.featureSpec(), cfg.start()),
                cfg.end(), yaml, "x").months()) {
            identity.append('\n').append(Hashes.sha256(store.monthFile(YearMonth.parse(m.month()))));
        }
        return cfg.strategy().type().code() + "-"
                + Hashes.sha256(identity.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    }

    @Test
    void a_run_matches_the_engine_alone_and_lands_in_the_folder_its_config_and_data_name() throws Exception {
        BacktestConfig cfg = config("runs-a");
        BacktestService service = service();
        RunPlan plan = service.plan(cfg);
        long t0 = System.nanoTime();
        RunSummary s = service.run(cfg);
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        BacktestResult std = standalone(cfg, btc, false);

        assertThat(s.metrics()).isEqualTo(std.metrics());
        assertThat(s.bars()).isEqualTo(std.curve().size()).isEqualTo(7 * 96);
        assertThat(s.fills()).isEqualTo(std.fills().size()).isPositive();
        assertThat(s.decisions()).isEqualTo(std.decisions().size()).isEqualTo(7 * 96);
        assertThat(s.strategy()).isEqualTo("ema-cross");
        assertThat(s.openTrade()).isEqualTo(std.openTrade());
        assertThat(s.exits()).isNull();
        assertThat(s.unfilledOrders()).isZero();
        assertThat(s.millis()).isBetween(0L, tookMillis);
        assertThat(s.data().requestedMinutes()).isEqualTo(7 * 1440);
        assertThat(s.data().coverage()).isEqualTo(1.0);
        assertThat(s.data().bars()).isEqualTo(7 * 96);

        assertThat(s.runId()).matches("ema-cross-[0-9a-f]{12}").isEqualTo(expectedRunId(cfg, btc));
        assertThat(s.folder()).isEqualTo(root.resolve("runs-a").resolve(s.runId()));
        assertThat(plan.runId()).isEqualTo(s.runId());
        assertThat(plan.folder()).isEqualTo(s.folder());
        assertThat(plan.monthsRead()).as("the indicators' history reaches into December").isEqualTo(2);
        assertThat(list(root.resolve("runs-a"))).containsExactly(s.runId());
        assertThat(list(s.folder())).containsExactlyElementsOf(RUN_FILES);

        JsonNode metrics = JSON.readTree(s.folder().resolve("metrics.json").toFile());
        assertThat(metrics.get("final_equity").asDouble()).isEqualTo(std.metrics().finalEquity());
        assertThat(metrics.get("data").get("requested_minutes").asLong()).isEqualTo(7 * 1440);
        JsonNode lineage = JSON.readTree(s.folder().resolve("lineage.json").toFile());
        assertThat(lineage.get("program_version").asText()).isEqualTo("test");
        assertThat(lineage.get("config_sha256").asText()).isEqualTo(Hashes.sha256(s.folder().resolve("config.yaml")));
        assertThat(lineage.get("data_from").asText())
                .isEqualTo(FeatureEngine.historyStart(cfg.featureSpec(), cfg.start()).toString());
        assertThat(lineage.get("months")).hasSize(2);
        assertThat(lineage.has("prompt_sha256")).isFalse();
        assertThat(Files.readString(s.folder().resolve("report.html"))).contains("<svg",
                "ema-cross backtest: BTCUSDT 15m");
        assertThat(Files.readAllLines(s.folder().resolve("fills.jsonl"))).hasSize(s.fills())
                .noneMatch(l -> l.contains("reason"));

        // again: the same folder, byte for byte, replaced whole (a file put there is gone), nothing left aside
        Map<String, byte[]> files = snapshot(s.folder());
        Files.writeString(s.folder().resolve("stale.txt"), "old");
        RunSummary again = service.run(cfg, null);
        assertThat(again.folder()).isEqualTo(s.folder());
        assertThat(snapshot(again.folder())).containsOnlyKeys(files.keySet());
        for (String f : files.keySet()) {
            assertThat(again.folder().resolve(f)).as(f).hasBinaryContent(files.get(f));
        }
        assertThat(list(root.resolve("runs-a"))).containsExactly(s.runId());

        // aside: the same run under another root, the user's folder untouched
        RunSummary aside = service.runInto(cfg, root.resolve("aside"));
        assertThat(aside.runId()).isEqualTo(s.runId());
        assertThat(aside.folder()).isEqualTo(root.resolve("aside").resolve(s.runId()));
        assertThat(aside.folder().resolve("metrics.json")).hasSameBinaryContentAs(s.folder().resolve("metrics.json"));
        assertThat(list(root.resolve("runs-a"))).containsExactly(s.runId());

        // a window whose short history stays in January reads one month
        BacktestConfig late = config("runs-a", "start: 2024-01-25", "end: 2024-01-31",
                "indicators: {ema_fast: 3, ema_slow: 5}");
        RunPlan latePlan = service.plan(late);
        assertThat(latePlan.monthsRead()).isEqualTo(1);
        assertThat(latePlan.runId()).isEqualTo(expectedRunId(late, btc)).isNotEqualTo(s.runId());
        assertThat(latePlan.folder()).isEqualTo(root.resolve("runs-a").resolve(latePlan.runId()));
    }

    @Test
    void progress_goes_loading_running_writing_publishing_and_a_listener_that_throws_leaves_nothing() throws Exception {
        List<String> seen = new ArrayList<>();
        RunSummary s = service().run(config("runs-p"), (phase, done, total) -> {
            String e = phase + " " + done + "/" + total;
            if (phase != RunProgress.Phase.RUNNING || done == total || done == 0) {
                seen.add(e);
            }
        });
        int n = s.bars();
        assertThat(seen).startsWith("LOADING 0/0").endsWith("RUNNING " + n + "/" + n, "WRITING " + n + "/" + n,
                "PUBLISHING " + n + "/" + n);

        for (RunProgress.Phase stopAt : List.of(RunProgress.Phase.WRITING, RunProgress.Phase.PUBLISHING)) {
            Path out = root.resolve("runs-stop-" + stopAt);
            assertThatThrownBy(() -> service().run(config("runs-stop-" + stopAt), (phase, done, total) -> {
                if (phase == stopAt) {
                    throw new CancellationException("stop");
                }
            })).isInstanceOf(CancellationException.class);
            assertThat(list(out)).as(stopAt.name()).isEmpty();
        }
    }

    @Test
    void refusals_name_the_key_and_write_nothing() throws Exception {
        BacktestService service = service();
        assertThatThrownBy(() -> service.run(config("runs-r", "start: 2024-03-01", "end: 2024-03-05")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("start: no bars stored between 2024-03-01T00:00:00Z and 2024-03-05T00:00:00Z (ingest or"
                        + " backfill them first)");
        assertThatThrownBy(() -> service.run(config("runs-r", "start: 2023-11-25", "end: 2023-12-05")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("data.min_coverage: the store covers 40.00 %");
        assertThat(list(root.resolve("runs-r"))).isEmpty();

        BacktestConfig eth = config("runs-r", "symbol: ETHUSDT");
        String foreign = "symbol: this store holds BTCUSDT, not ETHUSDT";
        assertThatThrownBy(() -> service.run(eth)).isInstanceOf(ConfigException.class).hasMessage(foreign);
        assertThatThrownBy(() -> service.plan(eth)).hasMessage(foreign);
        assertThatThrownBy(() -> service.planSweep(new SweepRequest(eth, List.of("ema_fast=5"), 1, null, 0)))
                .hasMessage(foreign);
        assertThatThrownBy(() -> service.checkBias(new BiasRequest(eth, 2))).hasMessage(foreign);
        assertThatThrownBy(() -> service.walkForward(new WalkForwardRequest(eth, List.of("ema_fast=5"),
                new WalkForwardFolds(Duration.ofDays(2), Duration.ofDays(1), Duration.ofDays(1), false), null, 1)))
                .hasMessage(foreign);

        assertThatThrownBy(() -> service.run(config("runs-r", "strategy: {type: llm, decision_every: 15m, window: 4,"
                + " llm: {model: m1}}"))).isInstanceOf(ConfigException.class)
                .hasMessage("strategy.type: llm decisions need the LLM route (run through the application)");
        assertThat(list(root.resolve("runs-r"))).isEmpty();
    }

    @Test
    void a_service_over_every_symbol_runs_each_config_on_its_own_store() throws Exception {
        KlineStores stores = new KlineStores(dataDir, Symbols.of("BTCUSDT", "ETHUSDT"), Clock.systemUTC(),
                CrashPoints.NONE);
        BacktestService service = new BacktestService(stores, "test", null);
        BacktestConfig ethCfg = config("runs-s", "symbol: ETHUSDT");
        RunSummary e = service.run(ethCfg);
        assertThat(e.metrics()).isEqualTo(standalone(ethCfg, eth, false).metrics());
        assertThat(e.runId()).isEqualTo(expectedRunId(ethCfg, eth));
        RunSummary b = service.run(config("runs-s"));
        assertThat(b.metrics()).isEqualTo(standalone(config("runs-s"), btc, false).metrics());
        assertThat(b.metrics()).isNotEqualTo(e.metrics());
        assertThatThrownBy(() -> service.run(config("runs-s", "symbol: SOLUSDT"))).isInstanceOf(ConfigException.class)
                .hasMessage("symbol: this store holds BTCUSDT,ETHUSDT, not SOLUSDT");
    }

    @Test
    void risk_rules_on_15m_bars_are_checked_on_the_stored_minutes() throws Exception {
        BacktestConfig cfg = config("runs-risk", "risk: {stop_loss_pct: 0.003, take_profit_pct: 0.004}");
        RunSummary s = service().run(cfg);
        BacktestResult std = standalone(cfg, btc, true);
        assertThat(s.metrics()).isEqualTo(std.metrics());
        assertThatThrownBy(() -> standalone(cfg, btc, false)).as("the engine needs the minutes")
                .hasMessage("risk rules on 15m bars need the 1m bars");
        assertThat(s.exits()).isEqualTo(ExitStats.of(std.roundTrips(), std.openTrade()));
        assertThat(s.exits().rows().get(1).count() + s.exits().rows().get(2).count()).isPositive();
        assertThat(s.unfilledOrders()).isEqualTo(std.unfilledOrders());
        assertThat(Files.readAllLines(s.folder().resolve("fills.jsonl"))).allMatch(l -> l.contains("\"reason\":"));
    }

    /** An llm strategy as the application's factory would build it: HOLDs with a field per decision. */
    private static final class Talker implements ExplainedStrategy {
        int decisions;

        @Override
        public Decision decide(DecisionContext ctx) {
            decisions++;
            return ctx.index() % 40 == 1 ? Decision.buy(0.5, "go") : ctx.index() % 40 == 21
                    ? Decision.sell(1, "stop") : Decision.hold("wait");
        }

        @Override
        public String name() {
            return "llm";
        }

        @Override
        public Map<String, Object> details(long ts) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("asked_at", Instant.ofEpochMilli(ts).toString());
            return m;
        }

        @Override
        public Map<String, Object> runMetrics() {
            return Map.of("calls", decisions);
        }

        @Override
        public String metricsBlock() {
            return "llm";
        }
    }

    @Test
    void an_llm_config_runs_the_factorys_strategy_and_records_its_prompt_file() throws Exception {
        Path prompt = Files.writeString(root.resolve("prompt.txt"), "Decide on {{window}}.\n");
        BacktestConfig cfg = BacktestConfig.parse(TestConfigsText.yaml(root.resolve("runs-llm"),
                "strategy: {type: llm, decision_every: 1h, window: 4, llm: {model: m1, prompt_file: prompt.txt}}"),
                root);
        List<Object> asked = new ArrayList<>();
        Talker talker = new Talker();
        BacktestService service = new BacktestService(btc, "test", (c, params, source) -> {
            asked.add(c);
            asked.add(params);
            asked.add(source);
            return talker;
        });
        RunSummary s = service.run(cfg);
        assertThat(asked).hasSize(3);
        assertThat(asked.get(0)).isEqualTo(cfg);
        assertThat(asked.get(1)).isEqualTo(cfg.strategy().params()).isInstanceOf(StrategyParams.Llm.class);
        assertThat(asked.get(2)).isInstanceOf(DataSource.class);
        assertThat(s.runId()).startsWith("llm-");
        assertThat(s.decisions()).isEqualTo(talker.decisions).isEqualTo(7 * 24);
        JsonNode metrics = JSON.readTree(s.folder().resolve("metrics.json").toFile());
        assertThat(metrics.get("llm").get("calls").asInt()).isEqualTo(7 * 24);
        assertThat(Files.readAllLines(s.folder().resolve("decisions.jsonl"))).hasSize(7 * 24)
                .allMatch(l -> l.contains("\"asked_at\":"));
        JsonNode lineage = JSON.readTree(s.folder().resolve("lineage.json").toFile());
        assertThat(lineage.get("prompt_sha256").asText()).isEqualTo(Hashes.sha256(prompt));
    }

    /** Config text with an output folder, for configs parsed against a base folder. */
    private static final class TestConfigsText {
        static String yaml(Path out, String... lines) {
            StringBuilder sb = new StringBuilder("start: 2024-01-05\nend: 2024-01-12\ninterval: 15m\n");
            for (String l : lines) {
                sb.append(l).append('\n');
            }
            return sb.append("output_dir: ").append(out).append('\n').toString();
        }
    }

    @Test
    void a_replay_of_a_runs_decisions_gives_the_same_metrics() throws Exception {
        RunSummary original = service().run(config("runs-replay", "strategy: {type: rsi-threshold, decision_every: 15m,"
                + " buy_below: 40, sell_above: 60}", "indicators: {rsi: 14}"));
        assertThat(original.fills()).isPositive();
        RunSummary replay = service().run(config("runs-replay", "strategy: {type: replay, decision_every: 15m,"
                + " from_run: '" + original.folder() + "'}", "indicators: {rsi: 14}"));
        assertThat(replay.metrics()).isEqualTo(original.metrics());
        assertThat(replay.runId()).startsWith("replay-");
    }

    @Test
    void a_sweep_ranks_every_combination_reruns_the_best_and_puts_its_folder_in_place_whole() throws Exception {
        BacktestService service = service();
        BacktestConfig base = config("sweeps");
        SweepRequest req = new SweepRequest(base, List.of("ema_fast=5,8", "ema_slow=20,3000"), 1, null, 1);
        SweepPlan plan = service.planSweep(req);
        assertThat(plan.id()).matches("sweep-[0-9a-f]{12}");
        assertThat(plan.folder()).isEqualTo(root.resolve("sweeps").resolve(plan.id()));
        assertThat(plan.rankBy()).isEqualTo(SweepMetric.SHARPE);
        assertThat(plan.grid().combinations()).isEqualTo(4);
        assertThat(plan.monthsRead()).as("the longest history reaches into December").isEqualTo(2);

        List<String> seen = new ArrayList<>();
        long t0 = System.nanoTime();
        SweepSummary s = service.sweep(req, (phase, done, total) -> seen.add(phase + " " + done + "/" + total));
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(s.folder()).isEqualTo(plan.folder());
        assertThat(s.combinations()).isEqualTo(4);
        assertThat(s.ran()).isEqualTo(4);
        assertThat(s.skipped()).isZero();
        assertThat(s.rankedBy()).isEqualTo(SweepMetric.SHARPE);
        assertThat(s.top()).hasSize(4);
        assertThat(s.wallMillis()).isBetween(0L, tookMillis);
        assertThat(s.reruns()).hasSize(1);
        RunSummary best = s.reruns().get(0);
        assertThat(best.metrics()).isEqualTo(s.top().get(0).metrics());
        assertThat(best.folder()).isEqualTo(root.resolve("sweeps").resolve(best.runId()));
        assertThat(best.runId()).isEqualTo(service.plan(s.top().get(0).config()).runId());
        assertThat(list(s.folder())).containsExactly("ranking.csv", "ranking.parquet", "reruns.json", "sweep-timing.json",
                "sweep.json");
        assertThat(JSON.readTree(s.folder().resolve("reruns.json").toFile()).get("reruns").toString())
                .isEqualTo("[{\"rank\":1,\"id\":\"" + best.runId() + "\"}]");
        assertThat(seen).first().isEqualTo("LOADING 0/0");
        assertThat(seen).contains("RUNNING 4/4", "WRITING 4/4").endsWith("PUBLISHING 4/4");
        assertThat(seen.subList(seen.indexOf("RUNNING 4/4") + 1, seen.size() - 1)).isNotEmpty()
                .allMatch(e -> e.equals("WRITING 4/4"));
        assertThat(list(root.resolve("sweeps"))).containsExactlyInAnyOrder(plan.id(), best.runId());

        // again, nobody listening and nothing re-run: the same folder, replaced whole
        Files.writeString(s.folder().resolve("stale.txt"), "old");
        SweepRequest noRerun = new SweepRequest(base, req.grid(), 0, null, 0);
        SweepPlan noRerunPlan = service.planSweep(noRerun);
        assertThat(noRerunPlan.id()).isNotEqualTo(plan.id());
        assertThat(service.planSweep(new SweepRequest(base, req.grid(), 2, null, -3)).id()).isEqualTo(noRerunPlan.id());
        SweepSummary again = service.sweep(noRerun);
        assertThat(again.reruns()).isEmpty();
        assertThat(again.folder()).isEqualTo(noRerunPlan.folder());
        assertThat(JSON.readTree(again.folder().resolve("reruns.json").toFile()).get("reruns")).isEmpty();
        SweepSummary same = service.sweep(req, null);
        assertThat(same.folder()).isEqualTo(plan.folder());
        assertThat(list(same.folder())).doesNotContain("stale.txt");
        assertThat(list(root.resolve("sweeps"))).containsExactlyInAnyOrder(plan.id(), noRerunPlan.id(), best.runId());

        // the ids name the bytes of the months read: the same months with other minutes give other ids
        BacktestService otherData = new BacktestService(RunStores.merged(root.resolve("data-other"), "BTCUSDT", 13,
                List.of(), YearMonth.of(2023, 12), YearMonth.of(2024, 1)), "test");
        assertThat(otherData.planSweep(req).monthsRead()).isEqualTo(2);
        assertThat(otherData.planSweep(req).id()).isNotEqualTo(plan.id());
        assertThat(otherData.plan(base).runId()).isNotEqualTo(service.plan(base).runId());

        // the id names the ranking metric and the grid values
        assertThat(service.planSweep(new SweepRequest(base, req.grid(), 1, "total_return", 1)).id())
                .isNotEqualTo(plan.id());
        assertThat(service.planSweep(new SweepRequest(base, req.grid(), 1, "total_return", 1)).rankBy())
                .isEqualTo(SweepMetric.TOTAL_RETURN);
        assertThat(service.planSweep(new SweepRequest(base, List.of("ema_fast=5,9", "ema_slow=20,3000"), 1, null, 1))
                .id()).isNotEqualTo(plan.id());
        assertThat(service.planSweep(new SweepRequest(base, List.of("ema_fast=5,8", "ema_slow=20"), 1, null, 1))
                .monthsRead()).isEqualTo(1);
        assertThatThrownBy(() -> service.planSweep(new SweepRequest(base, List.of("ema_fast=30,40", "ema_slow=20"), 1,
                null, 0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--grid: none of the 2 combinations can run; the first: ema_fast (30) must be < ema_slow (20)");
        assertThatThrownBy(() -> service.planSweep(new SweepRequest(base, List.of("nope=1"), 1, null, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope")
                .hasMessageNotContaining("none of the");

        // a listener that stops the sweep before it publishes: no folder, nothing left aside
        Path out = root.resolve("sweeps-stopped");
        assertThatThrownBy(() -> service.sweep(new SweepRequest(config("sweeps-stopped"), List.of("ema_fast=5",
                "ema_slow=20"), 1, null, 0), (phase, done, total) -> {
                    if (phase == RunProgress.Phase.PUBLISHING) {
                        throw new CancellationException("stop");
                    }
                })).isInstanceOf(CancellationException.class);
        assertThat(list(out)).isEmpty();
    }

    @Test
    void a_walk_forward_writes_its_folder_named_by_the_sweep_and_the_folds() throws Exception {
        BacktestService service = service();
        BacktestConfig base = config("wf", "end: 2024-01-13");
        WalkForwardFolds folds = new WalkForwardFolds(Duration.ofDays(4), Duration.ofDays(2), Duration.ofDays(2), false);
        List<String> grid = List.of("ema_fast=5,8", "ema_slow=20");
        long t0 = System.nanoTime();
        WalkForwardSummary s = service.walkForward(new WalkForwardRequest(base, grid, folds, null, 0));
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        String sweepId = service.planSweep(new SweepRequest(base, grid, 0, null, 0)).id();
        String id = "walkforward-" + Hashes.sha256((sweepId + "\nwalk_forward: " + folds.describe())
                .getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        assertThat(s.folder()).isEqualTo(root.resolve("wf").resolve(id));
        assertThat(s.rankBy()).isEqualTo(SweepMetric.SHARPE);
        assertThat(s.folds()).hasSize(2);
        assertThat(s.metrics()).isNotEmpty();
        assertThat(s.millis()).isBetween(0L, tookMillis);
        assertThat(list(s.folder())).contains("equity.parquet", "folds.csv", "folds.parquet", "metrics.json",
                "report.html");
        assertThat(list(root.resolve("wf"))).containsExactly(id);

        Files.writeString(s.folder().resolve("stale.txt"), "old");
        Map<String, byte[]> before = snapshot(s.folder());
        WalkForwardSummary again = service.walkForward(new WalkForwardRequest(base, grid, folds, "sharpe", 1));
        assertThat(again.folder()).isEqualTo(s.folder());
        assertThat(list(again.folder())).doesNotContain("stale.txt");
        assertThat(again.folder().resolve("folds.csv")).hasBinaryContent(before.get("folds.csv"));
        assertThat(list(root.resolve("wf"))).containsExactly(id);

        assertThatThrownBy(() -> service.walkForward(new WalkForwardRequest(config("wf-none"), grid,
                new WalkForwardFolds(Duration.ofDays(30), Duration.ofDays(2), Duration.ofDays(2), false), null, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not fit");
        assertThat(list(root.resolve("wf-none"))).isEmpty();
    }

    @Test
    void the_bias_check_runs_the_configs_strategy_and_writes_nothing() throws Exception {
        BacktestConfig cfg = config("bias");
        BiasReport report = service().checkBias(new BiasRequest(cfg, 2));
        assertThat(report.strategy()).isEqualTo("ema-cross");
        assertThat(report.bars()).isEqualTo(7 * 96);
        assertThat(report.decisions()).isEqualTo(7 * 96);
        assertThat(report.cuts()).hasSize(2);
        assertThat(report.passed()).isTrue();
        assertThat(report.lookAhead()).isFalse();
        assertThat(list(root.resolve("bias"))).isEmpty();

        // a replay config: its strategy is built from the run folder, as a run would
        RunSummary original = service().run(config("bias-run"));
        BiasReport replay = service().checkBias(new BiasRequest(config("bias", "strategy: {type: replay,"
                + " decision_every: 15m, from_run: '" + original.folder() + "'}"), 2));
        assertThat(replay.strategy()).startsWith("replay");
        assertThat(replay.bars()).isEqualTo(7 * 96);
    }
}
