package routes;

import api.ProblemDetail;
import api.RunList;
import api.RunView;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.RestParamType;

/**
 * The REST API of the long-lived process (docs/api.md): REST DSL on Camel's platform-http (Vert.x) server, each
 * operation handed to a {@code direct:api-*} route whose {@code backtestApi} bean does the work; backtests run
 * through {@code direct:backtest} like the CLI's. {@code /openapi.json} is generated from these definitions.
 * No routes at all when {@code app.api.enabled=false} (one-shot CLI commands).
 */
public final class ApiRoutes extends RouteBuilder {
    static final String PROBLEM = "application/problem+json";
    static final String JSON = "application/json";
    static final String JSON_LINES = "application/x-ndjson";
    static final String PARQUET = "application/vnd.apache.parquet";
    private static final String QUERY = "${header." + org.apache.camel.Exchange.HTTP_QUERY + "}";

    private final boolean enabled;

    ApiRoutes(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public void configure() {
        if (!enabled) {
            return;
        }
        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off)
                .clientRequestValidation(false).enableCORS(false)
                .endpointProperty("muteException", "true")
                // a form post keeps its raw body (then 415), never becomes a Map the API cannot read
                .endpointProperty("populateBodyWithForm", "false")
                .apiProperty("api.title", "kline-pipeline")
                .apiProperty("api.version", version())
                .apiProperty("api.description", "Backtests of the kline-pipeline service: submit a config, follow the"
                        + " job, read its artefacts. Every error is application/problem+json (RFC 9457).")
                .apiProperty("api.specification.contentType.json", JSON);

        RestDefinition backtests = rest("/backtests").description("Backtest runs: jobs of this service and run folders");
        problems(backtests.post().id("submitBacktest")
                .description("Submit a backtest config (the schema of configs/backtest.yaml, as YAML or JSON); the run"
                        + " id is deterministic, so the same config on the same data answers the existing run (200)")
                .consumes("application/yaml,application/json").produces(JSON)
                .param().name("body").type(RestParamType.body).required(true)
                    .description("backtest config; output_dir and from_run relative to the service's folder, inside"
                            + " app.api.runs-dir; omitted output_dir: app.api.runs-dir").endParam()
                .responseMessage().code(202).message("queued (Location: /backtests/{id})").contentType(JSON)
                    .responseModel(RunView.class).header("Location").description("/backtests/{id}").endHeader()
                    .endResponseMessage()
                .responseMessage().code(200).message("the same config on the same data: the existing run (queued,"
                        + " running or done); nothing new runs").contentType(JSON).responseModel(RunView.class)
                    .header("Location").description("/backtests/{id}").endHeader().endResponseMessage()
                .responseMessage().code(400).message("invalid config (key names the key path), a path outside the"
                        + " service's folders, a body that is not UTF-8, an unknown query parameter").contentType(PROBLEM)
                    .responseModel(ProblemDetail.class).endResponseMessage()
                .responseMessage().code(413).message("body over app.api.max-body-bytes").contentType(PROBLEM)
                    .responseModel(ProblemDetail.class).endResponseMessage()
                .responseMessage().code(415).message("Content-Type not application/yaml or application/json, or a"
                        + " charset other than UTF-8").contentType(PROBLEM).responseModel(ProblemDetail.class)
                    .endResponseMessage()
                .responseMessage().code(429).message("job queue full (app.api.queue)").contentType(PROBLEM)
                    .responseModel(ProblemDetail.class).header("Retry-After").description("seconds").endHeader()
                    .endResponseMessage(), false)
                .to("direct:api-backtest-submit");

        problems(backtests.get().id("listBacktests")
                .description("Runs newest first: the service's jobs and every finished run folder under"
                        + " app.api.runs-dir (runs made by the CLI too)")
                .produces(JSON)
                .param().name("strategy").type(RestParamType.query).required(false).dataType("string")
                    .allowableValues(backtest.plugin.StrategyRegistry.global().names()).description("only runs of this"
                            + " strategy type").endParam()
                .param().name("status").type(RestParamType.query).required(false).dataType("string")
                    .allowableValues("queued", "running", "done", "failed", "cancelled").endParam()
                .param().name("limit").type(RestParamType.query).required(false).dataType("integer")
                    .description("runs per page, 1..app.api.list-max (100); default 20").endParam()
                .param().name("cursor").type(RestParamType.query).required(false).dataType("string")
                    .description("next_cursor of the previous page").endParam()
                .responseMessage().code(200).message("one page of runs").contentType(JSON)
                    .responseModel(RunList.class).endResponseMessage(), false)
                .to("direct:api-backtest-list");

        problems(backtests.get("/{id}").id("getBacktest")
                .description("One run: status, progress (bars done/total), timings, metrics when done, the error"
                        + " when failed, links to its artefacts")
                .produces(JSON).param().name("id").type(RestParamType.path).dataType("string")
                    .description("run id, e.g. ema-cross-0123456789ab").endParam()
                .responseMessage().code(200).message("the run").contentType(JSON).responseModel(RunView.class)
                    .endResponseMessage(), true)
                .to("direct:api-backtest-get");

        problems(backtests.delete("/{id}").id("cancelBacktest")
                .description("Cancel a queued or running job; a cancelled run leaves no run folder")
                .produces(JSON).param().name("id").type(RestParamType.path).dataType("string").endParam()
                .responseMessage().code(200).message("cancelled").contentType(JSON).responseModel(RunView.class)
                    .endResponseMessage()
                .responseMessage().code(202).message("asked to stop; still running (cancel_requested)")
                    .contentType(JSON).responseModel(RunView.class).endResponseMessage()
                .responseMessage().code(409).message("done, failed or cancelled already, or past its last stopping"
                        + " point").contentType(PROBLEM).responseModel(ProblemDetail.class).endResponseMessage(), true)
                .to("direct:api-backtest-cancel");

        problems(artefact(backtests.get("/{id}/report").id("getBacktestReport")
                .description("The self-contained HTML report").produces("text/html")
                .responseMessage().code(200).message("report.html").contentType("text/html").endResponseMessage()), true)
                .to("direct:api-backtest-report");
        for (String name : new String[] {"fills", "equity", "decisions"}) {
            problems(artefact(backtests.get("/{id}/" + name).id("getBacktest" + Character.toUpperCase(name.charAt(0)) + name.substring(1))
                    .description(name + " as JSON lines (streamed), or " + name + ".parquet with Accept: " + PARQUET)
                    .produces(JSON_LINES + "," + PARQUET)
                    .param().name("Accept").type(RestParamType.header).required(false).dataType("string")
                        .description(PARQUET + " for the Parquet file; anything else: JSON lines").endParam()
                    .responseMessage().code(200).message(name + ": one JSON object per line, or the Parquet file")
                        .contentType(JSON_LINES).endResponseMessage()), true)
                    .to("direct:api-backtest-" + name);
        }

        rest("/openapi.json").description("This document")
                .get().id("openApi").description("The OpenAPI 3 document of this API, generated from its REST DSL")
                .produces(JSON)
                .responseMessage().code(200).message("OpenAPI 3 (JSON)").endResponseMessage()
                .responseMessage().code(400).message("unknown query parameter").responseModel(ProblemDetail.class)
                    .endResponseMessage()
                .to("direct:api-openapi");
        from("direct:api-openapi")
                .routeId("api-openapi")
                .routeConfigurationId(ApiRouteConfiguration.ID)
                .bean("openApiDocument", "reply(" + QUERY + ")").id("api-openapi-render")
                .process(new ApiReplyWriter()).id("api-openapi-reply");

        apiRoute("submit", "submit(${body}, ${header.Content-Type}, " + QUERY + ")");
        apiRoute("list", "list(" + QUERY + ")");
        apiRoute("get", "get(${header.id}, " + QUERY + ")");
        apiRoute("cancel", "cancel(${header.id}, " + QUERY + ")");
        for (String name : new String[] {"report", "fills", "equity", "decisions"}) {
            apiRoute(name, "artefact(${header.id}, '" + name + "', ${header.Accept}, " + QUERY + ")");
        }
    }

