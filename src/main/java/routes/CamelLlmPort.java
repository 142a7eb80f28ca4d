package routes;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.HashMap;
import java.util.Map;
import llm.LlmPort;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/** The LLM client's HTTP attempt, served by the {@code llm-decide} route; failures become reason codes. */
final class CamelLlmPort implements LlmPort {
    private final ProducerTemplate template;

    CamelLlmPort(ProducerTemplate template) {
        this.template = template;
    }

    @Override
    public Reply post(Call call) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(Endpoints.HEADER_LLM_URL, call.url());
        headers.put(Endpoints.HEADER_LLM_TIMEOUT_MS, call.timeoutMs());
        headers.put(Endpoints.HEADER_LLM_CONNECT_TIMEOUT_MS, call.connectTimeoutMs());
        headers.put(Endpoints.HEADER_LLM_MAX_BODY_BYTES, call.maxBodyBytes());
        if (call.apiKey() != null) {
            headers.put(Endpoints.HEADER_LLM_API_KEY, call.apiKey());
        }
        Exchange ex = template.request(Endpoints.LLM_DECIDE, e -> {
            e.getIn().setBody(call.body());
            e.getIn().setHeaders(headers);
        });
        if (ex.getException() != null) {
            return Reply.transport(failure(ex.getException()));
        }
        var m = ex.getMessage();
        Integer status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return new Reply(status == null ? 0 : status, m.getBody(byte[].class), m.getHeader("Retry-After", String.class),
                status == null ? "connection" : null);
    }

    /** A timeout anywhere in the cause chain is {@code timeout}; anything else went wrong on the connection. */
    static String failure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedIOException) { // SocketTimeoutException, ConnectTimeoutException
                return "timeout";
            }
            if (t instanceof IOException) {
                return "connection";
            }
        }
        return "connection";
    }
}
