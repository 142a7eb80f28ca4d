package api;

import static api.ApiClient.json;
import static api.ApiClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import storage.Hashes;
import support.TestApp;

/**
 * The export endpoints over real HTTP against the running service: POST /exports/klines, /exports/features and
 * /exports/runs/{id} write what the export command writes (the same bytes as a one-shot export through the same
 * route), GET /exports answers the manifest, GET /exports/{name} a listed file with its SHA-256 in headers; bad
 * requests are 400 naming the parameter, no data 404, names outside the manifest (paths, ..) 404, a file changed since
 * its export 409. Every answer is checked against the OpenAPI document.
 */
class ApiExportsIT {
    @TempDir
    Path root;

    @Test
    void exports_through_the_api_equal_the_commands_and_download_with_their_sha256() throws Exception {
        TestApp.ingestGeneratedMonths(root, 23, YearMonth.of(2024, 1), YearMonth.of(2024, 2));
        Path exports = root.resolve("exports");
        int port = ApiClient.freePort();
        try (PipelineRuntime app = TestApp.longLived(root, Map.of("app.api.port", Integer.toString(port),
                "app.exports.dir", exports.toString(), "app.api.export-max-months", "12"))) {
            ApiClient api = new ApiClient(port).checkedAgainstOpenApi();
            JsonNode empty = json(api.get("/exports"));
            assertThat(empty.path("exports")).isEmpty();

            HttpResponse<byte[]> r = api.post("/exports/klines?from=2024-01&to=2024-03", null, "");
            assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
            JsonNode written = json(r);
            assertThat(written.path("files")).hasSize(2);
            assertThat(written.path("files").get(0).path("file").asText()).isEqualTo("klines_1m_2024-01.csv");
            assertThat(written.path("files").get(0).path("status").asText()).isEqualTo("wrote");
            assertThat(written.path("files").get(0).path("href").asText()).isEqualTo("/exports/klines_1m_2024-01.csv");
            assertThat(written.path("skipped_months").get(0).asText()).isEqualTo("2024-03");
            Path csv = exports.resolve("klines_1m_2024-01.csv");
            assertThat(written.path("files").get(0).path("sha256").asText()).isEqualTo(Hashes.sha256(csv));
            assertThat(json(api.post("/exports/klines?from=2024-01&to=2024-03", null, "")).path("files").get(0)
                    .path("status").asText()).isEqualTo("unchanged");

            r = api.post("/exports/features?start=2024-01-05&end=2024-01-07&interval=15m&indicators=ema,rsi", null, "");
            assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
            Path featuresCsv = exports.resolve(json(r).path("files").get(0).path("file").asText());
            assertThat(featuresCsv.getFileName().toString()).isEqualTo("features_15m_20240105T000000Z_20240107T000000Z.csv");

            // the same route as the export command: a one-shot export into another folder gives the same bytes
            Path cliExports = root.resolve("cli-exports");
            try (PipelineRuntime cli = TestApp.oneShot(root, Map.of("app.exports.dir", cliExports.toString()))) {
                cli.export(new export.ExportRequest.Klines(YearMonth.of(2024, 1), YearMonth.of(2024, 3),
                        features.Interval.M1, features.GapPolicy.NONE));
            }
            assertThat(Files.readAllBytes(cliExports.resolve("klines_1m_2024-01.csv"))).isEqualTo(Files.readAllBytes(csv));

            HttpResponse<byte[]> manifest = api.get("/exports");
            assertThat(manifest.body()).isEqualTo(Files.readAllBytes(exports.resolve("manifest.json")));
            assertThat(json(manifest).path("exports")).hasSize(3);

            HttpResponse<byte[]> file = api.get("/exports/klines_1m_2024-01.csv");
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
            assertThat(file.body()).isEqualTo(Files.readAllBytes(csv));
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(file.body());
            assertThat(file.headers().firstValue("X-Content-SHA256")).hasValue(HexFormat.of().formatHex(digest));
            assertThat(file.headers().firstValue("Repr-Digest"))
                    .hasValue("sha-256=:" + Base64.getEncoder().encodeToString(digest) + ":");

            // a run bundle: export, list, download
            backtest.run.RunSummary run = app.backtest(backtest.config.BacktestConfig.parse("""
                    start: 2024-01-10
                    end: 2024-02-01
                    interval: 15m
                    strategy: {type: ema-cross, decision_every: 15m}
                    output_dir: %s
                    """.formatted(root.resolve("data/backtests").toString().replace("\\", "/"))));
            r = api.post("/exports/runs/" + run.runId(), null, "");
            assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
            assertThat(json(r).path("files").get(0).path("file").asText()).isEqualTo("runs/" + run.runId() + ".zip");
            HttpResponse<byte[]> zip = api.get("/exports/runs/" + run.runId() + ".zip");
            assertThat(zip.statusCode()).isEqualTo(200);
            assertThat(zip.headers().firstValue("Content-Type").orElse("")).startsWith("application/zip");
            assertThat(zip.body()).isEqualTo(Files.readAllBytes(exports.resolve("runs/" + run.runId() + ".zip")));
            assertThat(api.post("/exports/runs/ema-cross-000000000000", null, "").statusCode()).isEqualTo(404);

            // only what the manifest lists: paths, .., the manifest itself, the lock are 404
            Files.writeString(root.resolve("secret.txt"), "no");
            for (String bad : new String[] {"/exports/..%2Fsecret.txt", "/exports/%2e%2e", "/exports/manifest.json",
                "/exports/.lock", "/exports/klines_1m_2024-01.csv.sha256", "/exports/runs/..%2F..%2Fsecret.txt",
                "/exports/runs/%2e%2e%2fklines_1m_2024-01.csv", "/exports/klines_1m_2099-01.csv"}) {
                HttpResponse<byte[]> x = api.get(bad);
                assertThat(x.statusCode()).as(bad + " " + text(x)).isEqualTo(404);
                assertThat(text(x)).doesNotContain("no\n");
            }

            // bad requests: 400 naming the parameter; no data: 404, nothing written
            JsonNode tooMany = json(api.post("/exports/klines?from=2023-01&to=2024-12", null, ""));
            assertThat(tooMany.path("status").asInt()).isEqualTo(400);
            assertThat(tooMany.path("parameter").asText()).isEqualTo("to");
            assertThat(tooMany.path("detail").asText()).contains("app.api.export-max-months");
            assertThat(json(api.post("/exports/klines?from=2024-01&interval=1w", null, "")).path("parameter").asText())
                    .isEqualTo("interval");
            assertThat(json(api.post("/exports/klines?from=2024-13", null, "")).path("parameter").asText()).isEqualTo("from");
            assertThat(json(api.post("/exports/klines", null, "")).path("parameter").asText()).isEqualTo("from");
            assertThat(json(api.post("/exports/klines?from=2024-01&x=1", null, "")).path("parameter").asText()).isEqualTo("x");
            assertThat(api.post("/exports/klines?from=2024-01", "application/json", "{\"from\":\"2024-01\"}").statusCode())
                    .isEqualTo(400);
            assertThat(json(api.post("/exports/features?start=2023-01-01&end=2024-06-01", null, "")).path("parameter")
                    .asText()).isEqualTo("end");
            HttpResponse<byte[]> none = api.post("/exports/klines?from=2030-01", null, "");
            assertThat(none.statusCode()).as(text(none)).isEqualTo(404);
            assertThat(exports.resolve("klines_1m_2030-01.csv")).doesNotExist();

            // a file changed since its export is not served as the export
            Files.writeString(csv, "tampered\n");
            HttpResponse<byte[]> changed = api.get("/exports/klines_1m_2024-01.csv");
            assertThat(changed.statusCode()).isEqualTo(409);
            assertThat(json(changed).path("detail").asText()).contains("no longer matches manifest.json");
        }
    }
}
