package routes;

import org.apache.camel.builder.RouteBuilder;

/**
 * Backtests for the CLI and the REST API (its jobs and sweeps pass a {@code backtest.RunProgress} in header
 * {@code klineProgress}; the CLI none): {@code direct:backtest} runs one config, {@code direct:backtest-sweep}
 * a parameter grid over data loaded once, {@code direct:backtest-walk-forward} a walk-forward validation,
 * {@code direct:backtest-check-bias} the look-ahead and warm-up analysis of a config's strategy.
 */
public final class BacktestRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from(Endpoints.BACKTEST)
                .routeId(Endpoints.ROUTE_BACKTEST)
                .routeConfigurationId(RequestRouteConfiguration.ID)
                .bean("backtestService", "run(${body}, ${header." + Endpoints.HEADER_PROGRESS + "})").id("backtest-run-config");

        from(Endpoints.BACKTEST_SWEEP)
                .routeId(Endpoints.ROUTE_BACKTEST_SWEEP)
                .routeConfigurationId(RequestRouteConfiguration.ID)
                .bean("backtestService", "sweep(${body}, ${header." + Endpoints.HEADER_PROGRESS + "})")
                .id("backtest-sweep-grid");

        from(Endpoints.BACKTEST_WALK_FORWARD)
                .routeId(Endpoints.ROUTE_BACKTEST_WALK_FORWARD)
                .routeConfigurationId(RequestRouteConfiguration.ID)
                .bean("backtestService", "walkForward(${body})")
                .id("backtest-walk-forward-folds");

        from(Endpoints.BACKTEST_CHECK_BIAS)
                .routeId(Endpoints.ROUTE_BACKTEST_CHECK_BIAS)
                .routeConfigurationId(RequestRouteConfiguration.ID)
                .bean("backtestService", "checkBias(${body})")
                .id("backtest-check-bias-runs");
    }
}
