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
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

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
 * <li>Each attempt has a total time limit ({@code app.backfill.http.attempt-timeout-ms}) from sending the request to
 * the last body byte: the response timeout is only an idle timeout between bytes, so a server dripping a byte now and
 * then would otherwise hold a download for ever. At the limit the request is aborted and the read fails with an
 * {@link AttemptTimeoutException} naming the limit; the route retries it like any other timeout.
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
    private final long attemptTimeoutMs;
    private final ScheduledExecutorService deadlines;
    private volatile boolean stopped;

    BackfillHttpClient(long attemptTimeoutMs) {
        if (attemptTimeoutMs <= 0) {
            throw new IllegalArgumentException("attempt timeout must be positive: " + attemptTimeoutMs);
        }
        this.attemptTimeoutMs = attemptTimeoutMs;
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "backfill-http-deadlines");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true); // a finished attempt's abort leaves the queue (and frees its request)
        this.deadlines = timer;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries();
        builder.addExecInterceptorFirst("backfill-abort-on-stop", this::execute);
    }

    private ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(attemptTimeoutMs);
        Future<?> abort = null;
        if (scope.originalRequest instanceof Cancellable c) {
            inFlight.add(c);
            if (!stopped) {
                abort = deadlines.schedule(c::cancel, attemptTimeoutMs, TimeUnit.MILLISECONDS);
            }
        }
        if (stopped) { // after adding: stop() either sees this request or this thread sees stop()
            throw new InterruptedIOException("request not sent: the process is stopping");
        }
        ClassicHttpResponse response;
        try {
            response = chain.proceed(request, scope);
        } catch (IOException e) {
            cancel(abort);
            throw overdue(deadline) ? timedOut(e) : e;
        } catch (HttpException | RuntimeException e) {
            cancel(abort);
            throw e;
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            cancel(abort);
        } else {
            response.setEntity(new DeadlineEntity(entity, deadline, abort));
        }
        return response;
    }

    private static void cancel(Future<?> abort) {
        if (abort != null) {
            abort.cancel(false);
        }
    }

    private boolean overdue(long deadline) {
        return !stopped && System.nanoTime() - deadline >= 0;
    }

    private AttemptTimeoutException timedOut(IOException cause) {
        return new AttemptTimeoutException("the attempt took longer than app.backfill.http.attempt-timeout-ms ("
                + attemptTimeoutMs + " ms)", cause);
    }

    /** A request or download cut at its attempt's time limit. */
    static final class AttemptTimeoutException extends InterruptedIOException {
        AttemptTimeoutException(String message, IOException cause) {
            super(message);
            initCause(cause);
        }
    }

    /** The response body, whose read failures past the attempt's deadline say so (rather than "connection closed"). */
    private final class DeadlineEntity extends HttpEntityWrapper {
        private final long deadline;
        private final Future<?> abort;

        DeadlineEntity(HttpEntity wrapped, long deadline, Future<?> abort) {
            super(wrapped);
            this.deadline = deadline;
            this.abort = abort;
        }

        @Override
        public void close() throws IOException {
            cancel(abort);
            super.close();
        }

        @Override
        public java.io.InputStream getContent() throws IOException {
            java.io.InputStream in = super.getContent();
            return in == null ? null : new java.io.FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    try {
                        return super.read();
                    } catch (IOException e) {
                        throw overdue(deadline) ? timedOut(e) : e;
                    }
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        return super.read(b, off, len);
                    } catch (IOException e) {
                        throw overdue(deadline) ? timedOut(e) : e;
                    }
                }

                @Override
                public void close() throws IOException {
                    cancel(abort);
                    super.close();
                }
            };
        }
    }

    /** Aborts every request in flight (connection closed without draining) and lets no new one out. */
    void stop() {
        stopped = true;
        deadlines.shutdownNow();
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
