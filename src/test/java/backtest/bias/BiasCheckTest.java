package backtest.bias;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backtest.BacktestEngine;
import backtest.BacktestResult;
import backtest.DayStores;
import backtest.Decision;
import backtest.DecisionContext;
import backtest.LookAheadException;
import backtest.RunProgress;
import backtest.Strategy;
import backtest.TestConfigs;
import backtest.config.BacktestConfig;
import backtest.config.ConfigException;
import backtest.plugin.StrategyFailure;
import backtest.strategy.EmaCrossStrategy;
import backtest.strategy.Strategies;
import features.FeatureEngine;
import features.FeatureFrame;
import features.Interval;
import features.ParquetDataSource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.KlineStore;

/**
 * {@link BiasCheck#check} over a week of generated 1m bars written straight into the store (no Camel: the unit version
 * of {@code BiasCheckIT}): the cuts fall where they should and each compares every decision before it, the warm-up runs
 * have the history they name, a strategy that reads ahead - through the API or through memory kept across runs - is
 * flagged, one that fails otherwise ends the check, and the bounds of {@code --cuts}.
 */
class BiasCheckTest {
    @TempDir
    static Path root;
    static KlineStore store;
    static final Instant START = Instant.parse("2024-01-04T00:00:00Z");
    static final long M15 = 15 * 60_000L;

