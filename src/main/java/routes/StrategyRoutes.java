package routes;

import api.ProblemDetail;
import org.apache.camel.model.rest.RestParamType;

/**
 * The strategies over HTTP (docs/api.md): {@code GET /strategies} lists the registry ({@code strategyApi}), and
 * {@code POST /check-bias} runs {@code backtest check-bias} on a posted config through
 * {@code direct:backtest-check-bias} and answers its report, {@code POST /walk-forward} runs a walk-forward validation
 * through {@code direct:backtest-walk-forward} and {@code GET /walk-forward/{id}/{file}} serves its files. None when
 * {@code app.api.enabled=false}.
 */
public final class StrategyRoutes extends org.apache.camel.builder.RouteBuilder {
    private static final String QUERY = "${header." + org.apache.camel.Exchange.HTTP_QUERY + "}";

    private final boolean enabled;

    StrategyRoutes(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public void configure() {
        if (!enabled) {
            return;
        }
        ApiRoutes.problems(rest("/strategies").description("The strategies a config can name: built-ins and plug-ins")
                .get().id("listStrategies")
                .description("Every strategy of the registry (as `backtest strategies`): name, description, the jar"
                        + " it comes from (or built-in), its parameters with type, default and range")
                .produces(ApiRoutes.JSON)
                .responseMessage().code(200).message("{items: [{name, description, source, parameters, sweepable}]}")
                    .contentType(ApiRoutes.JSON).endResponseMessage(), false)
                .to("direct:api-strategies-list");

        ApiRoutes.problems(rest("/check-bias").description("Look-ahead and warm-up analysis of a strategy")
                .post().id("checkBias")
                .description("Runs `backtest check-bias` on the posted config (the schema of configs/backtest.yaml,"
                        + " YAML or JSON) and answers its report when done: truncated runs against the full run,"
                        + " warm-up variants, the verdict (PASS, LOOK-AHEAD, WARM-UP TOO SHORT). Nothing is written."
                        + " One at a time; at most 600,000 bars in the window")
                .consumes("application/yaml,application/json").produces(ApiRoutes.JSON)
                .param().name("body").type(RestParamType.body).required(true).description("backtest config").endParam()
                .param().name("cuts").type(RestParamType.query).required(false).dataType("integer")
                    .description("truncated runs, 1..20 (default 6)").endParam()
                .responseMessage().code(200).message("the report: {verdict, passed, first_finding, cuts, warmup, ...}")
                    .contentType(ApiRoutes.JSON).endResponseMessage()
                .responseMessage().code(400).message("invalid config (key named), a window over 600,000 bars, no"
                        + " stored bars in the window, a strategy that fails on its own, bad cuts").contentType(ApiRoutes.PROBLEM)
                    .responseModel(ProblemDetail.class).endResponseMessage()
                .responseMessage().code(429).message("a bias check is running already").contentType(ApiRoutes.PROBLEM)
                    .responseModel(ProblemDetail.class).header("Retry-After").description("seconds").endHeader()
                    .endResponseMessage(), false)
                .to("direct:api-check-bias");

        var walkForward = rest("/walk-forward").description("Walk-forward validation (as `backtest walk-forward`)");
        ApiRoutes.problems(walkForward.post().id("walkForward")
                .description("Per fold: sweep the grid on the train window, run the best combination by rank_by on the"
                        + " following test window; the out-of-sample equity stitched. Answered when done (one at a time;"
                        + " at most app.api.max-grid combinations); its folder lands under app.api.runs-dir")
                .consumes("application/yaml,application/json").produces(ApiRoutes.JSON)
                .param().name("body").type(RestParamType.body).required(true)
                    .description("{config: {...}, grid: {...}, train: \"30d\", test: \"7d\", step, anchored, rank_by}")
                    .endParam()
                .responseMessage().code(200).message("{id, rank_by, folds: [...], metrics, links}")
                    .contentType(ApiRoutes.JSON).endResponseMessage()
                .responseMessage().code(400).message("invalid config or grid (key named), bad lengths, no fold fits"
                        + " the window").contentType(ApiRoutes.PROBLEM).responseModel(ProblemDetail.class)
                    .endResponseMessage()
                .responseMessage().code(429).message("a walk-forward is running already").contentType(ApiRoutes.PROBLEM)
                    .responseModel(ProblemDetail.class).header("Retry-After").description("seconds").endHeader()
                    .endResponseMessage(), false)
                .to("direct:api-walk-forward");
        ApiRoutes.problems(walkForward.get("/{id}/{file}").id("walkForwardFile")
                .description("A file of a finished walk-forward: folds.csv, metrics.json or report.html")
                .produces("text/csv,application/json,text/html")
                .param().name("id").type(RestParamType.path).dataType("string").endParam()
                .param().name("file").type(RestParamType.path).dataType("string").endParam()
                .responseMessage().code(200).message("the file").endResponseMessage()
                .responseMessage().code(404).message("no such walk-forward or file").contentType(ApiRoutes.PROBLEM)
                    .responseModel(ProblemDetail.class).endResponseMessage(), true)
                .to("direct:api-walk-forward-file");

        from("direct:api-walk-forward")
                .routeId("api-walk-forward")
                .routeConfigurationId(ApiRouteConfiguration.ID)
                .bean("walkForwardApi", "run(${body}, ${header.Content-Type}, " + QUERY + ")").id("api-walk-forward-call")
                .process(new ApiReplyWriter()).id("api-walk-forward-reply");

        from("direct:api-walk-forward-file")
                .routeId("api-walk-forward-file")
                .routeConfigurationId(ApiRouteConfiguration.ID)
                .bean("walkForwardApi", "file(${header.id}, ${header.file}, " + QUERY + ")").id("api-walk-forward-file-call")
                .process(new ApiReplyWriter()).id("api-walk-forward-file-reply");

        from("direct:api-strategies-list")
                .routeId("api-strategies-list")
                .routeConfigurationId(ApiRouteConfiguration.ID)
                .bean("strategyApi", "list(" + QUERY + ")").id("api-strategies-list-call")
                .process(new ApiReplyWriter()).id("api-strategies-list-reply");

        from("direct:api-check-bias")
                .routeId("api-check-bias")
                .routeConfigurationId(ApiRouteConfiguration.ID)
                .bean("strategyApi", "checkBias(${body}, ${header.Content-Type}, " + QUERY + ")").id("api-check-bias-call")
                .process(new ApiReplyWriter()).id("api-check-bias-reply");
    }
}
