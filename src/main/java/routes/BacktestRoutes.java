package routes;

import org.apache.camel.builder.RouteBuilder;

/** Backtests: {@code direct:backtest} runs a config for the CLI and, later, the REST API. */
public final class BacktestRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from(Endpoints.BACKTEST)
                .routeId(Endpoints.ROUTE_BACKTEST)
                .bean("backtestService", "run").id("backtest-run-config");
    }
}
