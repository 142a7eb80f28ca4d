package backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import features.FeatureEngine;
import features.FeatureFrame;
import features.GapPolicy;
import features.ParquetDataSource;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.KlineStore;
import support.TestApp;

/**
 * The three invariants over two generated months (Jan + Feb 2024, 86,400 1m bars) ingested through the real
 * routes and read back through the store and the feature engine: the equity identity to the cent, no decision
 * depends on a later bar, and the same config on the same data gives byte-identical outputs.
 */
class BacktestInvariantsIT {
    private static final Offset<Double> CENT = within(0.005);
    private static final String EMA_1M = "strategy: {type: ema-cross, size_pct: 1.0}";
    private static final String RSI_15M_HOURLY =
            "strategy: {type: rsi-threshold, size_pct: 0.3, decision_every: 1h, buy_below: 40, sell_above: 60}";

    @TempDir
    static Path root;
    static KlineStore store;

    @BeforeAll
    static void ingestTwoMonths() throws Exception {
        store = TestApp.ingestGeneratedMonths(root, 2024, YearMonth.of(2024, 1), YearMonth.of(2024, 2));
    }

    /** Binance-like frictions: 0.1% fee, 1 bp slippage, 5 USDT minimum, 0.00001 BTC step. */
    private static BacktestConfig config(String... lines) {
        String[] all = new String[lines.length + 4];
        all[0] = "fee_rate: 0.001";
        all[1] = "slippage_bps: 1";
        all[2] = "min_notional: 5";
        all[3] = "step_size: 0.00001";
        System.arraycopy(lines, 0, all, 4, lines.length);
        return TestConfigs.of(all);
    }

    private static FeatureFrame frame(BacktestConfig cfg, Instant end) throws Exception {
        return new FeatureEngine(new ParquetDataSource(store, GapPolicy.FFILL, false))
                .compute(cfg.featureSpec(), cfg.start(), end);
    }

    private static BacktestResult run(BacktestConfig cfg) throws Exception {
        return BacktestEngine.run(cfg, frame(cfg, cfg.end()), Strategies.of(cfg.strategy()));
    }

    @Test
    void final_equity_is_cash_flows_plus_the_position_at_the_last_close_to_the_cent() throws Exception {
        for (BacktestConfig cfg : List.of(config(EMA_1M), config("interval: 15m", RSI_15M_HOURLY))) {
            BacktestResult r = run(cfg);
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
    }

    @Test
    void truncating_the_data_after_bar_t_leaves_every_decision_up_to_t_unchanged() throws Exception {
        for (BacktestConfig cfg : List.of(config(EMA_1M), config("interval: 15m", RSI_15M_HOURLY))) {
            BacktestResult full = run(cfg);
            long iv = cfg.interval().millis();
            for (int t : new int[] {full.curve().size() / 3, full.curve().size() / 2 + 7, full.curve().size() - 2}) {
                long cut = full.curve().ts()[t] + iv;
                BacktestResult part = BacktestEngine.run(cfg, frame(cfg, Instant.ofEpochMilli(cut)),
                        Strategies.of(cfg.strategy()));
                assertThat(part.curve().size()).isEqualTo(t + 1);
                int k = part.decisions().size();
                assertThat(k).isPositive();
                assertThat(part.decisions().records()).isEqualTo(full.decisions().records().subList(0, k));
                assertThat(part.fills()).isEqualTo(full.fills().stream().filter(f -> f.ts() < cut).toList());
                for (int i = 0; i <= t; i++) {
                    assertThat(part.curve().at(i)).isEqualTo(full.curve().at(i));
                }
            }
        }
    }

    @Test
    void the_same_config_on_the_same_data_gives_byte_identical_outputs() throws Exception {
        BacktestConfig cfg = config(EMA_1M);
        byte[] first = BacktestJson.write(run(cfg));
        byte[] second = BacktestJson.write(run(BacktestConfig.parse(cfg.toYaml())));
        assertThat(second).isEqualTo(first);
        assertThat(first.length).isGreaterThan(1_000_000);
    }
}
