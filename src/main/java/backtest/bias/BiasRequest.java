package backtest.bias;

import backtest.config.BacktestConfig;

/** {@code backtest check-bias}: the config to analyse and how many truncated runs to compare ({@code --cuts}). */
public record BiasRequest(BacktestConfig config, int cuts) {
    public static final int DEFAULT_CUTS = 10;
}