    /** {@code direct:api-backtest-<op>}: the bean call, then its answer (or problem) as the HTTP reply. */
    private void apiRoute(String op, String call) {
        from("direct:api-backtest-" + op)
                .routeId("api-backtest-" + op)
                .routeConfigurationId(ApiRouteConfiguration.ID)
                .bean("backtestApi", call).id("api-backtest-" + op + "-call")
                .process(new ApiReplyWriter()).id("api-backtest-" + op + "-reply");
    }

    private static RestDefinition artefact(RestDefinition verb) {
        return verb.param().name("id").type(RestParamType.path).dataType("string").endParam()
                .responseMessage().code(409).message("the run is not done").contentType(PROBLEM)
                .responseModel(ProblemDetail.class).endResponseMessage();
    }

    /** The errors every operation may answer (a 400 of its own, if it has one, keeps its description). */
    static RestDefinition problems(RestDefinition verb, boolean hasId) {
        var own = verb.getVerbs().getLast().getResponseMsgs();
        boolean has400 = own != null && own.stream().anyMatch(m -> "400".equals(m.getCode()));
        if (!has400) {
            verb.responseMessage().code(400).message("unknown or invalid query parameter").contentType(PROBLEM)
                    .responseModel(ProblemDetail.class).endResponseMessage();
        }
        if (hasId) {
            verb.responseMessage().code(404).message("no run with this id (also any id that is not a run id)")
                    .contentType(PROBLEM).responseModel(ProblemDetail.class).endResponseMessage();
        }
        return verb
                .responseMessage().code(401).message("bearer token missing or wrong (when the service has one)")
                    .contentType(PROBLEM).responseModel(ProblemDetail.class).endResponseMessage()
                .responseMessage().code(405).message("method not allowed on this path (Allow lists the methods)")
                    .contentType(PROBLEM).responseModel(ProblemDetail.class).endResponseMessage()
                .responseMessage().code(500).message("failure inside the service (logged; no details)")
                    .contentType(PROBLEM).responseModel(ProblemDetail.class).endResponseMessage();
    }

    private static String version() {
        String v = ApiRoutes.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
