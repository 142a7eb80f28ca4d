package routes;

import backfill.HttpRetryPolicy;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.UnknownHostException;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * The HTTP client set-up of the backfill ({@code http}/{@code https} components, {@code backfill-http} route), and
 * which failures its route retries.
 * <ul>
 * <li>HttpClient 5's own retries are off (it would retry 429/503 once, waiting out the whole Retry-After): the
 * route's policy is the only one.
 * <li>A host that cannot be reached at all ({@link #unreachable}: name not resolved, connection refused, no route,
 * connect timeout) is not retried: retrying it file by file only fills the log. The backfill stops at the first one.
 * </ul>
 */
final class BackfillHttpClient implements HttpClientConfigurer {
    /** Registry name, for the route's retry predicates. */
    static final String BEAN = "backfillHttpClient";

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries();
    }

    /** Whether the route retries this I/O failure: a transient one (reset, timeout, cut body). */
    public boolean retryFailure(Exception e) {
        return !unreachable(e);
    }

    /** Whether the route retries this HTTP status: 5xx, 429, 408. */
    public boolean retryStatus(int status) {
        return HttpRetryPolicy.retryableStatus(status);
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
