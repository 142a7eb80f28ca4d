package api;

import static api.ApiClient.json;
import static api.ApiClient.problem;
import static api.ApiClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import features.FeatureRequest;
import features.FeatureSpec;
import features.GapPolicy;
import features.Interval;
import features.indicators.IndicatorSpec;
import gen.BinanceArchive;
import gen.KlineGenerator;
import ingest.IngestOutcome;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import support.DuckDb;
import support.TestApp;
import verify.VerifyReportFormatter;
import verify.VerifyRequest;

/**
 * GET /features/latest, GET /features and GET /data/coverage over real HTTP against the running service: values
 * compared, row by row and column by column, with the Parquet {@code features compute} writes (read by DuckDB) and with
 * the verify report; the latest window answered while a month is ingested; caps and bad values refused naming the
 * parameter - every answer checked against /openapi.json.
 */
class ApiFeaturesIT {
    private static final double TOLERANCE = 1e-9;
    @TempDir
    static Path root;
    static PipelineRuntime app;
    static ApiClient api;
    static KlineGenerator generator = new KlineGenerator(77);

    @BeforeAll
    static void start() throws Exception {
        try (PipelineRuntime oneShot = TestApp.oneShot(root)) {
            ingest(oneShot, YearMonth.of(2024, 1), List.of());
            // minutes missing in February: forward fill and gap ranges have something to show
            ingest(oneShot, YearMonth.of(2024, 2), List.of(new KlineGenerator.Gap(Instant.parse("2024-02-10T03:00:00Z"), 90),
                    new KlineGenerator.Gap(Instant.parse("2024-02-28T23:00:00Z"), 17)));
        }
        int port = ApiClient.freePort();
        app = TestApp.longLived(root, Map.of("app.api.port", Integer.toString(port), "app.api.features-max-rows", "3000"));
        api = new ApiClient(port).checkedAgainstOpenApi();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static void ingest(PipelineRuntime runtime, YearMonth m, List<KlineGenerator.Gap> gaps) throws Exception {
        Path in = Files.createDirectories(root.resolve("in"));
        Path csv = in.resolve("BTCUSDT-1m-" + m + ".csv");
        generator.writeMonth(m, csv, gaps);
        IngestOutcome o = runtime.ingest(BinanceArchive.zipWithChecksum(csv, in), false);
        assertThat(o.ok()).as(o.summary()).isTrue();
    }

    /** features compute of [start, end) to Parquet through the CLI's route, read back by DuckDB oldest first. */
    private static List<List<Object>> computed(String interval, String indicators, String policy, Instant start,
                                               Instant end, List<String> columns) throws Exception {
        Path out = root.resolve("compute-" + System.nanoTime() + ".parquet");
        app.features(new FeatureRequest.Compute(new FeatureSpec(Interval.parse(interval), IndicatorSpec.parse(indicators),
                GapPolicy.parse(policy)), start, end, out));
        String cols = String.join(", ", columns.stream().map(c -> c.equals("open_time") ? "epoch_ms(ts)" : c).toList());
        return DuckDb.query("SELECT " + cols + " FROM " + DuckDb.parquet(out) + " ORDER BY ts");
    }

    /** The API's rows equal the computed ones, value by value (doubles within {@code tolerance} relative). */
    private static void assertSameRows(JsonNode answer, List<List<Object>> expected, double tolerance) {
        List<String> columns = new ArrayList<>();
        answer.path("columns").forEach(c -> columns.add(c.asText()));
        JsonNode rows = answer.path("rows");
        assertThat(rows.size()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode row = rows.get(i);
            for (int c = 0; c < columns.size(); c++) {
                String col = columns.get(c);
                Object want = expected.get(i).get(c);
                JsonNode got = row.path(col);
                String where = "row " + i + " (" + row.path("open_time").asText() + ") " + col;
                if (col.equals("open_time")) {
                    assertThat(Instant.parse(got.asText()).toEpochMilli()).as(where).isEqualTo(((Number) want).longValue());
                } else if (col.equals("filled")) {
                    assertThat(got.asBoolean()).as(where).isEqualTo(want);
                } else if (want == null) {
                    assertThat(got.isNull()).as(where + ": null expected, got " + got).isTrue();
                } else {
                    double w = ((Number) want).doubleValue();
                    assertThat(got.isNumber()).as(where + ": number expected, got " + got).isTrue();
                    double g = got.doubleValue();
                    if (tolerance == 0) {
                        assertThat(g).as(where).isEqualTo(w);
                    } else {
                        assertThat(Math.abs(g - w)).as(where + ": " + g + " vs " + w)
                                .isLessThanOrEqualTo(tolerance * Math.max(1, Math.max(Math.abs(g), Math.abs(w))));
                    }
                }
            }
        }
    }

    private static Instant lastStored() throws Exception {
        return app.lastStoredMinute();
    }

    @Test
    void latest_rows_are_the_last_rows_of_features_compute_over_everything_stored() throws Exception {
        HttpResponse<byte[]> r = api.get("/features/latest");
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("symbol").asText()).isEqualTo("BTCUSDT");
        assertThat(body.path("interval").asText()).isEqualTo("1m");
        assertThat(body.path("gap_policy").asText()).isEqualTo("ffill");
        assertThat(body.path("indicators").toString()).isEqualTo("[\"ema\",\"rsi\",\"cmf\"]");
        assertThat(body.path("n").asInt()).isEqualTo(100);
        assertThat(body.path("count").asInt()).isEqualTo(100);
        assertThat(body.path("columns").toString()).isEqualTo("[\"open_time\",\"open\",\"high\",\"low\",\"close\","
                + "\"volume\",\"filled\",\"ema_fast\",\"ema_slow\",\"rsi\",\"cmf\"]");
        Instant last = lastStored();
        assertThat(body.path("data_last_open_time").asText()).isEqualTo(last.toString());
        List<String> columns = new ArrayList<>();
        body.path("columns").forEach(c -> columns.add(c.asText()));

        Instant first = Instant.parse("2024-01-01T00:00:00Z");
        List<List<Object>> all = computed("1m", "ema,rsi,cmf", "ffill", first, last.plusSeconds(60), columns);
        assertSameRows(body, all.subList(all.size() - 100, all.size()), TOLERANCE);

        for (String q : List.of("n=3000&interval=1h&indicators=macd,atr,ema", "n=40&interval=1d&indicators=rsi&gap_policy=drop",
                "n=500&interval=15m&indicators=cmf,rsi&gap_policy=none")) {
            JsonNode b = json(api.get("/features/latest?" + q));
            List<String> cols = new ArrayList<>();
            b.path("columns").forEach(c -> cols.add(c.asText()));
            Map<String, String> p = new java.util.HashMap<>();
            for (String kv : q.split("&")) {
                p.put(kv.split("=")[0], kv.split("=")[1]);
            }
            List<List<Object>> whole = computed(p.get("interval"), p.get("indicators"), p.getOrDefault("gap_policy", "ffill"),
                    first, last.plusSeconds(60), cols);
            int n = Math.min(Integer.parseInt(p.get("n")), whole.size());
            assertThat(b.path("count").asInt()).as(q).isEqualTo(n);
            assertSameRows(b, whole.subList(whole.size() - n, whole.size()), TOLERANCE);
        }
    }

