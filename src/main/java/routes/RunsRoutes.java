package routes;

import api.ProblemDetail;
import api.RunCompareView;
import org.apache.camel.model.rest.RestParamType;

/**
 * The run registry over HTTP (docs/api.md, Runs): {@code GET /runs/compare?ids=...} answers the comparison of finished
 * runs ({@code runCompareApi}), JSON or, with {@code Accept: text/html}, the self-contained page. None when
 * {@code app.api.enabled=false}.
 */
public final class RunsRoutes extends org.apache.camel.builder.RouteBuilder {
    private static final String QUERY = "${header." + org.apache.camel.Exchange.HTTP_QUERY + "}";

    private final boolean enabled;

    RunsRoutes(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public void configure() {
        if (!enabled) {
            return;
        }
        ApiRoutes.problems(rest("/runs").description("The run registry: finished run folders under app.api.runs-dir")
                .get("/compare").id("compareRuns")
                .description("Finished runs side by side (as `runs compare`): metrics, every config key with the ones"
                        + " that differ, or with Accept: text/html one self-contained page with the equity curves"
                        + " overlaid (nothing fetched). Same runs, byte-identical answer")
                .produces(ApiRoutes.JSON + ",text/html")
                .param().name("ids").type(RestParamType.query).required(true).dataType("string")
                    .description("1 to 20 run ids, comma-separated, e.g. ema-cross-0123456789ab,rsi-threshold-"
                            + "0123456789ab").endParam()
                .param().name("Accept").type(RestParamType.header).required(false).dataType("string")
                    .description("text/html for the page; anything else: JSON").endParam()
                .responseMessage().code(200).message("the comparison (JSON, or the HTML page)")
                    .contentType(ApiRoutes.JSON).responseModel(RunCompareView.class).endResponseMessage()
                .responseMessage().code(400).message("ids missing, more than 20, repeated, or an unknown query"
                        + " parameter").contentType(ApiRoutes.PROBLEM).responseModel(ProblemDetail.class)
                    .endResponseMessage()
                .responseMessage().code(404).message("an id names no finished run (named)")
                    .contentType(ApiRoutes.PROBLEM).responseModel(ProblemDetail.class).endResponseMessage(), false)
                .to("direct:api-runs-compare");

        from("direct:api-runs-compare")
                .routeId("api-runs-compare")
                .routeConfigurationId(ApiRouteConfiguration.ID)
                .bean("runCompareApi", "compare(${header.Accept}, " + QUERY + ")").id("api-runs-compare-call")
                .process(new ApiReplyWriter()).id("api-runs-compare-reply");
    }
}
