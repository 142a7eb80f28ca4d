package api;

import static api.ApiClient.json;
import static api.ApiClient.problem;
import static api.ApiClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import gen.BinanceArchive;
import gen.KlineGenerator;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import support.TestApp;

/** The API over a store of several symbols: {@code GET /symbols}, and {@code symbol=} on the coverage report. */
class ApiSymbolsIT {
    @TempDir
    Path root;

    @Test
    void symbols_are_listed_and_the_coverage_report_is_filtered_by_symbol() throws Exception {
        Path in = Files.createDirectories(root.resolve("in"));
        int port = ApiClient.freePort();
        try (PipelineRuntime app = TestApp.longLived(root, Map.of("app.api.port", Integer.toString(port),
                "app.symbols", "BTCUSDT,ETHUSDT,SOLUSDT", "app.exports.dir", root.resolve("exports").toString()))) {
            YearMonth[][] months = {{YearMonth.of(2024, 1), YearMonth.of(2024, 2)}, {YearMonth.of(2024, 2)}};
            String[] symbols = {"BTCUSDT", "ETHUSDT"};
            for (int i = 0; i < 2; i++) {
                for (YearMonth m : months[i]) {
                    Path csv = in.resolve(symbols[i] + "-1m-" + m + ".csv");
                    new KlineGenerator(3 + i).writeMonth(m, csv, List.of());
                    assertThat(app.ingest(BinanceArchive.zipWithChecksum(csv, in), false).ok()).isTrue();
                }
            }
            ApiClient api = new ApiClient(port).checkedAgainstOpenApi();

            HttpResponse<byte[]> r = api.get("/symbols");
            assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
            JsonNode body = json(r);
            assertThat(body.path("default").asText()).isEqualTo("BTCUSDT");
            assertThat(body.path("accepted").asText()).isEqualTo("BTCUSDT,ETHUSDT,SOLUSDT");
            JsonNode list = body.path("symbols");
            assertThat(list).hasSize(3);
            assertThat(list.get(0).path("symbol").asText()).isEqualTo("BTCUSDT");
            assertThat(list.get(0).path("rows").asLong()).isEqualTo((31L + 29) * 1440);
            assertThat(list.get(0).path("months").asInt()).isEqualTo(2);
            assertThat(list.get(1).path("symbol").asText()).isEqualTo("ETHUSDT");
            assertThat(list.get(1).path("rows").asLong()).isEqualTo(29L * 1440);
            assertThat(list.get(1).path("first_open_time").asText()).isEqualTo("2024-02-01T00:00:00Z");
            assertThat(list.get(2).path("symbol").asText()).isEqualTo("SOLUSDT");
            assertThat(list.get(2).path("rows").asLong()).as("listed, nothing stored yet").isZero();

            JsonNode btc = json(api.get("/data/coverage"));
            assertThat(btc.path("symbol").asText()).isEqualTo("BTCUSDT");
            assertThat(btc.path("rows").asLong()).isEqualTo((31L + 29) * 1440);
            JsonNode eth = json(api.get("/data/coverage?symbol=ETHUSDT"));
            assertThat(eth.path("symbol").asText()).isEqualTo("ETHUSDT");
            assertThat(eth.path("rows").asLong()).isEqualTo(29L * 1440);
            assertThat(eth.path("months")).hasSize(1);
            assertThat(problem(api.get("/data/coverage?symbol=XRPUSDT"), 400).toString())
                    .contains("symbol", "BTCUSDT,ETHUSDT,SOLUSDT", "XRPUSDT");
            // a hostile value comes back quoted and escaped, never as raw control characters
            String hostile = problem(api.get("/data/coverage?symbol=%0A%1B%5B31mX"), 400).path("detail").asText();
            assertThat(hostile).contains("got '\\u000A\\u001B[31mX'").doesNotContain("\n").doesNotContain("\u001b");
            assertThat(problem(post(api, "/backfill?symbol=%0Ax"), 400).path("detail").asText())
                    .contains("got '\\u000Ax'");

            JsonNode ethRows = json(api.get("/features/latest?n=5&symbol=ETHUSDT&indicators=ema"));
            JsonNode btcRows = json(api.get("/features/latest?n=5&indicators=ema"));
            assertThat(ethRows.path("symbol").asText()).isEqualTo("ETHUSDT");
            assertThat(btcRows.path("symbol").asText()).isEqualTo("BTCUSDT");
            assertThat(ethRows.path("rows").toString()).isNotEqualTo(btcRows.path("rows").toString());
            assertThat(json(api.get("/features?start=2024-02-03&end=2024-02-04&interval=1h&symbol=ETHUSDT"))
                    .path("count").asInt()).isEqualTo(24);
            problem(api.get("/features/latest?symbol=XRPUSDT"), 400);

            HttpResponse<byte[]> export = post(api, "/exports/klines?from=2024-02&symbol=ETHUSDT");
            assertThat(export.statusCode()).as(text(export)).isEqualTo(200);
            assertThat(root.resolve("exports/ETHUSDT_klines_1m_2024-02.csv")).exists();
            assertThat(root.resolve("exports/klines_1m_2024-02.csv")).doesNotExist();
            assertThat(post(api, "/exports/klines?from=2024-02").statusCode()).isEqualTo(200);
            assertThat(root.resolve("exports/klines_1m_2024-02.csv")).exists();
            problem(post(api, "/exports/klines?from=2024-02&symbol=XRPUSDT"), 404);
            assertThat(problem(post(api, "/backfill?symbol=XRPUSDT"), 400).toString())
                    .contains("symbol", "XRPUSDT");
        }
    }

