package routes;

import org.apache.camel.builder.RouteBuilder;

/**
 * Verify: {@code direct:verify} takes a {@code VerifyRequest} and answers the store verifier's
 * {@code VerifyReport} (problems are values in the report, not exceptions); {@code direct:verify-repair} takes a
 * {@code RepairRequest} and answers a {@code RepairReport}.
 */
public final class VerifyRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from(Endpoints.VERIFY)
                .routeId(Endpoints.ROUTE_VERIFY)
                .routeConfigurationId(RequestRouteConfiguration.ID)
                .bean("storeVerifier", "verify").id("verify-scan");

        // rebuilds months whose file is missing or does not match offsets.json; downloads go through backfill-http,
        // the rebuilt months through ingest-file
        from(Endpoints.VERIFY_REPAIR)
                .routeId(Endpoints.ROUTE_VERIFY_REPAIR)
                .errorHandler(noErrorHandler()) // the caller reports a failure (a store it may not write: one line)
                .bean("storeRepair", "repair").id("verify-repair-months");
    }
}