    @BeforeAll
    static void aWeek() throws Exception {
        store = DayStores.days(root.resolve("data"), 7, Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2024-01-08T00:00:00Z"));
    }

    private static BacktestConfig config(String... lines) {
        List<String> all = new ArrayList<>(List.of("start: 2024-01-04", "end: 2024-01-06", "interval: 15m",
                "indicators: {ema_fast: 3, ema_slow: 6}", "strategy: {type: ema-cross}"));
        all.addAll(List.of(lines));
        return TestConfigs.of(all.toArray(String[]::new));
    }

    private static ParquetDataSource source(BacktestConfig cfg) {
        return new ParquetDataSource(store, cfg.gapPolicy(), false);
    }

    private static BiasReport check(BacktestConfig cfg, BiasCheck.Strategies strategies, int cuts) throws Exception {
        return new BiasCheck(source(cfg), strategies).check(cfg, cuts);
    }

    @Test
    void a_rule_strategy_passes_with_its_cuts_where_they_belong_and_the_warmup_runs_named() throws Exception {
        BacktestConfig cfg = config("risk: {stop_loss_pct: 0.003}");
        AtomicInteger created = new AtomicInteger();
        BiasReport r = check(cfg, c -> {
            created.incrementAndGet();
            return Strategies.of(c.strategy());
        }, 6);

        // the full run on its own: the standard history, the 1m bars for the stop
        Instant standard = FeatureEngine.historyStart(cfg.featureSpec(), cfg.start());
        FeatureFrame frame = new FeatureEngine(source(cfg)).computeWithHistory(cfg.featureSpec(), cfg.start(),
                cfg.end(), standard).frame();
        BacktestResult full = BacktestEngine.run(cfg, frame, source(cfg).fetchOhlcv(Interval.M1, cfg.start(),
                cfg.end()), Strategies.of(cfg.strategy()), RunProgress.NONE);
        long history = (START.toEpochMilli() - standard.toEpochMilli()) / M15;
        assertThat(history).isGreaterThan(40);
        assertThat(r.strategy()).isEqualTo("ema-cross");
        assertThat(r.start()).isEqualTo(cfg.start());
        assertThat(r.end()).isEqualTo(cfg.end());
        assertThat(r.bars()).isEqualTo(frame.size()).isEqualTo(2 * 96);
        assertThat(r.decisions()).isEqualTo(full.decisions().size()).isEqualTo(192);
        assertThat(r.historyBars()).isEqualTo(history);
        assertThat(r.fullRunFailure()).isNull();

        TreeSet<Integer> rows = new TreeSet<>(BiasCheck.evenRows(192, 3)); // 48, 96, 144
        assertThat(rows).containsExactly(48, 96, 144);
        List<Integer> actionable = BiasCheck.actionableRows(full.decisions(), 192, 3);
        assertThat(actionable).hasSize(3);
        rows.addAll(actionable);
        assertThat(r.cuts()).extracting(BiasReport.CutResult::row).containsExactlyElementsOf(rows);
        for (BiasReport.CutResult c : r.cuts()) {
            assertThat(c.cut()).isEqualTo(START.plusMillis(c.row() * M15));
            assertThat(c.decisionsCompared()).as("every bar before the cut decided").isEqualTo(c.row());
            assertThat(c.clean()).as(r::text).isTrue();
        }
        assertThat(created.get()).as("a strategy per run: cuts, the full run, four warm-up runs")
                .isEqualTo(r.cuts().size() + 1 + 4);

        assertThat(r.warmups()).extracting(BiasReport.WarmupResult::factor).containsExactly(2.0, 0.5, 0.25, 0.0);
        assertThat(r.warmups()).extracting(BiasReport.WarmupResult::historyBars)
                .containsExactly(2 * history, history / 2, history / 4, 0L);
        assertThat(r.warmups()).extracting(BiasReport.WarmupResult::mustMatch)
                .containsExactly(true, false, false, false);
        BiasReport.WarmupResult twice = r.warmups().get(0);
        assertThat(twice.clean()).as(r::text).isTrue();
        assertThat(twice.decisionsDiffering()).isZero();
        for (BiasReport.WarmupResult w : r.warmups().subList(1, 4)) {
            assertThat(w.decisionsDiffering()).as("%s", w.factor()).isNotNegative();
            assertThat(w.failure()).isNull();
        }
        BiasReport.WarmupResult none = r.warmups().get(3);
        assertThat(none.feature().ts()).isEqualTo(START.toEpochMilli());
        assertThat(none.feature().other()).isEqualTo("none (warming up)");
        assertThat(none.feature().what()).isEqualTo("ema_fast");
        // each shorter history: the frame and the decisions of a run with that many bars of history before the start
        for (BiasReport.WarmupResult w : r.warmups().subList(1, 4)) {
            FeatureFrame shorter = new FeatureEngine(source(cfg)).computeWithHistory(cfg.featureSpec(), cfg.start(),
                    cfg.end(), START.minusMillis(w.historyBars() * M15)).frame();
            BacktestResult run = BacktestEngine.run(cfg, shorter, source(cfg).fetchOhlcv(Interval.M1, cfg.start(),
                    cfg.end()), Strategies.of(cfg.strategy()), RunProgress.NONE);
            int differing = 0;
            for (int k = 0; k < 192; k++) {
                Decision a = full.decisions().decision(k);
                Decision b = run.decisions().decision(k);
                differing += a.action() != b.action() || a.sizePct() != b.sizePct() ? 1 : 0;
            }
            assertThat(w.decisionsDiffering()).as("%s", w.factor()).isEqualTo(differing);
            assertThat(w.feature()).as("%s", w.factor())
                    .isEqualTo(BiasCheck.firstFeatureDifference(frame, shorter, 192, BiasCheck.WARM_TOLERANCE));
            assertThat(shorter.columns().get("ema_slow")[0]).as("%s", w.factor())
                    .isNotEqualTo(frame.columns().get("ema_slow")[0]);
        }
        assertThat(r.verdict()).isEqualTo("PASS");
        assertThat(r.text()).contains("verdict: PASS\n");
    }

    @Test
    void one_cut_falls_in_the_middle() throws Exception {
        AtomicInteger created = new AtomicInteger();
        BiasReport r = check(config(), c -> {
            created.incrementAndGet();
            return Strategies.of(c.strategy());
        }, 1);
        assertThat(r.cuts()).extracting(BiasReport.CutResult::row).containsExactly(96);
        assertThat(r.cuts().get(0).decisionsCompared()).isEqualTo(96);
        assertThat(created.get()).isEqualTo(6);
        assertThat(r.passed()).as(r::text).isTrue();
    }

    @Test
    void an_llm_strategy_is_not_asked_again_on_other_histories() throws Exception {
        BacktestConfig cfg = config("strategy: {type: llm, window: 5, llm: {model: m1}}");
        AtomicInteger created = new AtomicInteger();
        BiasReport r = check(cfg, c -> {
            created.incrementAndGet();
            return new EmaCrossStrategy(1.0);
        }, 2);
        assertThat(r.cuts()).hasSizeBetween(1, 2);
        assertThat(created.get()).isEqualTo(r.cuts().size() + 1);
        assertThat(r.warmups()).hasSize(4).allMatch(w -> w.decisionsDiffering() == -1 && w.decision() == null);
        assertThat(r.warmups().get(0).clean()).isTrue();
        assertThat(r.warmups().get(3).feature()).isNotNull();
        assertThat(r.strategy()).isEqualTo("ema-cross");
        assertThat(r.passed()).as(r::text).isTrue();
    }

    /** Decides by the next bar's close, read through the API: the engine refuses the read. */
    static final class ReadsAhead implements Strategy {
        @Override
        public Decision decide(DecisionContext ctx) {
            var c = ctx.series("close");
            return c.get(ctx.index() + 1) > c.current() ? Decision.buy(1, "up") : Decision.HOLD;
        }

        @Override
        public String name() {
            return "reads-ahead";
        }
    }

    @Test
    void a_read_past_the_decision_bar_is_a_look_ahead_of_the_full_run_and_of_every_cut() throws Exception {
        BiasReport r = check(config(), c -> new ReadsAhead(), 4);
        String failure = "look-ahead: close row 1 read at decision bar 0: rows after the decision bar are not visible";
        assertThat(r.fullRunFailure()).isEqualTo(failure);
        assertThat(r.strategy()).as("no run finished: the config's type").isEqualTo("ema-cross");
        assertThat(r.decisions()).isZero();
        assertThat(r.warmups()).isEmpty();
        assertThat(r.cuts()).extracting(BiasReport.CutResult::row).containsExactly(64, 128);
        assertThat(r.cuts()).allMatch(c -> failure.equals(c.failure()));
        assertThat(r.verdict()).isEqualTo("LOOK-AHEAD");
        assertThat(r.firstFinding()).isEqualTo(failure);
    }

    @Test
    void a_plugin_failure_caused_by_a_read_ahead_is_a_finding_any_other_ends_the_check() throws Exception {
        BiasReport r = check(config(), c -> new Strategy() {
            @Override
            public Decision decide(DecisionContext ctx) {
                throw new StrategyFailure("peek", "at row " + ctx.index(), "looked ahead",
                        new LookAheadException("close", ctx.index() + 1, ctx.index()));
            }

            @Override
            public String name() {
                return "peek";
            }
        }, 2);
        assertThat(r.fullRunFailure()).isEqualTo("strategy plug-in 'peek' looked ahead at row 0");
        assertThat(r.verdict()).isEqualTo("LOOK-AHEAD");

        StrategyFailure boom = new StrategyFailure("boom", "at row 0", "failed", new IllegalStateException("boom"));
        AtomicInteger created = new AtomicInteger();
        assertThatThrownBy(() -> check(config(), c -> {
            created.incrementAndGet();
            return new Strategy() {
                @Override
                public Decision decide(DecisionContext ctx) {
                    throw boom;
                }

                @Override
                public String name() {
                    return "boom";
                }
            };
        }, 4)).isSameAs(boom);
        assertThat(created.get()).as("the two even cuts, then the full run").isEqualTo(3);
    }

    @Test
    void memory_kept_across_runs_shows_as_the_full_run_differing_from_the_earliest_cut() throws Exception {
        Map<Long, Double> seen = new HashMap<>();
        BiasReport r = check(config(), c -> new Strategy() {
            @Override
            public Decision decide(DecisionContext ctx) {
                double now = ctx.series("close").current();
                seen.put(ctx.time(), now);
                Double next = seen.get(ctx.time() + M15);
                return next == null || next == now ? Decision.HOLD
                        : next > now ? Decision.buy(1, "memory") : Decision.sell(1, "memory");
            }

            @Override
            public String name() {
                return "memory";
            }
        }, 2);
        assertThat(r.fullRunFailure()).isNull();
        assertThat(r.lookAhead()).as(r::text).isTrue();
        // the even cut (row 96) ran first, remembering nothing; the cut after an actionable decision ran after the full
        BiasReport.CutResult first = r.cuts().stream().filter(c -> c.row() == 96).findFirst().orElseThrow();
        assertThat(first.difference().kind()).isEqualTo("decision");
        assertThat(first.difference().ts()).isEqualTo(START.toEpochMilli());
        assertThat(first.difference().other()).isEqualTo("HOLD");
        assertThat(first.decisionsCompared()).isZero();
    }

    @Test
    void cuts_from_1_to_100_and_a_window_with_bars() throws Exception {
        for (int bad : new int[] {0, 101, -1}) {
            assertThatThrownBy(() -> check(config(), c -> Strategies.of(c.strategy()), bad))
                    .isInstanceOf(ConfigException.class).hasMessage("--cuts: must be from 1 to 100, got " + bad);
        }
        BiasReport hundred = check(config("start: 2024-01-05T00:00:00Z", "end: 2024-01-05T06:00:00Z"),
                c -> Strategies.of(c.strategy()), 100);
        assertThat(hundred.bars()).isEqualTo(24);
        assertThat(hundred.cuts()).extracting(BiasReport.CutResult::row)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(1, 24).boxed().toList());
        assertThatThrownBy(() -> check(config("start: 2024-03-01", "end: 2024-03-03"),
                c -> Strategies.of(c.strategy()), 3)).isInstanceOf(ConfigException.class)
                .hasMessage("start: no bars stored between 2024-03-01T00:00:00Z and 2024-03-03T00:00:00Z "
                        + "(ingest or backfill them first)");
    }
}
