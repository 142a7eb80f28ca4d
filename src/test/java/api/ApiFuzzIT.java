package api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import support.TestApp;

/**
 * Over 400 malformed requests (seeded): broken YAML and JSON, random bytes, bodies over the limit, wrong types,
 * unknown keys, bad ids, bad query values, wrong methods and content types. Every answer is a 4xx problem+json that
 * /openapi.json documents, none is 5xx, and the service is still healthy afterwards.
 */
class ApiFuzzIT {
    @TempDir
    Path root;

    private static final String VALID = """
            start: 2024-01-05
            end: 2024-02-01
            interval: 15m
            strategy: {type: ema-cross, decision_every: 1h}
            """;
    private static final String[] KEYS = {"symbol", "start", "end", "interval", "initial_cash", "fee_rate", "slippage_bps",
        "min_notional", "step_size", "gap_policy", "output_dir", "decision_log", "strategy.type", "strategy.size_pct",
        "strategy.decision_every", "indicators.ema_fast", "data.min_coverage"};
    /** Values no key above takes (each refused whatever the key). */
    private static final String[] BAD_VALUES = {"-1", "-0.5", "1e400", "'abc'", "[1, 2]", "{a: 1}", "''", "null", "~",
        "true", "2024-13-45", "'../../etc'", "/etc/passwd", ".nan", "'\\u0000'"};

    @Test
    void malformed_requests_get_4xx_problems_and_never_a_5xx() throws Exception {
        TestApp.ingestGeneratedMonths(root, 41, YearMonth.of(2024, 1));
        int port = ApiClient.freePort();
        try (PipelineRuntime app = TestApp.longLived(root, Map.of("app.api.port", Integer.toString(port),
                "app.api.max-body-bytes", "65536", "app.backfill.base-url", "http://127.0.0.1:9"))) {
            ApiClient api = new ApiClient(port).checkedAgainstOpenApi();
            Random rnd = new Random(20261130);
            Map<Integer, Integer> statuses = new TreeMap<>();
            List<String> requests = new ArrayList<>();
            for (int i = 0; i < 420; i++) {
                HttpResponse<byte[]> r = switch (i % 12) {
                    case 0 -> post(api, "application/yaml", brokenYaml(rnd), requests);
                    case 1 -> post(api, "application/json", brokenJson(rnd), requests);
                    case 2 -> post(api, rnd.nextBoolean() ? "application/yaml" : "application/json", randomBytes(rnd), requests);
                    case 3 -> post(api, "application/yaml", wrongValue(rnd), requests);
                    case 4 -> post(api, "application/yaml", VALID + "x" + rnd.nextInt(1000) + "_key: 1\n", requests);
                    case 5 -> post(api, "application/yaml", ("# pad\n").repeat(12_000 + rnd.nextInt(1000)) + VALID, requests);
                    case 6 -> post(api, List.of("text/plain", "application/xml", "multipart/form-data; boundary=x",
                            "application/x-www-form-urlencoded", "application/yaml; charset=iso-8859-1", "image/png")
                            .get(rnd.nextInt(6)), VALID.getBytes(StandardCharsets.UTF_8), requests);
                    case 7 -> get(api, "/backtests/" + badId(rnd) + List.of("", "/report", "/fills", "/equity",
                            "/decisions").get(rnd.nextInt(5)), requests);
                    case 8 -> {
                        String q = badQuery(rnd);
                        yield q.contains("%z") || q.endsWith("%") ? raw(port, "GET /backtests?" + q, requests)
                                : get(api, "/backtests?" + q, requests);
                    }
                    case 9 -> send(api, List.of("PUT", "PATCH", "OPTIONS", "TRACE").get(rnd.nextInt(4)),
                            List.of("/backtests", "/backtests/ema-cross-0123456789ab", "/openapi.json",
                                    "/backtests/ema-cross-0123456789ab/report").get(rnd.nextInt(4)), requests);
                    case 10 -> send(api, "DELETE", List.of("/backtests", "/openapi.json", "/backtests/" + badId(rnd))
                            .get(rnd.nextInt(3)), requests);
                    default -> get(api, "/" + badId(rnd) + "/" + badId(rnd), requests);
                };
                statuses.merge(r.statusCode(), 1, Integer::sum);
                assertThat(r.statusCode()).as(requests.getLast() + " -> " + ApiClient.text(r)).isBetween(400, 499);
                ApiClient.problem(r, r.statusCode());
            }
            for (int i = 0; i < 120; i++) { // the data endpoints: bad values, unknown parameters, wrong methods
                HttpResponse<byte[]> r = dataRequest(api, rnd, requests);
                statuses.merge(r.statusCode(), 1, Integer::sum);
                assertThat(r.statusCode()).as(requests.getLast() + " -> " + ApiClient.text(r)).isBetween(400, 499);
                ApiClient.problem(r, r.statusCode());
            }
            assertThat(statuses.keySet()).contains(400, 404, 405, 413, 415);
            assertThat(api.get("/observe/health/live").statusCode()).isEqualTo(200);
            assertThat(api.get("/observe/health/ready").statusCode()).isEqualTo(200);
            assertThat(api.post("/backtests", "application/yaml", VALID).statusCode()).isEqualTo(202); // still serving
            System.out.println("fuzz statuses: " + statuses);
        }
    }

