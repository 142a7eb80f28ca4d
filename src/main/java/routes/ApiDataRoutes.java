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
                .param().name("symbol").type(RestParamType.query).required(false).dataType("string")
                    .description("a symbol the store holds (GET /symbols); default the first of app.symbols").endParam()
                .responseMessage().code(200).message("the verify report").contentType(JSON).endResponseMessage(), false)
                .to("direct:api-data-coverage");

        problems(rest("/symbols").description("The symbols this store holds (app.symbols)")
                .get().id("getSymbols")
                .description("The symbols of app.symbols, then any other stored, each with its stored rows, months and"
                        + " first/last minute; the default symbol (the first listed) and the setting itself")
                .produces(JSON)
                .responseMessage().code(200).message("the symbols").contentType(JSON).endResponseMessage(), false)
                .to("direct:api-data-symbols");

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
                .param().name("symbol").type(RestParamType.query).required(false).dataType("string")
                    .description("one of app.symbols; default the first listed").endParam()
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

        exports();

        apiRoute("features-latest", "featureApi", "latest(" + QUERY + ")");
        apiRoute("features", "featureApi", "range(" + QUERY + ")");
        apiRoute("coverage", "coverageApi", "coverage(" + QUERY + ")");
        apiRoute("symbols", "symbolsApi", "list(" + QUERY + ")");
        apiRoute("backfill-start", "backfillApi", "start(${body}, " + QUERY + ")");
        apiRoute("backfill-status", "backfillApi", "status(" + QUERY + ")");
        apiRoute("export-klines", "exportApi", "klines(${body}, " + QUERY + ")");
        apiRoute("export-features", "exportApi", "features(${body}, " + QUERY + ")");
        apiRoute("export-run", "exportApi", "run(${header.id}, ${body}, " + QUERY + ")");
        apiRoute("exports", "exportApi", "manifest(" + QUERY + ")");
        apiRoute("export-file", "exportApi", "download(null, ${header.name}, " + QUERY + ")");
        apiRoute("export-run-file", "exportApi", "download('runs', ${header.name}, " + QUERY + ")");
    }

    /** The export endpoints: the same files as the export command, through direct:export (exportApi). */
    private void exports() {
        RestDefinition exports = rest("/exports").description("Exports under app.exports.dir, as the export command"
                + " writes them (docs/exports.md)");
        String written = "what was written: files [{file, status (wrote|unchanged), kind, rows, missing_minutes,"
                + " sha256, href}], skipped_months, manifest (updated|unchanged)";
        problems(exports.post("/klines").id("exportKlines")
                .description("One CSV per stored UTC month of [from, to] (klines_<interval>_YYYY-MM.csv), as export"
                        + " klines writes it; at most app.api.export-max-months months")
                .produces(JSON)
                .param().name("from").type(RestParamType.query).required(true).dataType("string")
                    .description("first month, YYYY-MM").endParam()
                .param().name("to").type(RestParamType.query).required(false).dataType("string")
                    .description("last month, YYYY-MM, inclusive; default from").endParam()
                .param().name("interval").type(RestParamType.query).required(false).dataType("string")
                    .allowableValues("1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d")
                    .description("default 1m").endParam()
                .param().name("gap_policy").type(RestParamType.query).required(false).dataType("string")
                    .allowableValues("none", "ffill").description("default none; ffill adds a filled column").endParam()
                .param().name("symbol").type(RestParamType.query).required(false).dataType("string")
                    .description("a symbol the store holds; default the first of app.symbols, whose files carry no"
                            + " symbol (another's are named <SYMBOL>_...)").endParam()
                .responseMessage().code(200).message(written).contentType(JSON).endResponseMessage()
                .responseMessage().code(400).message("unknown parameter, bad value, more than"
                        + " app.api.export-max-months months, a request body").contentType(PROBLEM)
                    .responseModel(ProblemDetail.class).endResponseMessage()
                .responseMessage().code(404).message("no stored klines in the range: nothing written").contentType(PROBLEM)
                    .responseModel(ProblemDetail.class).endResponseMessage()
                .responseMessage().code(409).message("a month file kept changing or does not match offsets.json, or an"
                        + " unreadable manifest.json").contentType(PROBLEM).responseModel(ProblemDetail.class)
                    .endResponseMessage(), false)
                .to("direct:api-data-export-klines");
        problems(featureParams(exports.post("/features").id("exportFeatures")
                .description("The feature frame of [start, end) as CSV (features_<interval>_<start>_<end>.csv), as"
                        + " export features writes it; at most app.api.export-max-months months")
                .produces(JSON)
                .param().name("start").type(RestParamType.query).required(true).dataType("string")
                    .description("first bar, inclusive: YYYY-MM, YYYY-MM-DD or an ISO instant (UTC)").endParam()
                .param().name("end").type(RestParamType.query).required(true).dataType("string")
                    .description("end, exclusive: YYYY-MM, YYYY-MM-DD or an ISO instant (UTC)").endParam())
                .responseMessage().code(200).message(written).contentType(JSON).endResponseMessage()
                .responseMessage().code(400).message("unknown parameter, bad value, more than"
                        + " app.api.export-max-months months, a request body").contentType(PROBLEM)
                    .responseModel(ProblemDetail.class).endResponseMessage()
                .responseMessage().code(404).message("no bars stored in the window: nothing written").contentType(PROBLEM)
                    .responseModel(ProblemDetail.class).endResponseMessage()
                .responseMessage().code(409).message("a month file kept changing or does not match offsets.json")
                    .contentType(PROBLEM).responseModel(ProblemDetail.class).endResponseMessage(), false)
                .to("direct:api-data-export-features");
        problems(exports.post("/runs/{id}").id("exportRun")
                .description("A finished run folder as the deterministic ZIP runs/{id}.zip, as export run writes it")
                .produces(JSON)
                .param().name("id").type(RestParamType.path).dataType("string")
                    .description("run id, e.g. ema-cross-0123456789ab").endParam()
                .responseMessage().code(200).message(written).contentType(JSON).endResponseMessage(), true)
                .to("direct:api-data-export-run");
        problems(exports.get().id("getExports")
                .description("manifest.json: every export with its kind, range, rows, SHA-256 and source months")
                .produces(JSON)
                .responseMessage().code(200).message("the manifest ({format_version, exports: []} before any export)")
                    .contentType(JSON).endResponseMessage(), false)
                .to("direct:api-data-exports");
        problems(download(exports.get("/{name}").id("getExportFile"), "a CSV the manifest lists, e.g."
                + " klines_1m_2024-01.csv", "text/csv"), false)
                .to("direct:api-data-export-file");
        problems(download(exports.get("/runs/{name}").id("getExportRunFile"), "a run bundle the manifest lists, e.g."
                + " ema-cross-0123456789ab.zip", "application/zip"), false)
                .to("direct:api-data-export-run-file");
    }

    private static RestDefinition download(RestDefinition verb, String what, String type) {
        return verb.description("Download " + what + "; its SHA-256 in X-Content-SHA256 (hex) and Repr-Digest"
                        + " (RFC 9530). Only files manifest.json lists: any other name (a path, ..) is 404")
                .produces(type)
                .param().name("name").type(RestParamType.path).dataType("string").description(what).endParam()
                .responseMessage().code(200).message("the file, as exported").contentType(type)
                    .header("X-Content-SHA256").description("SHA-256 of the body, hex").endHeader()
                    .header("Repr-Digest").description("sha-256=:<base64>:").endHeader().endResponseMessage()
                .responseMessage().code(404).message("no such export in manifest.json").contentType(PROBLEM)
                    .responseModel(ProblemDetail.class).endResponseMessage()
                .responseMessage().code(409).message("the file no longer matches manifest.json (export it again)")
                    .contentType(PROBLEM).responseModel(ProblemDetail.class).endResponseMessage();
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
                            + " none").endParam()
                .param().name("symbol").type(RestParamType.query).required(false).dataType("string")
                    .description("a symbol the store holds (GET /symbols); default the first of app.symbols").endParam();
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
