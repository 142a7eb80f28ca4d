package routes;

import org.apache.camel.builder.RouteConfigurationBuilder;

/** The API routes' error handling: whatever a request throws becomes its problem+json reply, once, never retried. */
public final class ApiRouteConfiguration extends RouteConfigurationBuilder {
    public static final String ID = "api";

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(Exception.class).handled(true).process(new ApiReplyWriter()).id("api-problem-reply");
    }
}
