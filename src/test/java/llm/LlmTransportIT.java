package llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import backtest.config.BacktestConfig;
import backtest.run.RunSummary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import gen.BinanceArchive;
import gen.KlineGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import support.TestApp;

/**
 * The transport's hard limits, through the real application with WireMock (or a raw socket) as the server. The
 * process-wide HTTP timeouts stay at their shipped defaults (connect 5 s, response 60 s), so the HTTP client's own
 * behaviour would show; each test sets its limits in the run's {@code llm} block.
 */
class LlmTransportIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/v1/chat/completions";
    private static final String BUY = LlmDecisionIT.answer("BUY", 0.5);
    @TempDir
    static Path root;
    static WireMockServer llm;
    static PipelineRuntime app;

    @BeforeAll
    static void start() throws Exception {
        Path in = Files.createDirectories(root.resolve("in"));
        llm = new WireMockServer(options().dynamicPort().notifier(new ConsoleNotifier(false)));
        llm.start();
        app = TestApp.oneShot(root, Map.of(
                "app.llm.base-url", llm.baseUrl() + "/v1",
                "app.llm.model", "test-model",
                "app.llm.backoff-ms", "100",
                "app.llm.max-backoff-ms", "200",
                "app.llm.breaker-failures", "100"));
        Path csv = in.resolve("BTCUSDT-1m-2024-01.csv");
        new KlineGenerator(7).writeMonth(YearMonth.of(2024, 1), csv, List.of());
        assertThat(app.ingest(BinanceArchive.zipWithChecksum(csv, in), false).ok()).isTrue();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        llm.stop();
    }

    @BeforeEach
    void reset() {
        llm.resetAll();
    }

    /** {@code decisions} hourly decisions from 2024-01-10 00:00 against {@code baseUrl}, with a run llm block. */
    private static BacktestConfig config(String name, int decisions, String baseUrl, String llmExtra) {
        return BacktestConfig.parse("""
                symbol: BTCUSDT
                start: 2024-01-10T00:00:00Z
                end: 2024-01-10T%02d:00:00Z
                interval: 1h
                initial_cash: 10000
                strategy: {type: llm, decision_every: 1h, window: 4, llm: {base_url: '%s', cache_dir: '%s', %s}}
                output_dir: %s
                """.formatted(decisions, baseUrl, root.resolve("cache-" + name), llmExtra, root.resolve("runs-" + name)));
    }

    private static BacktestConfig config(String name, int decisions, String llmExtra) {
        return config(name, decisions, llm.baseUrl() + "/v1", llmExtra);
    }

    private static List<JsonNode> decisions(RunSummary run) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.folder().resolve("decisions.jsonl"))) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static int requests() {
        return llm.countRequestsMatching(postRequestedFor(urlEqualTo(PATH)).build()).getCount();
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    // --- finding 1: the deadline bounds every attempt in total time -----------------------------------------

    @Test
    void a_server_that_never_answers_holds_a_decision_no_longer_than_its_deadline() throws Exception {
        llm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(BUY).withFixedDelay(30_000)));
        long t0 = System.nanoTime();
        RunSummary run = app.backtest(config("silent", 1, "deadline_ms: 3000"));
        long took = millisSince(t0);
        JsonNode d = decisions(run).get(0);
        assertThat(d.get("action").asText()).isEqualTo("HOLD");
        assertThat(d.get("fallback_reason").asText()).isEqualTo("timeout");
        assertThat(d.get("latency_ms").asLong()).isBetween(2900L, 3500L);
        assertThat(d.get("attempts").asInt()).isEqualTo(requests());
        assertThat(took).as("whole run, one decision").isLessThan(6000);
    }

    @Test
    void a_trickling_server_is_cut_at_the_total_bound_and_its_late_answer_is_not_applied() throws Exception {
        // the whole answer, one chunk a second for 35 s: never idle long enough for a socket timeout
        llm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(BUY).withChunkedDribbleDelay(35, 35_000)));
        RunSummary run = app.backtest(config("trickle", 1, "response_timeout_ms: 3000, deadline_ms: 5000"));
        JsonNode d = decisions(run).get(0);
        assertThat(d.get("action").asText()).isEqualTo("HOLD");
        assertThat(d.get("fallback_reason").asText()).isEqualTo("timeout");
        assertThat(d.get("parsed_action").isNull()).isTrue();
        assertThat(d.get("latency_ms").asLong()).isBetween(4900L, 5600L); // 3 s, backoff, then the 2 s left
        assertThat(d.get("attempts").asInt()).isEqualTo(2).isEqualTo(requests());
        assertThat(run.fills()).isZero();
    }

    @Test
    void the_connection_to_a_trickling_server_is_really_closed_at_the_bound() throws Exception {
        try (Trickler server = new Trickler(BUY.getBytes(StandardCharsets.UTF_8), 250)) {
            RunSummary run = app.backtest(config("closed", 1, server.baseUrl(),
                    "response_timeout_ms: 2000, deadline_ms: 20000, retries: 0"));
            JsonNode d = decisions(run).get(0);
            assertThat(d.get("fallback_reason").asText()).isEqualTo("timeout");
            assertThat(d.get("latency_ms").asLong()).isBetween(1900L, 2600L);
            // nobody is left reading: the server's next write fails soon after the cut
            assertThat(server.closedAfterMs()).isBetween(1900L, 3500L);
        }
    }

    // --- finding 2: a run's timeouts are honoured --------------------------------------------------------------

    @Test
    void a_runs_response_timeout_bounds_its_attempts() throws Exception {
        llm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(BUY).withFixedDelay(2500)));
        RunSummary run = app.backtest(config("rt", 1, "response_timeout_ms: 1000, retries: 1, deadline_ms: 20000"));
        JsonNode d = decisions(run).get(0);
        assertThat(d.get("fallback_reason").asText()).isEqualTo("timeout");
        assertThat(d.get("attempts").asInt()).isEqualTo(2);
        assertThat(d.get("latency_ms").asLong()).isBetween(2000L, 2600L); // two 1 s attempts and one backoff
    }

    @Test
    void a_runs_connect_timeout_is_honoured() throws Exception {
        try (Backlogged server = new Backlogged()) {
            RunSummary run = app.backtest(config("ct", 1, server.baseUrl(),
                    "connect_timeout_ms: 1000, retries: 0, deadline_ms: 20000"));
            JsonNode d = decisions(run).get(0);
            assertThat(d.get("fallback_reason").asText()).isEqualTo("timeout");
            assertThat(d.get("latency_ms").asLong()).isBetween(900L, 2000L); // not the process-wide 5 s
        }
    }

    // --- finding 3: the HTTP client does not retry on its own ---------------------------------------------------

    @Test
    void a_long_retry_after_ends_the_decision_at_once_with_one_request() throws Exception {
        llm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "20")));
        long t0 = System.nanoTime();
        RunSummary run = app.backtest(config("ra20", 1, "deadline_ms: 5000"));
        JsonNode d = decisions(run).get(0);
        assertThat(d.get("fallback_reason").asText()).isEqualTo("rate_limited");
        assertThat(d.get("attempts").asInt()).isEqualTo(1);
        assertThat(requests()).isEqualTo(1);
        assertThat(d.get("latency_ms").asLong()).isLessThan(5000);
        assertThat(millisSince(t0)).isLessThan(5000);
    }

    @Test
    void every_request_the_server_sees_is_a_recorded_attempt() throws Exception {
        llm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")));
        RunSummary run = app.backtest(config("count503", 2, "retries: 2, deadline_ms: 20000"));
        List<JsonNode> ds = decisions(run);
        assertThat(ds).extracting(d -> d.get("fallback_reason").asText()).containsExactly("http_5xx", "http_5xx");
        assertThat(ds).extracting(d -> d.get("attempts").asInt()).containsExactly(3, 3);
        assertThat(requests()).isEqualTo(6);
        // the attempt's limits travel to the HTTP client as request headers that never reach the server
        llm.verify(6, postRequestedFor(urlEqualTo(PATH)).withoutHeader("X-Kline-Llm-Timeout-Ms")
                .withoutHeader("X-Kline-Llm-Connect-Timeout-Ms").withoutHeader("X-Kline-Llm-Max-Body-Bytes"));
    }

    // --- finding 4: the body is capped ---------------------------------------------------------------------------

    @Test
    void a_multi_megabyte_answer_is_refused_without_being_kept() throws Exception {
        String huge = Answers.content("{\"action\":\"BUY\",\"size_pct\":0.5,\"note\":\"" + "x".repeat(5 << 20) + "\"}");
        llm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(huge)));
        RunSummary run = app.backtest(config("huge", 2, "deadline_ms: 20000"));
        List<JsonNode> ds = decisions(run);
        assertThat(ds).hasSize(2).allSatisfy(d -> {
            assertThat(d.get("action").asText()).isEqualTo("HOLD");
            assertThat(d.get("fallback_reason").asText()).isEqualTo("response_too_large");
            assertThat(d.get("attempts").asInt()).isEqualTo(1);
            assertThat(d.get("llm_raw").asText().length()).isLessThanOrEqualTo(4096);
        });
        assertThat(run.fills()).isZero();
        assertThat(size(run.folder())).as("run folder bytes").isLessThan(200_000);
        assertThat(size(root.resolve("cache-huge"))).as("cache bytes").isLessThan(10_000);
    }

    @Test
    void a_runs_max_response_bytes_is_honoured() throws Exception {
        llm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(BUY)));
        List<JsonNode> small = decisions(app.backtest(config("cap-small", 1, "max_response_bytes: 100")));
        assertThat(small.get(0).get("fallback_reason").asText()).isEqualTo("response_too_large");
        List<JsonNode> enough = decisions(app.backtest(config("cap-enough", 1, "max_response_bytes: " + BUY.length())));
        assertThat(enough.get(0).get("action").asText()).isEqualTo("BUY");
    }

    private static long size(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            long sum = 0;
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                sum += Files.size(f);
            }
            return sum;
        }
    }

    // --- test servers ----------------------------------------------------------------------------------------------

    /**
     * Answers every connection with a 200 whose body it writes one byte every {@code pauseMs}, and records when a
     * write first fails (the client closed the connection).
     */
    static final class Trickler implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        private final Thread thread;
        private volatile long closedAfterMs = -1;

        Trickler(byte[] body, long pauseMs) throws IOException {
            thread = Thread.ofPlatform().daemon().start(() -> serve(body, pauseMs));
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
        }

        long closedAfterMs() throws InterruptedException {
            thread.join(30_000);
            return closedAfterMs;
        }

        private void serve(byte[] body, long pauseMs) {
            try (Socket s = server.accept()) {
                long t0 = System.nanoTime();
                readRequest(s.getInputStream());
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                try {
                    for (byte b : body) {
                        Thread.sleep(pauseMs);
                        out.write(b);
                        out.flush();
                    }
                } catch (IOException closed) {
                    closedAfterMs = (System.nanoTime() - t0) / 1_000_000;
                }
            } catch (IOException | InterruptedException e) {
                // the test fails on closedAfterMs
            }
        }

        private static void readRequest(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    return;
                }
                head.append((char) c);
            }
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    in.readNBytes(Integer.parseInt(line.substring(15).trim()));
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /**
     * A listening socket that never accepts, its backlog filled by a few idle connections: a further connect gets
     * no answer to its SYN (Linux drops it), so it waits for the client's connect timeout.
     */
    static final class Backlogged implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final List<Socket> fillers = new ArrayList<>();

        Backlogged() throws IOException {
            for (int i = 0; i < 8; i++) {
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 200);
                    fillers.add(s);
                } catch (IOException full) {
                    s.close();
                    break;
                }
            }
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
        }

        @Override
        public void close() throws IOException {
            for (Socket s : fillers) {
                s.close();
            }
            server.close();
        }
    }
}