    @Test
    void a_range_equals_features_compute_of_the_same_range_value_by_value() throws Exception {
        String q = "start=2024-02-09T12:00:00Z&end=2024-02-11&interval=5m&indicators=ema,rsi,cmf,macd,atr";
        HttpResponse<byte[]> r = api.get("/features?" + q);
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("start").asText()).isEqualTo("2024-02-09T12:00:00Z");
        assertThat(body.path("end").asText()).isEqualTo("2024-02-11T00:00:00Z");
        List<String> columns = new ArrayList<>();
        body.path("columns").forEach(c -> columns.add(c.asText()));
        assertThat(columns).contains("macd_hist", "atr");
        List<List<Object>> expected = computed("5m", "ema,rsi,cmf,macd,atr", "ffill",
                Instant.parse("2024-02-09T12:00:00Z"), Instant.parse("2024-02-11T00:00:00Z"), columns);
        assertThat(expected).hasSize(432);
        assertSameRows(body, expected, 0); // the same history read, the same arithmetic: the same bits
        assertThat(body.path("rows").findValues("filled").stream().anyMatch(JsonNode::asBoolean)).isTrue(); // the gap

        // a range reaching before and after the stored data answers the stored part, as compute does
        JsonNode edges = json(api.get("/features?start=2023-12-31&end=2024-01-02&interval=1h&indicators=rsi"));
        List<String> cols = new ArrayList<>();
        edges.path("columns").forEach(c -> cols.add(c.asText()));
        assertSameRows(edges, computed("1h", "rsi", "ffill", Instant.parse("2023-12-31T00:00:00Z"),
                Instant.parse("2024-01-02T00:00:00Z"), cols), 0);
        assertThat(json(api.get("/features?start=2030-01&end=2030-02")).path("count").asInt()).isZero();
    }

    @Test
    void caps_and_bad_values_are_400_problems_naming_the_parameter() {
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("/features/latest?n=0", "n");
        bad.put("/features/latest?n=3001", "n");
        bad.put("/features/latest?n=abc", "n");
        bad.put("/features/latest?interval=2m", "interval");
        bad.put("/features/latest?interval=", "interval");
        bad.put("/features/latest?indicators=ema,foo", "indicators");
        bad.put("/features/latest?indicators=", "indicators");
        bad.put("/features/latest?gap_policy=zero", "gap_policy");
        bad.put("/features/latest?limit=5", "limit");
        bad.put("/features/latest?n=1&n=2", "n");
        bad.put("/features?end=2024-02-01", "start");
        bad.put("/features?start=2024-02-01", "end");
        bad.put("/features?start=2024-02-01&end=2024-01-01", "end");
        bad.put("/features?start=2024-02-30&end=2024-03-01", "start");
        bad.put("/features?start=%2B1000000000-01-01T00:00:00Z&end=2024-03-01", "start");
        bad.put("/features?start=2024-01&end=2024-03", "end"); // 1m over two months: over the 3000-row cap
        bad.put("/features?start=2024-01&end=2024-02&interval=1w&n=1", "n");
        bad.put("/data/coverage?from=2024-13", "from");
        bad.put("/data/coverage?from=2024-02&to=2024-01", "to");
        bad.put("/data/coverage?month=2024-01", "month");
        bad.forEach((path, parameter) -> {
            JsonNode p = problem(api.get(path), 400);
            assertThat(p.path("parameter").asText()).as(path + " -> " + p).isEqualTo(parameter);
        });
        JsonNode capped = problem(api.get("/features?start=2024-01&end=2024-03"), 400);
        assertThat(capped.path("detail").asText()).contains("3000").contains("end=2024-01-03T02:00:00Z");
        assertThat(api.get("/features?start=2024-01-01&end=2024-01-03T02:00:00Z").statusCode()).isEqualTo(200);
        assertThat(api.send("PUT", "/features/latest", null, null, null).statusCode()).isEqualTo(405);
        assertThat(api.send("DELETE", "/data/coverage", null, null, null).statusCode()).isEqualTo(405);
        assertThat(api.get("/features/latest/x").statusCode()).isEqualTo(404);
    }

    @Test
    void coverage_is_the_verify_report_of_the_cli() throws Exception {
        HttpResponse<byte[]> r = api.get("/data/coverage");
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        JsonNode body = json(r);
        JsonNode cli = ApiClient.JSON.readTree(VerifyReportFormatter.json(app.verify(new VerifyRequest("BTCUSDT", null, null))));
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).remove("checked_at");
        ((com.fasterxml.jackson.databind.node.ObjectNode) cli).remove("checked_at");
        assertThat(body).isEqualTo(cli);
        assertThat(body.path("months").size()).isGreaterThanOrEqualTo(2); // 3 once the ingest test ran
        assertThat(body.path("missing_minutes").asLong()).isEqualTo(107);
        JsonNode gap = body.path("problems").get(0);
        assertThat(gap.path("kind").asText()).isEqualTo("GAP");
        assertThat(gap.path("ranges").get(0).path("start").asText()).isEqualTo("2024-02-10T03:00:00Z");
        assertThat(gap.path("ranges").get(0).path("minutes").asLong()).isEqualTo(90);

        JsonNode jan = json(api.get("/data/coverage?from=2024-01&to=2024-01"));
        assertThat(jan.path("months").size()).isEqualTo(1);
        assertThat(jan.path("clean").asBoolean()).isTrue();
    }

    @Test
    void many_concurrent_latest_requests_while_a_month_is_ingested_all_answer_the_old_or_the_new_data() throws Exception {
        Instant before = lastStored();
        Path in = Files.createDirectories(root.resolve("in-march"));
        Path csv = in.resolve("BTCUSDT-1m-2024-03.csv");
        new KlineGenerator(78).writeMonth(YearMonth.of(2024, 3), csv, List.of());
        Path zip = BinanceArchive.zipWithChecksum(csv, in);
        Set<String> lastSeen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String q = i % 2 == 0 ? "/features/latest?n=50" : "/features/latest?n=20&interval=5m&indicators=macd";
                answers.add(pool.submit(() -> {
                    HttpResponse<byte[]> r = api.get(q);
                    if (r.statusCode() == 200) {
                        lastSeen.add(json(r).path("data_last_open_time").asText());
                    }
                    return r.statusCode();
                }));
                if (i == 100) {
                    IngestOutcome o = app.ingest(zip, false);
                    assertThat(o.ok()).as(o.summary()).isTrue();
                }
            }
            for (Future<Integer> a : answers) {
                assertThat(a.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        Instant after = lastStored();
        assertThat(after).isAfter(before);
        assertThat(lastSeen).isSubsetOf(before.toString(), after.toString());
        // the new window is computed in the background once a request has seen the commit; then it answers
        support.Await.until("the latest window of the new data", java.time.Duration.ofSeconds(30), () ->
                json(api.get("/features/latest?n=5")).path("data_last_open_time").asText().equals(after.toString()));
    }
}