    private static HttpResponse<byte[]> post(ApiClient api, String type, String body, List<String> log) {
        return post(api, type, body.getBytes(StandardCharsets.UTF_8), log);
    }

    private static HttpResponse<byte[]> post(ApiClient api, String type, byte[] body, List<String> log) {
        log.add("POST /backtests " + type + " " + new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8));
        return api.send("POST", "/backtests", type, body, null);
    }

    private static HttpResponse<byte[]> get(ApiClient api, String path, List<String> log) {
        log.add("GET " + path);
        return api.get(path);
    }

    /**
     * A request line java.net.http refuses to send (malformed percent-encoding), written on a socket; the answer's
     * status, Content-Type and body as an HttpResponse for the same checks.
     */
    private static HttpResponse<byte[]> raw(int port, String requestLine, List<String> log) throws java.io.IOException {
        log.add(requestLine + " (raw)");
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write((requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(all.substring(9, 12));
            String head = all.substring(0, all.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
            String type = head.lines().filter(l -> l.startsWith("content-type:")).map(l -> l.substring(13).trim())
                    .findFirst().orElse("");
            String body = all.substring(all.indexOf("\r\n\r\n") + 4);
            if (head.contains("transfer-encoding: chunked")) { // one chunk is enough for a problem document
                body = body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf("\r\n0\r\n"));
            }
            return new RawResponse(status, type, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private record RawResponse(int statusCode, String type, byte[] body) implements HttpResponse<byte[]> {
        @Override
        public java.net.http.HttpRequest request() {
            return null;
        }

        @Override
        public java.util.Optional<HttpResponse<byte[]>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return java.net.http.HttpHeaders.of(Map.of("Content-Type", List.of(type)), (a, b) -> true);
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.URI uri() {
            return null;
        }

        @Override
        public java.net.http.HttpClient.Version version() {
            return java.net.http.HttpClient.Version.HTTP_1_1;
        }
    }

    private static HttpResponse<byte[]> send(ApiClient api, String method, String path, List<String> log) {
        log.add(method + " " + path);
        return api.send(method, path, null, null, null);
    }

    private static String brokenYaml(Random rnd) {
        String v = VALID;
        int cut = rnd.nextInt(v.length());
        return switch (rnd.nextInt(4)) {
            case 0 -> v.substring(0, cut) + "\t: [" + v.substring(cut);
            case 1 -> v.replace("{", "").substring(0, Math.max(1, cut)) + "{";
            case 2 -> v + v; // duplicate keys
            default -> "- " + v.replace("\n", "\n- ");
        };
    }

    private static String brokenJson(Random rnd) {
        String j = "{\"start\": \"2024-01-05\", \"end\": \"2024-02-01\", \"strategy\": {\"type\": \"ema-cross\"}}";
        return switch (rnd.nextInt(5)) {
            case 0 -> j.substring(0, rnd.nextInt(j.length()));
            case 1 -> j.replace(":", rnd.nextBoolean() ? "=" : "");
            case 2 -> "[" + j + "]";
            case 3 -> j.replace("}}", "}, \"start\": \"2024-01-06\"}");
            default -> "\"" + j + "\"";
        };
    }

    private static byte[] randomBytes(Random rnd) {
        byte[] b = new byte[1 + rnd.nextInt(400)];
        rnd.nextBytes(b);
        return b;
    }

    private static String wrongValue(Random rnd) {
        String key = KEYS[rnd.nextInt(KEYS.length)];
        String value = BAD_VALUES[rnd.nextInt(BAD_VALUES.length)];
        String[] path = key.split("\\.");
        if (path.length == 1) {
            return VALID.replaceAll("(?m)^" + key + ":.*\\n", "") + key + ": " + value + "\n";
        }
        if (path[0].equals("strategy")) {
            return VALID.replace("decision_every: 1h}", "decision_every: 1h, " + path[1] + ": " + value + "}")
                    .replace("decision_every: 1h, decision_every", "decision_every");
        }
        return VALID + path[0] + ": {" + path[1] + ": " + value + "}\n";
    }

    /** A request to a data endpoint that must be refused (never starts a backfill, never computes). */
    private static HttpResponse<byte[]> dataRequest(ApiClient api, Random rnd, List<String> log) {
        String badTime = List.of("2024-13", "2024-02-30", "yesterday", "%2B1000000000-01-01T00:00:00Z", "", "0",
                "2024-01-01T25:00:00Z", "1969-12-31").get(rnd.nextInt(8));
        String badCommon = List.of("interval=" + List.of("2m", "", "1M", "60s", "1h%00").get(rnd.nextInt(5)),
                "indicators=" + List.of("", "ema,,rsi", "foo", "ema;rsi", "EMA,x").get(rnd.nextInt(5)),
                "gap_policy=" + List.of("", "FILL", "zero").get(rnd.nextInt(3)), "x=1", "interval=1m&interval=5m")
                .get(rnd.nextInt(5));
        return switch (rnd.nextInt(9)) {
            case 0 -> get(api, "/features/latest?" + List.of("n=0", "n=-5", "n=5001", "n=1e3", "n=", "n=99999999999",
                    badCommon).get(rnd.nextInt(7)), log);
            case 1 -> get(api, "/features?" + List.of("start=" + badTime + "&end=2024-02-01",
                    "start=2024-01-01&end=" + badTime, "start=2024-01-01", "end=2024-01-01",
                    "start=2024-02-01&end=2024-01-01", "start=2024-01-01&end=2024-02-01&" + badCommon,
                    "start=2024-01-01&end=2024-02-01&n=5").get(rnd.nextInt(7)), log);
            case 2 -> get(api, "/data/coverage?" + List.of("from=" + badTime, "to=2024-1", "from=2024-03&to=2024-01",
                    "month=2024-01", "from=2024-01&from=2024-02").get(rnd.nextInt(5)), log);
            case 3 -> {
                String q = List.of("months=-1", "months=121", "months=abc", "months=1&from=2024-01", "from=2999-01",
                        "from=2024-05&to=2024-04", "from=" + badTime, "to=1999-12", "symbol=ETHUSDT", "months=")
                        .get(rnd.nextInt(10));
                log.add("POST /backfill?" + q);
                yield api.send("POST", "/backfill?" + q, null, null, null);
            }
            case 4 -> get(api, "/backfill?" + List.of("status=running", "x", "months=1").get(rnd.nextInt(3)), log);
            case 5 -> send(api, List.of("PUT", "PATCH", "DELETE").get(rnd.nextInt(3)), List.of("/features",
                    "/features/latest", "/data/coverage", "/backfill").get(rnd.nextInt(4)), log);
            case 6 -> { // exports: bad options, no data, bad run ids; nothing valid (that would write and answer 200)
                String path = List.of("/exports/klines?", "/exports/klines?from=2024-01&", "/exports/features?",
                        "/exports/features?start=2024-01-01&end=2024-01-02&", "/exports/runs/" + badId(rnd) + "?")
                        .get(rnd.nextInt(5));
                String q = path.startsWith("/exports/runs/") ? List.of("", "x=1").get(rnd.nextInt(2))
                        : List.of("from=" + badTime, "to=2023-01", "to=2099-12", "interval=1w", "gap_policy=drop",
                                "start=" + badTime, "end=2023-01-01", "x=1", "from=2031-01", badCommon).get(rnd.nextInt(10));
                log.add("POST " + path + q);
                yield api.send("POST", path + q, null, null, null);
            }
            case 7 -> { // a literal ".." segment is removed by the server (RFC 3986): /exports/runs/.. is GET /exports
                String id = badId(rnd).replace("..", "%2E%2E");
                yield get(api, List.of("/exports/" + id, "/exports/runs/" + id, "/exports?x=1",
                        "/exports/klines_1m_2024-01.csv", "/exports/runs/" + id + ".zip").get(rnd.nextInt(5)), log);
            }
            default -> send(api, "POST", List.of("/features", "/features/latest", "/data/coverage", "/exports",
                    "/exports/klines_1m_2024-01.csv").get(rnd.nextInt(5)), log);
        };
    }

    private static String badId(Random rnd) {
        return List.of("..%2F..%2Fetc", "%2E%2E%2F%2E%2E", "ema-cross-" + Long.toHexString(rnd.nextLong()), "a%00b",
                "%25", "x".repeat(200), "ema-cross-0123456789ab%2F..", "%C0%AE%C0%AE", "ema-cross-zzzzzzzzzzzz", "..",
                "ema-cross-0123456789ab;rm", "%20").get(rnd.nextInt(12));
    }

    private static String badQuery(Random rnd) {
        return List.of("limit=" + (rnd.nextBoolean() ? -rnd.nextInt(100) : 101 + rnd.nextInt(10_000)), "limit=abc",
                "status=" + List.of("done%00", "DONE", "", "running,done").get(rnd.nextInt(4)), "strategy=ema",
                "cursor=" + Long.toHexString(rnd.nextLong()), "limit=1&limit=2", "sort=sharpe", "%zz=1", "q=%",
                "status=done&x=1").get(rnd.nextInt(10));
    }
}
