package routes;

import api.ApiReply;
import api.OpenApiPatch;
import api.QueryParams;
import org.apache.camel.CamelContext;
import org.apache.camel.openapi.BeanConfig;
import org.apache.camel.openapi.DefaultRestApiResponseAdapter;
import org.apache.camel.openapi.RestOpenApiSupport;
import org.apache.camel.spi.RestConfiguration;

/**
 * {@code /openapi.json}: the OpenAPI 3 document camel-openapi-java generates from the REST DSL definitions, finished
 * by {@link OpenApiPatch}; built once, on the first request (every route is defined by then).
 */
public final class OpenApiDocument {
    private final CamelContext context;
    private volatile String json;

    public OpenApiDocument(CamelContext context) {
        this.context = context;
    }

    /** GET /openapi.json (no query parameters). */
    public ApiReply reply(String query) throws Exception {
        QueryParams.parse(query, java.util.Set.of());
        return ApiReply.json(200, null).withBody(json());
    }

    public String json() throws Exception {
        String doc = json;
        if (doc == null) {
            RestConfiguration rest = context.getRestConfiguration();
            RestOpenApiSupport support = new RestOpenApiSupport();
            BeanConfig config = new BeanConfig();
            support.initOpenApi(config, rest.getApiProperties() == null ? java.util.Map.of() : rest.getApiProperties());
            DefaultRestApiResponseAdapter adapter = new DefaultRestApiResponseAdapter();
            support.renderResourceListing(context, adapter, config, true, context.getClassResolver(), rest, null);
            doc = OpenApiPatch.apply(RestOpenApiSupport.getJsonFromOpenAPIAsString(adapter.getOpenApi(), config));
            json = doc;
        }
        return doc;
    }
}
