package routes;

import api.ApiException;
import api.ApiReply;
import api.Problem;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the API's answer into the HTTP reply: an {@link ApiReply} body, or the exception an {@code api} route threw -
 * an {@link ApiException} as its problem, anything else as a 500 problem (logged with its stack trace here, never
 * sent). The request's headers are dropped first, so none is echoed back.
 */
final class ApiReplyWriter implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(ApiReplyWriter.class);

    @Override
    public void process(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiReply reply;
        if (caught != null) {
            reply = replyFor(caught, exchange);
        } else if (exchange.getMessage().getBody() instanceof ApiReply r) {
            reply = r;
        } else {
            reply = replyFor(new IllegalStateException("route gave no ApiReply"), exchange);
        }
        write(exchange.getMessage(), reply);
    }

    private static ApiReply replyFor(Throwable caught, Exchange exchange) {
        for (Throwable t = caught; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ApiException a) {
                return a.reply();
            }
        }
        LOG.error("{} {} failed", exchange.getMessage().getHeader(Exchange.HTTP_METHOD),
                exchange.getMessage().getHeader(Exchange.HTTP_PATH), caught);
        return ApiReply.problem(Problem.Kind.INTERNAL_ERROR.problem("the request failed inside the service (logged)"),
                Map.of());
    }

    static void write(Message m, ApiReply reply) {
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, reply.status());
        if (reply.contentType() != null) {
            m.setHeader(Exchange.CONTENT_TYPE, reply.contentType());
        }
        reply.headers().forEach(m::setHeader);
        // bytes as a ByteBuffer: platform-http writes that in one go; a byte[] would be converted to an InputStream and
        // pumped through the event loop chunk by chunk (half the throughput of GET /features/latest at 25 kB)
        m.setBody(reply.body() instanceof byte[] bytes ? java.nio.ByteBuffer.wrap(bytes) : reply.body());
    }
}
