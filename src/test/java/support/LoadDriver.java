package support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Closed-loop HTTP load on loopback for {@code api.ApiLoadIT} and {@code bench.ApiLoadBenchmark}: {@code concurrency}
 * platform threads share one {@link HttpClient} and send {@code total} requests between them, each thread sending
 * its next request when the previous answer has been read in full. Bounded and self-stopping: every request has a
 * timeout, and a run ends when all {@code total} are answered or have failed.
 */
public final class LoadDriver {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public LoadDriver(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** One answer: status (-1: no answer, with the exception's text as body), latency, body. */
    public record Answer(int status, long nanos, String body) {
    }

    /** What a run saw: every answer in completion order and the wall time of the run. */
    public record Result(List<Answer> answers, long wallNanos) {
        public Map<Integer, Integer> statuses() {
            Map<Integer, Integer> m = new TreeMap<>();
            answers.forEach(a -> m.merge(a.status(), 1, Integer::sum));
            return m;
        }

        public long count5xxOrNone() {
            return answers.stream().filter(a -> a.status() < 0 || a.status() >= 500).count();
        }

        public double perSecond() {
            return answers.size() / (wallNanos / 1e9);
        }

        /** Latency at quantile {@code q} (0..1) in ms, nearest rank. */
        public double quantileMs(double q) {
            long[] ns = answers.stream().mapToLong(Answer::nanos).sorted().toArray();
            int i = (int) Math.ceil(q * ns.length) - 1;
            return ns[Math.max(0, Math.min(ns.length - 1, i))] / 1e6;
        }

        public String line(String what) {
            return String.format(Locale.ROOT, "%-44s %,6d requests  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %7.2f ms"
                            + "  %,7.0f req/s  statuses %s", what, answers.size(), quantileMs(0.50), quantileMs(0.90),
                    quantileMs(0.99), quantileMs(1.0), perSecond(), statuses());
        }
    }

    public HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build();
    }

    public HttpRequest post(String path, String contentType, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Sends {@code total} requests ({@code request.apply(i)} makes the i-th) from {@code concurrency} threads. */
    public Result run(int total, int concurrency, IntFunction<HttpRequest> request) throws InterruptedException {
        List<Answer> answers = Collections.synchronizedList(new ArrayList<>(total));
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        answers.add(send(request.apply(i)));
                    }
                }));
            }
            for (Future<?> f : workers) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("load worker failed", e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(List.copyOf(answers), System.nanoTime() - t0);
    }

    private Answer send(HttpRequest r) {
        long t = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(r, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), System.nanoTime() - t, response.body());
        } catch (java.io.IOException e) {
            return new Answer(-1, System.nanoTime() - t, String.valueOf(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, System.nanoTime() - t, "interrupted");
        }
    }

    /** Statuses as text, for assertion messages. */
    public static String describe(Result r) {
        return r.statuses() + " first bodies: " + Arrays.toString(r.answers().stream().limit(3).map(Answer::body).toArray());
    }
}
