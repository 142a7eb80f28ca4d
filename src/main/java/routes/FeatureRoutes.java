package routes;

import org.apache.camel.builder.RouteBuilder;

/**
 * Features: {@code direct:features} computes frames and spot-checks them for the CLI (and later the REST API);
 * {@code direct:features-refresh} recomputes the standing feature files after the ingest route stored new rows (one
 * outcome), or after an {@code ingest} command's last file (its outcomes, each file computed once).
 */
public final class FeatureRoutes extends RouteBuilder {
    /** Threads sharing the standing files of a command's ingests (the machine's cores, at most 4). */
    static final int REFRESH_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    @Override
    public void configure() {
        from(Endpoints.FEATURES)
                .routeId(Endpoints.ROUTE_FEATURES)
                .routeConfigurationId(RequestRouteConfiguration.ID)
                .bean("featureService", "handle").id("features-handle");

        // one outcome (wire-tapped by the ingest routes), or a command's outcomes at once after its last file
        from(Endpoints.FEATURES_REFRESH)
                .routeId(Endpoints.ROUTE_FEATURES_REFRESH)
                .choice()
                    .when(body().isInstanceOf(java.util.List.class))
                        .bean("featureService", "refreshAfterIngest(${body}, " + REFRESH_THREADS + ")")
                            .id("features-recompute-all")
                    .otherwise()
                        .bean("featureService", "refreshAfterIngest(${body})").id("features-recompute")
                .end();
    }
}