    /**
     * Readiness covers every symbol's store: a stored symbol's (ETHUSDT: its lock file cannot be opened) and a listed
     * one without a folder yet (SOLUSDT: a file where its folder would go) each make it DOWN, the message naming the
     * symbol; the default symbol's store being fine does not hide them.
     */
    @Test
    void readiness_names_each_symbol_whose_store_cannot_be_written() throws Exception {
        Path ethLock = Files.createDirectories(root.resolve("data/spot/ETHUSDT/metadata")).resolve(".lock");
        int port = ApiClient.freePort();
        try (PipelineRuntime app = TestApp.longLived(root, Map.of("app.api.port", Integer.toString(port),
                "app.symbols", "BTCUSDT,ETHUSDT,SOLUSDT"))) {
            ApiClient api = new ApiClient(port).checkedAgainstOpenApi();
            support.Await.until("ready", java.time.Duration.ofSeconds(10),
                    () -> api.get("/observe/health/ready").statusCode() == 200);
            Files.deleteIfExists(ethLock);
            Files.createDirectory(ethLock); // ETHUSDT's lock file cannot be opened for writing now
            Path solFolder = root.resolve("data/spot/SOLUSDT");
            Files.writeString(solFolder, "not a folder"); // SOLUSDT's folder cannot be created
            try {
                HttpResponse<byte[]> ready = api.get("/observe/health/ready?exposureLevel=full");
                assertThat(ready.statusCode()).isEqualTo(503);
                JsonNode store = storeCheck(json(ready));
                assertThat(store.path("status").asText()).isEqualTo("DOWN");
                String message = store.path("message").asText();
                assertThat(message).contains("ETHUSDT: ", ".lock", "SOLUSDT: ", "not a folder")
                        .doesNotContain("BTCUSDT");

                Files.delete(solFolder);
                assertThat(storeCheck(json(api.get("/observe/health/ready?exposureLevel=full"))).path("message")
                        .asText()).startsWith("ETHUSDT: ").doesNotContain("SOLUSDT");
            } finally {
                Files.deleteIfExists(ethLock);
            }
            assertThat(api.get("/observe/health/ready").statusCode()).isEqualTo(200);
            assertThat(solFolder).as("the probe leaves no folder behind").doesNotExist();
            assertThat(app.stores().stored()).containsExactly("BTCUSDT", "ETHUSDT");
        }
    }

    private static JsonNode storeCheck(JsonNode health) {
        for (JsonNode c : health.path("checks")) {
            if (c.path("name").asText().equals("store")) {
                return c;
            }
        }
        throw new AssertionError("no store check in " + health);
    }

    private static HttpResponse<byte[]> post(ApiClient api, String path) {
        return api.send("POST", path, null, null, null);
    }
}
