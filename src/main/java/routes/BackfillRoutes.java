package routes;

import static routes.Endpoints.BACKFILL;
import static routes.Endpoints.BACKFILL_HTTP;
import static routes.Endpoints.HEADER_HTTP_TARGET;
import static routes.Endpoints.HEADER_HTTP_URL;

import backfill.BackfillBusyException;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Backfill: a timer in the long-lived process and the CLI's {@code backfill} command both call
 * {@code direct:backfill}; the backfill bean decides what to fetch and calls back into {@code direct:backfill-http}
 * (timeouts, retries with exponential backoff and jitter on connection resets, timeouts, 5xx and 429; no retry on
 * other 4xx, on a host that cannot be reached, or once the process is stopping) and into the ingest route.
 */
public final class BackfillRoutes extends RouteBuilder {
    private final PipelineSettings.Backfill backfill;
    private final PipelineSettings.Http http;

    public BackfillRoutes(PipelineSettings.Backfill backfill, PipelineSettings.Http http) {
        this.backfill = backfill;
        this.http = http;
    }

    @Override
    public void configure() {
        int retries = http.retries();
        long backoff = http.backoffMs();
        long maxBackoff = http.maxBackoffMs();

        fromF("timer:backfill?delay=%d&period=%d", backfill.initialDelayMs(), backfill.periodMs())
                .routeId(Endpoints.ROUTE_BACKFILL_TIMER)
                .autoStartup(backfill.enabled())
                // a run started by the REST API is going on: this tick has nothing to do
                .onException(BackfillBusyException.class).handled(true)
                    .log(LoggingLevel.INFO, "backfill timer: skipped, ${exception.message}").end()
                // one run per symbol of app.symbols, in turn (runs are one at a time)
                .bean("backfillService", "timerRequests(" + backfill.months() + ")")
                .split(body())
                    .to(BACKFILL).id("timer-to-backfill")
                    .log(LoggingLevel.INFO, "${body.summary()}")
                .end();

        from(BACKFILL)
                .routeId(Endpoints.ROUTE_BACKFILL_RUN)
                .routeConfigurationId(RequestRouteConfiguration.ID)
                .bean("backfillService", "run(${body}, ${header." + Endpoints.HEADER_PROGRESS + "}, ${header."
                        + Endpoints.HEADER_BACKFILL_TICKET + "})").id("backfill-plan-and-fetch")
                .bean(PipelineMeters.BEAN, "backfilled").id("backfill-metrics");

        from(BACKFILL_HTTP)
                .routeId(Endpoints.ROUTE_BACKFILL_HTTP)
                // the caller reports what failed; a retry waiting out its backoff gives up once shutdown begins
                .errorHandler(defaultErrorHandler().logExhausted(false).allowRedeliveryWhileStopping(false))
                .onException(HttpOperationFailedException.class)
                    .onWhen(simple("${exception.statusCode} == 404")).handled(true)
                    .setBody(constant(null)).setHeader(Exchange.HTTP_RESPONSE_CODE, constant(404))
                .end()
                .onException(HttpOperationFailedException.class)
                    .onWhen(method(BackfillHttpClient.BEAN, "retryStatus(${exception.statusCode})"))
                    .maximumRedeliveries(retries).redeliveryDelay(backoff).useExponentialBackOff().backOffMultiplier(2)
                    .useCollisionAvoidance().maximumRedeliveryDelay(maxBackoff)
                    .retryAttemptedLogLevel(LoggingLevel.WARN).logExhausted(false).logStackTrace(false)
                .end()
                // an unreachable host (DNS, refused, no route, connect timeout) is not retried, nor is anything once
                // the process is stopping: such failures go straight back to the caller
                .onException(IOException.class)
                    .onWhen(method(BackfillHttpClient.BEAN, "retryFailure(${exception})"))
                    .maximumRedeliveries(retries).redeliveryDelay(backoff).useExponentialBackOff().backOffMultiplier(2)
                    .useCollisionAvoidance().maximumRedeliveryDelay(maxBackoff)
                    .retryAttemptedLogLevel(LoggingLevel.WARN).logExhausted(false).logStackTrace(false)
                .end()
                .removeHeaders("CamelHttp*")
                .setHeader(Exchange.HTTP_METHOD, header(Endpoints.HEADER_HTTP_METHOD))
                .setBody(constant(null))
                .toD("${header." + HEADER_HTTP_URL + "}").id("http-call")
                .choice()
                    .when(header(Endpoints.HEADER_HTTP_METHOD).isEqualTo("HEAD")).setBody(constant(true))
                    .when(header(HEADER_HTTP_TARGET).isNotNull())
                        .bean("downloadSink", "save(${body}, ${header." + HEADER_HTTP_TARGET + "})").id("http-save")
                    .otherwise().convertBodyTo(String.class)
                .end();
    }
}
