package api;

import static api.ApiClient.json;
import static api.ApiClient.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import support.Await;
import support.TestApp;

/**
 * Where the service listens and who may talk to it: loopback by default, a bearer token required off loopback
 * (start-up refuses without one), the token checked on every path but health, the body limit, and readiness DOWN
 * with the reason when the store cannot be written.
 */
class ApiSecurityIT {
    @TempDir
    static Path root;
    /** An environment variable every test machine has, standing in for the token's variable. */
    static final String TOKEN_ENV = "HOME";
    static final String TOKEN = System.getenv(TOKEN_ENV);

    @BeforeAll
    static void data() throws Exception {
        TestApp.ingestGeneratedMonths(root, 3, YearMonth.of(2024, 1));
    }

    private static PipelineRuntime start(int port, Map<String, String> extra) throws Exception {
        Map<String, String> s = new java.util.HashMap<>(Map.of("app.api.port", Integer.toString(port),
                "app.api.runs-dir", root.resolve("data/backtests").toString()));
        s.putAll(extra);
        return TestApp.longLived(root, s);
    }

    @Test
    void off_loopback_without_a_token_start_up_refuses_with_one_clear_reason() {
        assertThatThrownBy(() -> start(ApiClient.freePort(), Map.of("app.api.host", "0.0.0.0",
                "app.api.token-env", "KLINE_TEST_UNSET_TOKEN_VARIABLE")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("app.api.host=0.0.0.0 is not a loopback address, so the API needs a bearer token:"
                        + " set the environment variable KLINE_TEST_UNSET_TOKEN_VARIABLE (named by app.api.token-env) to a"
                        + " secret, or bind app.api.host=127.0.0.1");
    }

    @Test
    void one_shot_commands_open_no_port_and_define_no_api_routes() throws Exception {
        int port = ApiClient.freePort();
        try (PipelineRuntime oneShot = TestApp.oneShot(root, Map.of("app.api.port", Integer.toString(port)))) {
            assertThat(oneShot.main().getCamelContext().getRoutes()).noneMatch(r -> r.getRouteId().startsWith("api-"));
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                }
            }).isInstanceOf(IOException.class);
        }
    }

    @Test
    void by_default_only_loopback_is_served_and_no_token_is_needed() throws Exception {
        int port = ApiClient.freePort();
        try (PipelineRuntime app = start(port, Map.of())) {
            assertThat(new ApiClient(port).get("/backtests").statusCode()).isEqualTo(200);
            Optional<InetAddress> other = nonLoopbackAddress();
            Assumptions.assumeTrue(other.isPresent(), "no non-loopback IPv4 address on this machine");
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(other.get(), port), 2000);
                }
            }).isInstanceOf(IOException.class);
        }
    }

    @Test
    void off_loopback_with_a_token_every_path_but_health_and_the_dashboard_page_needs_it() throws Exception {
        Assumptions.assumeTrue(TOKEN != null && !TOKEN.isBlank(), "$HOME is not set");
        int port = ApiClient.freePort();
        try (PipelineRuntime app = start(port, Map.of("app.api.host", "0.0.0.0", "app.api.token-env", TOKEN_ENV))) {
            ApiClient anonymous = new ApiClient(port);
            for (String path : new String[] {"/backtests", "/openapi.json", "/backtests/ema-cross-0123456789ab", "/nope",
                    "/dashboard/config"}) {
                HttpResponse<byte[]> r = anonymous.get(path);
                assertThat(problem(r, 401).path("header").asText()).isEqualTo("Authorization");
                assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"kline-pipeline\"");
            }
            problem(anonymous.post("/backtests", "application/yaml", "start: 2024-01-01"), 401);
            problem(new ApiClient(port).withToken("wrong").get("/backtests"), 401);
            assertThat(anonymous.get("/observe/health/live").statusCode()).isEqualTo(200);
            // the dashboard's page holds no data and a browser cannot send the header when it opens it; POST / can
            assertThat(anonymous.get("/").statusCode()).isEqualTo(200);
            problem(anonymous.post("/", "application/yaml", "x: 1"), 401);

            ApiClient api = new ApiClient(port).withToken(TOKEN).checkedAgainstOpenApi();
            assertThat(api.get("/backtests").statusCode()).isEqualTo(200);
            problem(api.get("/nope"), 404);
            Optional<InetAddress> other = nonLoopbackAddress();
            if (other.isPresent()) { // bound to every address: reachable from outside loopback, with the token
                HttpResponse<byte[]> r = api.http.send(HttpRequest.newBuilder(URI.create("http://"
                        + other.get().getHostAddress() + ":" + port + "/backtests")).header("Authorization", "Bearer " + TOKEN)
                        .build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(r.statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void a_body_over_the_limit_is_413_whether_its_length_is_declared_or_not() throws Exception {
        int port = ApiClient.freePort();
        try (PipelineRuntime app = start(port, Map.of("app.api.max-body-bytes", "2048"))) {
            ApiClient api = new ApiClient(port).checkedAgainstOpenApi();
            String padding = "#".repeat(3000) + "\n";
            JsonNode p = problem(api.post("/backtests", "application/yaml", padding + "start: 2024-01-01\n"), 413);
            assertThat(p.path("type").asText()).endsWith("payload-too-large");
            byte[] big = (padding + padding).getBytes(StandardCharsets.UTF_8);
            HttpResponse<byte[]> chunked = api.http.send(HttpRequest.newBuilder(URI.create(api.base + "/backtests"))
                    .header("Content-Type", "application/yaml")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            problem(chunked, 413);
            // just under the limit: read and judged as a config
            problem(api.post("/backtests", "application/yaml", "#".repeat(1900) + "\nstart: x\n"), 400);
            assertThat(api.get("/observe/health/live").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void readiness_is_down_naming_the_reason_while_the_store_cannot_be_written() throws Exception {
        int port = ApiClient.freePort();
        try (PipelineRuntime app = start(port, Map.of())) {
            ApiClient api = new ApiClient(port).checkedAgainstOpenApi();
            Await.until("ready", Duration.ofSeconds(10), () -> api.get("/observe/health/ready").statusCode() == 200);
            Path lock = root.resolve("data/spot/BTCUSDT/metadata/.lock");
            Files.deleteIfExists(lock);
            Files.createDirectory(lock); // the store's lock file cannot be opened for writing now
            try {
                HttpResponse<byte[]> ready = api.get("/observe/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                JsonNode body = json(ready);
                assertThat(body.path("status").asText()).isEqualTo("DOWN");
                JsonNode store = Collections.max(java.util.List.copyOf(iter(body.path("checks"))),
                        (a, b) -> Boolean.compare(a.path("name").asText().equals("store"), b.path("name").asText().equals("store")));
                assertThat(store.path("name").asText()).isEqualTo("store");
                assertThat(store.path("message").asText()).contains(".lock");
                assertThat(api.get("/observe/health/live").statusCode()).isEqualTo(200); // alive, not ready
            } finally {
                Files.delete(lock);
            }
            assertThat(api.get("/observe/health/ready").statusCode()).isEqualTo(200);
        }
    }

    private static java.util.List<JsonNode> iter(JsonNode array) {
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    @SuppressWarnings("unused")
    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
