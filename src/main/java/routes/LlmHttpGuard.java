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
 * <li>The body is read up to {@link #MAX_BYTES_HEADER} bytes plus one, never further: a longer body is cut there,
 * its connection closed without draining, and only those bytes go on (the LLM client refuses them as too large).
 * So a 50 MB reply costs at most the cap in memory, never the whole body.
 * </ul>
 * The limits of each attempt come as request headers ({@link #TIMEOUT_HEADER}, {@link #CONNECT_HEADER},
 * {@link #MAX_BYTES_HEADER}, set by the
 * {@code llm-decide} route from the LLM client's call) and are removed before the request goes out; without them
 * the process-wide {@code app.llm.*} values apply.
 */
final class LlmHttpGuard implements HttpClientConfigurer {
    /** Total time of the attempt (ms). */
    static final String TIMEOUT_HEADER = "X-Kline-Llm-Timeout-Ms";
    /** TCP connect timeout of the attempt (ms). */
    static final String CONNECT_HEADER = "X-Kline-Llm-Connect-Timeout-Ms";
    /** Largest body read (bytes); one more is read to tell "longer". */
    static final String MAX_BYTES_HEADER = "X-Kline-Llm-Max-Body-Bytes";

    private final long defaultTimeoutMs;
    private final long defaultConnectMs;
    private final long defaultMaxBytes;
    private final ScheduledThreadPoolExecutor alarms;

    LlmHttpGuard(long defaultTimeoutMs, long defaultConnectMs, long defaultMaxBytes) {
        this.defaultTimeoutMs = defaultTimeoutMs;
        this.defaultConnectMs = defaultConnectMs;
        this.defaultMaxBytes = defaultMaxBytes;
        this.alarms = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("llm-attempt-alarm").factory());
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
        int readAtMost = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(0, take(request, MAX_BYTES_HEADER,
                defaultMaxBytes)) + 1);
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
                response.setEntity(new ByteArrayEntity(read(entity, readAtMost, scope), contentType(entity)));
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

    /** At most {@code limit} bytes of the body; when there are that many the rest stays unread, the connection closed. */
    private static byte[] read(HttpEntity entity, int limit, ExecChain.Scope scope) throws IOException {
        InputStream in = entity.getContent();
        if (in == null) {
            return new byte[0];
        }
        byte[] body = in.readNBytes(limit);
        if (body.length == limit) {
            scope.execRuntime.discardEndpoint(); // closing the stream would read the rest to reuse the connection
        } else {
            in.close(); // at its end: the connection goes back to the pool
        }
        return body;
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
