package routes;

import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import replay.Replayer;

/**
 * One recorded exchange sent again through {@code direct:<route>} (replay): the output body, the HTTP status of the
 * LLM route, or the error. LLM attempts carry the bearer token of {@code app.llm.api-key-env} (never recorded).
 */
final class CamelRouteCall implements Replayer.RouteCall {
    private final ProducerTemplate template;
    private final String apiKeyEnv;

    CamelRouteCall(ProducerTemplate template, String apiKeyEnv) {
        this.template = template;
        this.apiKeyEnv = apiKeyEnv;
    }

    @Override
    public Result call(String route, Object body, Map<String, Object> headers) {
        Map<String, Object> h = new HashMap<>(headers);
        if (Endpoints.ROUTE_LLM_DECIDE.equals(route) && !apiKeyEnv.isBlank()) {
            String key = System.getenv(apiKeyEnv);
            if (key != null) {
                h.put(Endpoints.HEADER_LLM_API_KEY, key);
            }
        }
        Exchange ex = template.request("direct:" + route, e -> {
            e.getIn().setBody(body);
            e.getIn().setHeaders(h);
        });
        if (ex.getException() != null) {
            return new Result(null, null, ex.getException());
        }
        Integer status = Endpoints.ROUTE_LLM_DECIDE.equals(route)
                ? ex.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class) : null;
        return new Result(ex.getMessage().getBody(), status, null);
    }
}
