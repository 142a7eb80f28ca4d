package routes;

import org.apache.camel.builder.RouteBuilder;

/**
 * Verify: {@code direct:verify} takes a {@code VerifyRequest} and answers the store verifier's
 * {@code VerifyReport} (problems are values in the report, not exceptions).
 */
public final class VerifyRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from(Endpoints.VERIFY)
                .routeId(Endpoints.ROUTE_VERIFY)
                .routeConfigurationId(RequestRouteConfiguration.ID)
                .bean("storeVerifier", "verify").id("verify-scan");
    }
}
