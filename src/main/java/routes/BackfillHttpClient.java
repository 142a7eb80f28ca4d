package routes;

import backfill.HttpRetryPolicy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;

/**
 * The HTTP client set-up of the backfill ({@code http}/{@code https} components, {@code backfill-http} route), and
 * which failures its route retries.
 * <ul>
 * <li>HttpClient 5's own retries are off (it would retry 429/503 once, waiting out the whole Retry-After): the
 * route's policy is the only one.
 * <li>A host that cannot be reached at all ({@link #unreachable}: name not resolved, connection refused, no route,
 * connect timeout) is not retried: retrying it file by file only fills the log. The backfill stops at the first one.
 * <li>{@link #stop()} (the process is stopping) aborts every request in flight - the thread reading a slow body
 * fails at once instead of holding the shutdown until the download ends - and from then on no request goes out
 * and no failure is retried.
 * </ul>
 */
final class BackfillHttpClient implements HttpClientConfigurer {
    /** Registry name, for the route's retry predicates. */
    static final String BEAN = "backfillHttpClient";

    /**
     * Requests that may still be in flight. Weak: camel-http holds its request until the body is read (then it is soon
     * collected); cancelling one cancels what it depends on - the connection lease, or the connection itself.
     */
    private final Set<Cancellable> inFlight = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private volatile boolean stopped;

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries();
        builder.addExecInterceptorFirst("backfill-abort-on-stop", this::execute);
    }

    private ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        if (scope.originalRequest instanceof Cancellable c) {
            inFlight.add(c);
        }
        if (stopped) { // after adding: stop() either sees this request or this thread sees stop()
            throw new InterruptedIOException("request not sent: the process is stopping");
        }
        return chain.proceed(request, scope);
    }

    /** Aborts every request in flight (connection closed without draining) and lets no new one out. */
    void stop() {
        stopped = true;
        List<Cancellable> abort;
        synchronized (inFlight) {
            abort = new ArrayList<>(inFlight);
            inFlight.clear();
        }
        abort.forEach(Cancellable::cancel);
    }

    /** Whether the route retries this I/O failure: a transient one (reset, timeout, cut body), not while stopping. */
    public boolean retryFailure(Exception e) {
        return !stopped && !unreachable(e);
    }

    /** Whether the route retries this HTTP status: 5xx, 429, 408, not while stopping. */
    public boolean retryStatus(int status) {
        return !stopped && HttpRetryPolicy.retryableStatus(status);
    }

    /** The host cannot be reached at all: name not resolved, connection refused, no route to it, connect timeout. */
    static boolean unreachable(Throwable e) {
        return unreachableCause(e) != null;
    }

    /**
     * Why the host is unreachable, in words ({@code name not resolved: Name or service not known},
     * {@code connection refused}, {@code connect timed out}, {@code no route to host}), or null when it is not.
     */
    static String describe(Throwable e) {
        Throwable t = unreachableCause(e);
        if (t == null) {
            return null;
        }
        String message = String.valueOf(t.getMessage());
        if (t instanceof UnknownHostException) {
            int colon = message.lastIndexOf(": "); // "data.binance.vision: Name or service not known"
            return "name not resolved" + (colon < 0 ? "" : ": " + message.substring(colon + 2));
        }
        if (t instanceof ConnectTimeoutException) {
            return "connect timed out";
        }
        if (t instanceof NoRouteToHostException) {
            return "no route to host";
        }
        int failed = message.indexOf("failed: "); // "Connect to http://host:port failed: Connection refused"
        String reason = failed < 0 ? message : message.substring(failed + "failed: ".length());
        return reason.isEmpty() ? t.getClass().getSimpleName() : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
    }

    private static Throwable unreachableCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof PortUnreachableException || t instanceof ConnectTimeoutException
                    // ENETUNREACH while connecting is a plain SocketException
                    || t instanceof SocketException && String.valueOf(t.getMessage()).contains("Network is unreachable")) {
                return t;
            }
        }
        return null;
    }
}
