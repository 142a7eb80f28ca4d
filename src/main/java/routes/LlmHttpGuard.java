package routes;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * The HTTP client set-up of the {@code llm-http} component: hard limits on one attempt, whatever the server does.
 * <ul>
 * <li>Apache HttpClient 5 would retry 429 and 503 by itself, waiting out the whole Retry-After (one decision could
 * take 20 s on a {@code Retry-After: 20} whatever its deadline, and the server saw requests {@code llm.LlmClient}
 * never counted): its automatic retries are off, so the client's retry policy is the only one and every request
 * sent is a recorded attempt.
 * <li>HttpClient's response timeout is a socket idle timeout: a server that sends a byte a second never trips it.
 * An exec interceptor bounds the whole attempt - connection, request, waiting and reading the body - in total time:
 * at the bound it cancels the request and closes the connection, so the thread reading it fails at once and the
 * attempt ends as a {@link AttemptTimeoutException} (a timeout). The body is read here, inside the bound.
 * </ul>
 * The limits of each attempt come as request headers ({@link #TIMEOUT_HEADER}, {@link #CONNECT_HEADER}, set by the
 * {@code llm-decide} route from the LLM client's call) and are removed before the request goes out; without them
 * the process-wide {@code app.llm.*} values apply.
 */
final class LlmHttpGuard implements HttpClientConfigurer {
    /** Total time of the attempt (ms). */
    static final String TIMEOUT_HEADER = "X-Kline-Llm-Timeout-Ms";
    /** TCP connect timeout of the attempt (ms). */
    static final String CONNECT_HEADER = "X-Kline-Llm-Connect-Timeout-Ms";

    private final long defaultTimeoutMs;
    private final long defaultConnectMs;
    private final ScheduledThreadPoolExecutor alarms;

    LlmHttpGuard(long defaultTimeoutMs, long defaultConnectMs) {
        this.defaultTimeoutMs = defaultTimeoutMs;
        this.defaultConnectMs = defaultConnectMs;
        this.alarms = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("llm-attempt-alarm").factory());
        alarms.setRemoveOnCancelPolicy(true);
        alarms.setKeepAliveTime(10, TimeUnit.SECONDS);
        alarms.allowCoreThreadTimeOut(true);
    }

    /** An attempt cut at its total-time bound. */
    static final class AttemptTimeoutException extends InterruptedIOException {
        AttemptTimeoutException(long ms, Throwable cause) {
            super("no complete answer within " + ms + " ms (connection closed)");
            initCause(cause);
        }
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries();
        builder.addExecInterceptorFirst("llm-attempt-bound", this::execute);
    }

    private ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        long timeout = Math.max(1, take(request, TIMEOUT_HEADER, defaultTimeoutMs));
        long connect = Math.max(1, Math.min(timeout, take(request, CONNECT_HEADER, defaultConnectMs)));
        @SuppressWarnings("deprecation") // per-request connect timeout: still honoured by HttpClient 5.5
        RequestConfig config = RequestConfig.copy(scope.clientContext.getRequestConfigOrDefault())
                .setConnectTimeout(connect, TimeUnit.MILLISECONDS)
                .setResponseTimeout(timeout, TimeUnit.MILLISECONDS).build();
        scope.clientContext.setRequestConfig(config);
        AtomicBoolean cut = new AtomicBoolean();
        ScheduledFuture<?> alarm = alarms.schedule(() -> {
            cut.set(true);
            abort(scope);
        }, timeout, TimeUnit.MILLISECONDS);
        try {
            ClassicHttpResponse response = chain.proceed(request, scope);
            HttpEntity entity = response.getEntity();
            if (entity != null) {
                byte[] body;
                try (InputStream in = entity.getContent()) {
                    body = in == null ? new byte[0] : in.readAllBytes();
                }
                response.setEntity(new ByteArrayEntity(body, contentType(entity)));
            }
            if (cut.get()) {
                throw new AttemptTimeoutException(timeout, null);
            }
            return response;
        } catch (IOException | HttpException | RuntimeException e) {
            if (cut.get() && !(e instanceof AttemptTimeoutException)) {
                throw new AttemptTimeoutException(timeout, e);
            }
            throw e;
        } finally {
            alarm.cancel(false);
        }
    }

    /** Cancels the request (a lease or connect in progress included) and closes its connection without draining. */
    private static void abort(ExecChain.Scope scope) {
        if (scope.originalRequest instanceof Cancellable c) {
            c.cancel();
        }
        scope.execRuntime.discardEndpoint();
    }

    private static long take(ClassicHttpRequest request, String name, long fallback) {
        Header h = request.getFirstHeader(name);
        request.removeHeaders(name);
        if (h == null) {
            return fallback;
        }
        try {
            return Long.parseLong(h.getValue().trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static ContentType contentType(HttpEntity entity) {
        try {
            return entity.getContentType() == null ? null : ContentType.parse(entity.getContentType());
        } catch (RuntimeException e) {
            return null;
        }
    }
}
