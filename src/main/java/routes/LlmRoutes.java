package routes;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code direct:llm-decide}: one POST of a chat/completions body to the URL in header {@code llmUrl} through the
 * {@code llm-http} component, with the bearer token from header {@code llmApiKey} when set. The attempt is cut at
 * {@code llmTimeoutMs} in total time, its connect at {@code llmConnectTimeoutMs}, and no more than
 * {@code llmMaxBodyBytes} + 1 body bytes are read ({@link LlmHttpGuard}; the {@code app.llm.*} values when absent).
 * Answers of any status come back with their status, body bytes and Retry-After; network failures and cut attempts
 * come back as the exception. The retries, backoff, deadline and circuit breaker live in {@code llm.LlmClient},
 * which calls this route once per attempt (a run's {@code llm} block can change them, which a route's fixed
 * redelivery policy could not follow).
 */
public final class LlmRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from(Endpoints.LLM_DECIDE)
                .routeId(Endpoints.ROUTE_LLM_DECIDE)
                .errorHandler(noErrorHandler()) // the port turns failures into reason codes
                .removeHeaders("CamelHttp*")
                .setHeader(Exchange.HTTP_METHOD, constant("POST"))
                .setHeader(Exchange.HTTP_URI, header(Endpoints.HEADER_LLM_URL))
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .choice()
                    .when(header(Endpoints.HEADER_LLM_API_KEY).isNotNull())
                        .setHeader("Authorization", simple("Bearer ${header." + Endpoints.HEADER_LLM_API_KEY + "}"))
                .end()
                // the attempt's limits, for LlmHttpGuard (which removes them before the request goes out)
                .setHeader(LlmHttpGuard.TIMEOUT_HEADER, header(Endpoints.HEADER_LLM_TIMEOUT_MS))
                .setHeader(LlmHttpGuard.CONNECT_HEADER, header(Endpoints.HEADER_LLM_CONNECT_TIMEOUT_MS))
                .setHeader(LlmHttpGuard.MAX_BYTES_HEADER, header(Endpoints.HEADER_LLM_MAX_BODY_BYTES))
                .removeHeaders("llm*")
                // toD: the endpoint (its HTTP client, TLS context and public-suffix list) is made on the first call,
                // not when the context starts - every one-shot command has this route, few of them call it. One fixed
                // endpoint: no "optimised" http toD (it would look for an endpoint factory named llm-http)
                .toD().uri("llm-http://llm?throwExceptionOnFailure=false").allowOptimisedComponents(false)
                        .id("llm-http-call")
                .convertBodyTo(byte[].class); // as received: the client checks the size and decodes strictly
    }
}
