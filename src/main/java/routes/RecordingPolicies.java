package routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import replay.ExchangeRecorder;

/**
 * {@code app.record.routes}: a route policy on each chosen route that hands every exchange entering it (input and
 * headers, captured before the route changes them) and leaving it (output, HTTP status of the LLM route, or error)
 * to {@link ExchangeRecorder}. A recording that fails to write is logged and never fails the exchange.
 */
final class RecordingPolicies implements RoutePolicyFactory {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingPolicies.class);
    private static final String LINE = "klineRecordedLine";

    private final ExchangeRecorder recorder;

    RecordingPolicies(ExchangeRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
        return recorder.records(routeId) ? new Policy(routeId) : null;
    }

    private final class Policy extends RoutePolicySupport {
        private final String routeId;

        Policy(String routeId) {
            this.routeId = routeId;
        }

        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            try {
                exchange.setProperty(LINE + routeId, recorder.begin(routeId, exchange.getIn().getBody(),
                        exchange.getIn().getHeaders()));
            } catch (RuntimeException e) {
                LOG.warn("Recording of route {} failed: {}", routeId, e.toString());
            }
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            ObjectNode line = exchange.getProperty(LINE + routeId, ObjectNode.class);
            if (line == null) {
                return;
            }
            exchange.removeProperty(LINE + routeId);
            try {
                Integer status = Endpoints.ROUTE_LLM_DECIDE.equals(routeId)
                        ? exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class) : null;
                recorder.done(line, exchange.getException() == null ? exchange.getMessage().getBody() : null, status,
                        exchange.getException());
            } catch (RuntimeException e) {
                LOG.warn("Recording of route {} failed: {}", routeId, e.toString());
            }
        }
    }
}
