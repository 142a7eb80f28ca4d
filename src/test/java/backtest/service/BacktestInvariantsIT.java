package backtest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import backtest.Action;
import backtest.BacktestEngine;
import backtest.BacktestResult;
import backtest.EquityCurve;
import backtest.ExitReason;
import backtest.Fill;
import backtest.Outcome;
import backtest.RunProgress;
import backtest.TestConfigs;
import backtest.config.BacktestConfig;
import backtest.run.BacktestJson;
import backtest.strategy.Strategies;
import features.Bars;
import features.FeatureEngine;
import features.FeatureFrame;
import features.GapPolicy;
import features.Interval;
import features.ParquetDataSource;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import storage.KlineStore;
import support.TestApp;

/**
 * The three invariants over two generated months (Jan + Feb 2024, 86,400 1m bars) ingested through the real
 * routes and read back through the store and the feature engine: the equity identity to the cent, no decision
 * depends on a later bar, and the same config on the same data gives byte-identical outputs - each with the default
 * execution, with risk rules (stop-loss, take-profit, trailing stop on the 1m bars) and with next-open fills plus
 * risk rules.
 */
class BacktestInvariantsIT {
    private static final Offset<Double> CENT = within(0.005);
    private static final String EMA_1M = "strategy: {type: ema-cross, size_pct: 1.0}";
    private static final String RSI_15M_HOURLY =
            "strategy: {type: rsi-threshold, size_pct: 0.3, decision_every: 1h, buy_below: 40, sell_above: 60}";

    /** Extra config lines: the default execution, risk rules at the close, risk rules with next-open fills. */
    static List<String> executions() {
        return List.of("", RISK, RISK + "\n" + NEXT_OPEN);
    }

    private static final String RISK = "risk: {stop_loss_pct: 0.002, take_profit_pct: 0.004, trailing_stop_pct: 0.003}";
    private static final String NEXT_OPEN = "execution: {fill: next_open}";

    @TempDir
    static Path root;
    static KlineStore store;

    @BeforeAll
    static void ingestTwoMonths() throws Exception {
        store = TestApp.ingestGeneratedMonths(root, 2024, YearMonth.of(2024, 1), YearMonth.of(2024, 2));
    }

    /** Binance-like frictions: 0.1% fee, 1 bp slippage, 5 USDT minimum, 0.00001 BTC step. */
    private static BacktestConfig config(String execution, String... lines) {
        String[] extra = execution.isEmpty() ? new String[0] : execution.split("\n");
        String[] all = new String[lines.length + 4 + extra.length];
        all[0] = "fee_rate: 0.001";
        all[1] = "slippage_bps: 1";
        all[2] = "min_notional: 5";
        all[3] = "step_size: 0.00001";
        System.arraycopy(lines, 0, all, 4, lines.length);
        System.arraycopy(extra, 0, all, 4 + lines.length, extra.length);
        return TestConfigs.of(all);
    }

    private static FeatureFrame frame(BacktestConfig cfg, Instant end) throws Exception {
        return new FeatureEngine(new ParquetDataSource(store, GapPolicy.FFILL, false))
                .compute(cfg.featureSpec(), cfg.start(), end);
    }

    /** The 1m bars the risk rules check inside coarser bars; null when the frame's own bars are 1m. */
    private static Bars minutes(BacktestConfig cfg, Instant end) throws Exception {
        return cfg.interval() == Interval.M1 ? null
                : new ParquetDataSource(store, GapPolicy.FFILL, false).fetchOhlcv(Interval.M1, cfg.start(), end);
    }

    private static BacktestResult run(BacktestConfig cfg, Instant end) throws Exception {
        return BacktestEngine.run(cfg, frame(cfg, end), minutes(cfg, end), Strategies.of(cfg.strategy()),
                RunProgress.NONE);
    }

    private static BacktestResult run(BacktestConfig cfg) throws Exception {
        return run(cfg, cfg.end());
    }

