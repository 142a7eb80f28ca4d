package routes;

import org.apache.camel.builder.RouteBuilder;

/**
 * Exports: {@code direct:export} writes klines month CSVs, feature-frame CSVs or run bundles under
 * {@code app.exports.dir} for the CLI's {@code export} command (the bean does the work: package {@code export}).
 */
public final class ExportRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from(Endpoints.EXPORT)
                .routeId(Endpoints.ROUTE_EXPORT)
                .routeConfigurationId(RequestRouteConfiguration.ID)
                .bean("exportService", "handle").id("export-write");
    }
}
