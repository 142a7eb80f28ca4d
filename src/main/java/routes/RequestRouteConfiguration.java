package routes;

import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * Error handling of the request/reply routes a caller waits on ({@code direct:backtest}, {@code direct:features},
 * {@code direct:verify}, ...): a failure goes back to the caller as the exception, unlogged, and the caller reports
 * it once. For the CLI that is one line for a refusal (a bad config, a window with no data, a bad grid) and the
 * stack trace for a bug; the backfill timer's route logs what {@code direct:backfill} throws. The default error
 * handler would log every refusal first, with its message history and stack trace, before the caller saw it.
 */
public final class RequestRouteConfiguration extends RouteConfigurationBuilder {
    /** The {@code routeConfigurationId} of the routes that answer a caller. */
    public static final String ID = "request-reply";

    @Override
    public void configuration() {
        routeConfiguration(ID).errorHandler(noErrorHandler());
    }
}
