package routes;

import static routes.ApiRoutes.JSON;
import static routes.ApiRoutes.PROBLEM;
import static routes.ApiRoutes.problems;

import api.BackfillStatusView;
import api.ProblemDetail;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.RestParamType;

/**
 * The data endpoints of the REST API (docs/api.md): feature rows ({@code featureApi}), the store's coverage (the
 * {@code verify} report through {@code direct:verify}) and backfill runs (through {@code direct:backfill}, the route the
 * timer and the CLI use). Each operation hands off to a {@code direct:api-data-*} route calling its bean. No routes
 * when {@code app.api.enabled=false}.
 */
public final class ApiDataRoutes extends RouteBuilder {
    private static final String QUERY = "${header." + org.apache.camel.Exchange.HTTP_QUERY + "}";
    private static final String[] FEATURE_INDICATORS = {"comma-separated, any of ema (ema_fast, ema_slow), rsi, cmf,"
            + " macd (macd, macd_signal, macd_hist), atr; default ema,rsi,cmf"};

    private final boolean enabled;

    ApiDataRoutes(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public void configure() {
        if (!enabled) {
            return;
        }
        RestDefinition features = rest("/features").description("Feature rows: bars plus indicators, as features compute");
        problems(featureParams(features.get("/latest").id("getLatestFeatures")
                .description("The last n feature rows of the stored data (bars of the interval plus the indicators),"
                        + " equal to the last n rows of features compute over everything stored; cached per store"
                        + " version")
                .produces(JSON)
                .param().name("n").type(RestParamType.query).required(false).dataType("integer")
                    .description("rows, 1..app.api.features-max-rows (5000); default 100").endParam())
                .responseMessage().code(200).message("the rows, oldest first").contentType(JSON).endResponseMessage(),
                false)
                .to("direct:api-data-features-latest");

        problems(featureParams(features.get().id("getFeatures")
                .description("Feature rows with open time in [start, end), as features compute --start --end writes"
                        + " them; the stored part of the range may span at most app.api.features-max-rows bars")
                .produces(JSON)
                .param().name("start").type(RestParamType.query).required(true).dataType("string")
                    .description("first bar, inclusive: YYYY-MM, YYYY-MM-DD or an ISO instant (UTC)").endParam()
                .param().name("end").type(RestParamType.query).required(true).dataType("string")
                    .description("end, exclusive: YYYY-MM, YYYY-MM-DD or an ISO instant (UTC)").endParam())
                .responseMessage().code(200).message("the rows, oldest first").contentType(JSON).endResponseMessage()
                .responseMessage().code(400).message("unknown parameter, bad value, start or end missing, or more bars"
                        + " than app.api.features-max-rows (parameter end; the detail names an end that fits)")
                    .contentType(PROBLEM).responseModel(ProblemDetail.class).endResponseMessage(), false)
                .to("direct:api-data-features");

        problems(rest("/data/coverage").description("What the store holds: the verify report")
                .get().id("getCoverage")
                .description("The verify report as JSON (the document verify --json FILE writes): per month rows,"
                        + " first/last minute and missing minutes; problems (gaps with their minute ranges, bad rows,"
                        + " offsets.json mismatches). Scans the store on each request")
                .produces(JSON)
                .param().name("from").type(RestParamType.query).required(false).dataType("string")
                    .description("first month, YYYY-MM: with from/to every minute of those months is expected (never"
                            + " beyond now); without, every minute from the first to the last stored one").endParam()
                .param().name("to").type(RestParamType.query).required(false).dataType("string")
                    .description("last month, YYYY-MM").endParam()
                .responseMessage().code(200).message("the verify report").contentType(JSON).endResponseMessage(), false)
                .to("direct:api-data-coverage");

        RestDefinition backfill = rest("/backfill").description("Backfill from Binance Vision, one run at a time");
        problems(backfill.post().id("startBackfill")
                .description("Start a backfill now, in the background, through the route the timer and the backfill"
                        + " command use; follow it with GET /backfill")
                .produces(JSON)
                .param().name("months").type(RestParamType.query).required(false).dataType("integer")
                    .description("the last N complete months plus the current one, 0..app.api.backfill-max-months"
                            + " - 1; default 2; not with from/to").endParam()
                .param().name("from").type(RestParamType.query).required(false).dataType("string")
                    .description("first month, YYYY-MM (not in the future)").endParam()
                .param().name("to").type(RestParamType.query).required(false).dataType("string")
                    .description("last month, YYYY-MM; default the current month").endParam()
                .responseMessage().code(202).message("started (Location: /backfill)").contentType(JSON)
                    .responseModel(BackfillStatusView.class).header("Location").description("/backfill").endHeader()
                    .endResponseMessage()
                .responseMessage().code(400).message("unknown parameter, bad month, months with from/to, more than"
                        + " app.api.backfill-max-months months, a request body").contentType(PROBLEM)
                    .responseModel(ProblemDetail.class).endResponseMessage()
                .responseMessage().code(409).message("a backfill is running (the timer's or the API's); Location:"
                        + " /backfill").contentType(PROBLEM).responseModel(ProblemDetail.class)
                    .header("Location").description("/backfill").endHeader().endResponseMessage(), false)
                .to("direct:api-data-backfill-start");
        problems(backfill.get().id("getBackfill")
                .description("Whether a backfill runs (idle|running), its progress, and the last run's summary")
                .produces(JSON)
                .responseMessage().code(200).message("the status").contentType(JSON)
                    .responseModel(BackfillStatusView.class).endResponseMessage(), false)
                .to("direct:api-data-backfill-status");

        apiRoute("features-latest", "featureApi", "latest(" + QUERY + ")");
        apiRoute("features", "featureApi", "range(" + QUERY + ")");
        apiRoute("coverage", "coverageApi", "coverage(" + QUERY + ")");
        apiRoute("backfill-start", "backfillApi", "start(${body}, " + QUERY + ")");
        apiRoute("backfill-status", "backfillApi", "status(" + QUERY + ")");
    }

    private static RestDefinition featureParams(RestDefinition verb) {
        return verb
                .param().name("interval").type(RestParamType.query).required(false).dataType("string")
                    .allowableValues("1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "1w")
                    .description("bar interval, aggregated from 1m; default 1m").endParam()
                .param().name("indicators").type(RestParamType.query).required(false).dataType("string")
                    .description(FEATURE_INDICATORS[0]).endParam()
                .param().name("gap_policy").type(RestParamType.query).required(false).dataType("string")
                    .allowableValues("ffill", "drop", "none")
                    .description("minutes missing from the store: ffill (default; filled bars flagged filled), drop,"
                            + " none").endParam();
    }

    /** {@code direct:api-data-<op>}: the bean call, then its answer (or problem) as the HTTP reply. */
    private void apiRoute(String op, String bean, String call) {
        from("direct:api-data-" + op)
                .routeId("api-data-" + op)
                .routeConfigurationId(ApiRouteConfiguration.ID)
                .bean(bean, call).id("api-data-" + op + "-call")
                .process(new ApiReplyWriter()).id("api-data-" + op + "-reply");
    }
}
