package routes;

import api.ProblemDetail;
import api.SweepList;
import api.SweepView;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.RestParamType;

/**
 * The sweep endpoints of the REST API (docs/api.md, "Sweeps"): each operation handed to a {@code direct:api-sweep-*}
 * route whose {@code sweepApi} bean does the work; sweeps run as jobs of the sweep queue through
 * {@code direct:backtest-sweep} like the CLI's {@code backtest sweep}. No routes when {@code app.api.enabled=false}.
 */
public final class SweepRoutes extends RouteBuilder {
    private static final String PROBLEM = ApiRoutes.PROBLEM;
    private static final String JSON = ApiRoutes.JSON;
    private static final String CSV = "text/csv";
    private static final String QUERY = "${header." + org.apache.camel.Exchange.HTTP_QUERY + "}";

    private final boolean enabled;

    SweepRoutes(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public void configure() {
        if (!enabled) {
            return;
        }
        RestDefinition sweeps = rest("/sweeps").description("Parameter sweeps: every combination of a grid over one base"
                + " backtest config, ranked (the CLI's backtest sweep)");
        ApiRoutes.problems(sweeps.post().id("submitSweep")
                .description("Submit a sweep: {config, grid, rank_by, rerun_best, top} as JSON or YAML. The id is"
                        + " deterministic (base config, grid values, rank_by, rerun_best, data), so the same sweep on the"
                        + " same data answers the existing one (200) and nothing runs")
                .consumes("application/yaml,application/json").produces(JSON)
                .param().name("body").type(RestParamType.body).required(true)
                    .description("config: a backtest config (the schema of configs/backtest.yaml; output_dir inside"
                            + " app.api.runs-dir, omitted: app.api.runs-dir); grid: {key: \"START:END:STEP\" |"
                            + " \"V1,V2\" | [numbers]} (keys: ema_fast ema_slow rsi cmf macd_fast macd_slow macd_signal"
                            + " atr size_pct buy_below sell_above fee_rate slippage_bps; at most app.api.max-grid"
                            + " combinations); rank_by: a metric (default sharpe); rerun_best: 0..10 full runs of the"
                            + " best rows (default 0); top: ranking rows in the answer, 1..app.api.max-grid or \"all\""
                            + " (default 20)").endParam()
                .responseMessage().code(202).message("queued (Location: /sweeps/{id})").contentType(JSON)
                    .responseModel(SweepView.class).header("Location").description("/sweeps/{id}").endHeader()
                    .endResponseMessage()
                .responseMessage().code(200).message("the same sweep on the same data: the existing one (queued,"
                        + " running or done); nothing new runs").contentType(JSON).responseModel(SweepView.class)
                    .header("Location").description("/sweeps/{id}").endHeader().endResponseMessage()
                .responseMessage().code(400).message("invalid sweep (key names the key path: config.strategy.size_pct,"
                        + " grid.ema_fast, grid, rank_by, rerun_best, top), a path outside the service's folders, a"
                        + " grid over app.api.max-grid, a body that is not UTF-8, an unknown query parameter")
                    .contentType(PROBLEM).responseModel(ProblemDetail.class).endResponseMessage()
                .responseMessage().code(413).message("body over app.api.max-body-bytes").contentType(PROBLEM)
                    .responseModel(ProblemDetail.class).endResponseMessage()
                .responseMessage().code(415).message("Content-Type not application/yaml or application/json, or a"
                        + " charset other than UTF-8").contentType(PROBLEM).responseModel(ProblemDetail.class)
                    .endResponseMessage()
                .responseMessage().code(429).message("sweep queue full (app.api.queue)").contentType(PROBLEM)
                    .responseModel(ProblemDetail.class).header("Retry-After").description("seconds").endHeader()
                    .endResponseMessage(), false)
                .to("direct:api-sweep-submit");

        ApiRoutes.problems(sweeps.get().id("listSweeps")
                .description("Sweeps newest first: the service's sweep jobs and every finished sweep folder under"
                        + " app.api.runs-dir (sweeps made by the CLI too); items carry no ranking rows")
                .produces(JSON)
                .param().name("status").type(RestParamType.query).required(false).dataType("string")
                    .allowableValues("queued", "running", "done", "failed", "cancelled").endParam()
                .param().name("limit").type(RestParamType.query).required(false).dataType("integer")
                    .description("sweeps per page, 1..app.api.list-max (100); default 20").endParam()
                .param().name("cursor").type(RestParamType.query).required(false).dataType("string")
                    .description("next_cursor of the previous page").endParam()
                .responseMessage().code(200).message("one page of sweeps").contentType(JSON)
                    .responseModel(SweepList.class).endResponseMessage(), false)
                .to("direct:api-sweep-list");

        withId(ApiRoutes.problems(sweeps.get("/{id}").id("getSweep")
                .description("One sweep: status, progress (combinations done/total) while running, ranked_by, order,"
                        + " combinations, ran, skipped, grid, the best rows of the ranking when done (top), the error"
                        + " when failed, links (ranking.csv, the full runs of the best rows)")
                .produces(JSON)
                .param().name("top").type(RestParamType.query).required(false).dataType("string")
                    .description("ranking rows: 1..app.api.max-grid (10000), or all (every row, up to that cap);"
                            + " default 20").endParam()
                .responseMessage().code(200).message("the sweep").contentType(JSON).responseModel(SweepView.class)
                    .endResponseMessage(), false))
                .to("direct:api-sweep-get");

        withId(ApiRoutes.problems(sweeps.delete("/{id}").id("cancelSweep")
                .description("Cancel a queued or running sweep; a cancelled sweep leaves no sweep folder (full runs of"
                        + " its best rows finished before stay)")
                .produces(JSON)
                .responseMessage().code(200).message("cancelled").contentType(JSON).responseModel(SweepView.class)
                    .endResponseMessage()
                .responseMessage().code(202).message("asked to stop; still running").contentType(JSON)
                    .responseModel(SweepView.class).endResponseMessage()
                .responseMessage().code(409).message("done, failed or cancelled already, or past its last stopping"
                        + " point").contentType(PROBLEM).responseModel(ProblemDetail.class).endResponseMessage(), false))
                .to("direct:api-sweep-cancel");

        withId(ApiRoutes.problems(sweeps.get("/{id}/ranking.csv").id("getSweepRanking")
                .description("ranking.csv of a done sweep: every ranked row, best first (rank, grid_index, the grid"
                        + " keys, every metric), as the CLI writes it")
                .produces(CSV)
                .responseMessage().code(200).message("ranking.csv").contentType(CSV).endResponseMessage()
                .responseMessage().code(409).message("the sweep is not done").contentType(PROBLEM)
                    .responseModel(ProblemDetail.class).endResponseMessage(), false))
                .to("direct:api-sweep-ranking");

        apiRoute("submit", "submit(${body}, ${header.Content-Type}, " + QUERY + ")");
        apiRoute("list", "list(" + QUERY + ")");
        apiRoute("get", "get(${header.id}, " + QUERY + ")");
        apiRoute("cancel", "cancel(${header.id}, " + QUERY + ")");
        apiRoute("ranking", "rankingCsv(${header.id}, " + QUERY + ")");
    }

    /** The {@code id} path parameter and the 404 of an unknown sweep. */
    private static RestDefinition withId(RestDefinition verb) {
        return verb.param().name("id").type(RestParamType.path).dataType("string")
                    .description("sweep id, e.g. sweep-0123456789ab").endParam()
                .responseMessage().code(404).message("no sweep with this id (also any id that is not a sweep id)")
                    .contentType(PROBLEM).responseModel(ProblemDetail.class).endResponseMessage();
    }

    /** {@code direct:api-sweep-<op>}: the bean call, then its answer (or problem) as the HTTP reply. */
    private void apiRoute(String op, String call) {
        from("direct:api-sweep-" + op)
                .routeId("api-sweep-" + op)
                .routeConfigurationId(ApiRouteConfiguration.ID)
                .bean("sweepApi", call).id("api-sweep-" + op + "-call")
                .process(new ApiReplyWriter()).id("api-sweep-" + op + "-reply");
    }
}