    @ParameterizedTest
    @MethodSource("executions")
    void final_equity_is_cash_flows_plus_the_position_at_the_last_close_to_the_cent(String execution) throws Exception {
        java.util.Set<ExitReason> reasons = java.util.EnumSet.noneOf(ExitReason.class);
        for (BacktestConfig cfg : List.of(config(execution, EMA_1M), config(execution, "interval: 15m", RSI_15M_HOURLY))) {
            BacktestResult r = run(cfg);
            r.fills().forEach(f -> reasons.add(f.reason()));
            double buys = 0;
            double sells = 0;
            double fees = 0;
            for (Fill f : r.fills()) {
                buys += f.side() == Action.BUY ? f.notional() : 0;
                sells += f.side() == Action.SELL ? f.notional() : 0;
                fees += f.fee();
            }
            EquityCurve c = r.curve();
            int last = c.size() - 1;
            assertThat(r.fills()).as(cfg.strategy().type() + " trades").hasSizeGreaterThan(100);

            assertThat(c.equity()[last]).isCloseTo(cfg.initialCash() + sells - buys - fees
                    + c.position()[last] * c.close()[last], CENT);
            assertThat(r.metrics().finalEquity()).isCloseTo(cfg.initialCash() + r.metrics().realizedPnl()
                    + r.metrics().unrealizedPnl(), CENT);
            assertThat(r.metrics().feesPaid()).isCloseTo(fees, CENT);
            for (int i = 0; i <= last; i++) {
                assertThat(c.cash()[i]).as("cash at bar %d", i).isNotNegative();
            }
        }
        if (!execution.isEmpty()) { // every rule fired somewhere
            assertThat(reasons).contains(ExitReason.STOP_LOSS, ExitReason.TAKE_PROFIT, ExitReason.TRAILING_STOP);
        }
    }

    @ParameterizedTest
    @MethodSource("executions")
    void truncating_the_data_after_bar_t_leaves_every_decision_up_to_t_unchanged(String execution) throws Exception {
        for (BacktestConfig cfg : List.of(config(execution, EMA_1M), config(execution, "interval: 15m", RSI_15M_HOURLY))) {
            BacktestResult full = run(cfg);
            long iv = cfg.interval().millis();
            for (int t : new int[] {full.curve().size() / 3, full.curve().size() / 2 + 7, full.curve().size() - 2}) {
                long cut = full.curve().ts()[t] + iv;
                BacktestResult part = run(cfg, Instant.ofEpochMilli(cut));
                assertThat(part.curve().size()).isEqualTo(t + 1);
                int k = part.decisions().size();
                assertThat(k).isPositive();
                // a next-open order decided on the cut's last bar has no bar to fill at in the part (NOT_FILLED)
                int settled = part.unfilledOrders() == 0 ? k : k - 1;
                assertThat(part.decisions().records().subList(0, settled))
                        .isEqualTo(full.decisions().records().subList(0, settled));
                for (int j = settled; j < k; j++) {
                    assertThat(part.decisions().outcome(j)).isEqualTo(Outcome.NOT_FILLED);
                    assertThat(part.decisions().decision(j)).isEqualTo(full.decisions().decision(j));
                }
                assertThat(part.fills()).isEqualTo(full.fills().stream().filter(f -> f.ts() < cut).toList());
                for (int i = 0; i <= t; i++) {
                    assertThat(part.curve().at(i)).isEqualTo(full.curve().at(i));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("executions")
    void the_same_config_on_the_same_data_gives_byte_identical_outputs(String execution) throws Exception {
        BacktestConfig cfg = config(execution, EMA_1M);
        byte[] first = BacktestJson.write(run(cfg));
        byte[] second = BacktestJson.write(run(BacktestConfig.parse(cfg.toYaml())));
        assertThat(second).isEqualTo(first);
        assertThat(first.length).isGreaterThan(1_000_000);
    }
}
