package api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import support.Await;

/**
 * A real HTTP client (java.net.http) against the running service; every answer is checked against the service's own
 * /openapi.json (documented status, media type, body schema) before a test sees it.
 */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    final String base;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private OpenApiContract contract;
    private String token;
    final List<String> checked = new ArrayList<>();

    ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ApiClient withToken(String bearer) {
        this.token = bearer;
        return this;
    }

    /** Loads /openapi.json once; later answers are checked against it. */
    ApiClient checkedAgainstOpenApi() {
        contract = null;
        HttpResponse<byte[]> doc = send("GET", "/openapi.json", null, null, null);
        assertThat(doc.statusCode()).isEqualTo(200);
        contract = new OpenApiContract(json(doc));
        send("GET", "/openapi.json", null, null, null); // the document describes itself too
        return this;
    }

    HttpResponse<byte[]> get(String path) {
        return send("GET", path, null, null, null);
    }

    HttpResponse<byte[]> get(String path, String accept) {
        return send("GET", path, null, null, accept);
    }

    HttpResponse<byte[]> post(String path, String contentType, String body) {
        return send("POST", path, contentType, body.getBytes(StandardCharsets.UTF_8), null);
    }

    HttpResponse<byte[]> delete(String path) {
        return send("DELETE", path, null, null, null);
    }

    HttpResponse<byte[]> send(String method, String path, String contentType, byte[] body, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (contract != null) {
                contract.check(method, path, r);
                checked.add(method + " " + path + " " + r.statusCode());
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<byte[]> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text(r), e);
        }
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    static String type(HttpResponse<byte[]> r) {
        return r.headers().firstValue("Content-Type").orElse("");
    }

    /** Polls GET /backtests/{id} until its status is one of {@code states}; answers the last body. */
    JsonNode awaitStatus(String id, Duration timeout, String... states) {
        JsonNode[] last = new JsonNode[1];
        Await.until(id + " in " + String.join("|", states) + " (last: " + last[0] + ")", timeout, () -> {
            last[0] = json(get("/backtests/" + id));
            return List.of(states).contains(last[0].path("status").asText());
        });
        return last[0];
    }

    /** Asserts an RFC 9457 problem with this status (and the named member, when given) and answers it. */
    static JsonNode problem(HttpResponse<byte[]> r, int status) {
        assertThat(r.statusCode()).as(text(r)).isEqualTo(status);
        assertThat(type(r)).isEqualTo("application/problem+json");
        JsonNode p = json(r);
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("type").asText()).startsWith("urn:kline-pipeline:problem:");
        assertThat(p.path("title").asText()).isNotBlank();
        assertThat(p.path("detail").asText()).isNotBlank().doesNotContain("\tat ").doesNotContain("Exception");
        return p;
    }
}
