package routes;

import api.ProblemDetail;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestDefinition;

/**
 * The web dashboard (docs/api.md, Dashboard) on the API's server: {@code GET /} the page, {@code GET /dashboard/config}
 * the config its form starts from. The page reads everything else from the API itself. Defined in the REST DSL, so
 * the HTTP guard answers 405/404 for these paths as for the API's. None when {@code app.api.enabled=false}.
 */
public final class DashboardRoutes extends RouteBuilder {
    private static final String QUERY = "${header." + org.apache.camel.Exchange.HTTP_QUERY + "}";

    private final boolean enabled;

    DashboardRoutes(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public void configure() {
        if (!enabled) {
            return;
        }
        errors(rest("/").description("The web dashboard").get().id("dashboard")
                .description("The dashboard: one self-contained HTML page (inline CSS and JS, nothing fetched but"
                        + " this API); needs no token itself, its requests to the API do")
                .produces("text/html")
                .responseMessage().code(200).message("the page").contentType("text/html").endResponseMessage()
                .responseMessage().code(404).message("a path the server reads as / (dot segments) but not / itself")
                    .contentType(ApiRoutes.PROBLEM).responseModel(ProblemDetail.class).endResponseMessage())
                .to("direct:api-dashboard-page");
        errors(rest("/dashboard/config").description("The dashboard's backtest form").get().id("dashboardConfig")
                .description("configs/backtest.yaml of the service's folder as it is now: the config the dashboard's"
                        + " form starts from")
                .produces("application/yaml")
                .responseMessage().code(200).message("the YAML file").contentType("application/yaml")
                    .endResponseMessage()
                .responseMessage().code(404).message("the service's folder has no configs/backtest.yaml")
                    .contentType(ApiRoutes.PROBLEM).responseModel(ProblemDetail.class).endResponseMessage())
                .to("direct:api-dashboard-config");

        route("page", "page(${header." + org.apache.camel.Exchange.HTTP_URI + "}, " + QUERY + ")");
        route("config", "config(" + QUERY + ")");
    }

    private void route(String op, String call) {
        from("direct:api-dashboard-" + op)
                .routeId("api-dashboard-" + op)
                .routeConfigurationId(ApiRouteConfiguration.ID)
                .bean("dashboardApi", call).id("api-dashboard-" + op + "-call")
                .process(new ApiReplyWriter()).id("api-dashboard-" + op + "-reply");
    }

    private static RestDefinition errors(RestDefinition verb) {
        return verb
                .responseMessage().code(400).message("unknown query parameter").contentType(ApiRoutes.PROBLEM)
                    .responseModel(ProblemDetail.class).endResponseMessage()
                .responseMessage().code(401).message("bearer token missing or wrong (when the service has one; not"
                        + " for the page itself)").contentType(ApiRoutes.PROBLEM).responseModel(ProblemDetail.class)
                    .endResponseMessage()
                .responseMessage().code(405).message("method not allowed on this path (Allow lists the methods)")
                    .contentType(ApiRoutes.PROBLEM).responseModel(ProblemDetail.class).endResponseMessage()
                .responseMessage().code(500).message("failure inside the service (logged; no details)")
                    .contentType(ApiRoutes.PROBLEM).responseModel(ProblemDetail.class).endResponseMessage();
    }
}
