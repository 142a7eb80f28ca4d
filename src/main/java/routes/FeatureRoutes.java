package routes;

import org.apache.camel.builder.RouteBuilder;

/**
 * Features: {@code direct:features} computes frames and spot-checks them for the CLI (and later the REST API);
 * {@code direct:features-refresh} recomputes the standing feature files after the ingest route stored new rows.
 */
public final class FeatureRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from(Endpoints.FEATURES)
                .routeId(Endpoints.ROUTE_FEATURES)
                .routeConfigurationId(RequestRouteConfiguration.ID)
                .bean("featureService", "handle").id("features-handle");

        from(Endpoints.FEATURES_REFRESH)
                .routeId(Endpoints.ROUTE_FEATURES_REFRESH)
                .bean("featureService", "refreshAfterIngest").id("features-recompute");
    }
}
