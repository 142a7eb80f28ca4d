package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import routes.PipelineRuntime;
import storage.Hashes;
import support.Await;
import support.TestApp;

/**
 * Our klines export as ingest input: generated month -> export -> a fresh store -> ingest the CSV (from the command
 * line, and dropped into the inbox) -> verify clean and the month's Parquet byte-identical to the original's.
 */
class ExportIngestRoundTripTest extends CliTestBase {
    private Path exports;

    @BeforeEach
    void exportsDir() {
        exports = root.resolve("exports");
        System.setProperty("app.exports.dir", exports.toString());
    }

    @AfterEach
    void clearExportsDir() {
        System.clearProperty("app.exports.dir");
    }

    private Path exportedMonth() {
        assertThat(run("generate", "--month", "2024-05", "--seed", "9", "--out",
                root.resolve("g").toString())).isZero();
        assertThat(run("ingest", root.resolve("g/BTCUSDT-1m-2024-05.zip").toString())).isZero();
        assertThat(run("export", "klines", "--from", "2024-05")).as(err.toString()).isZero();
        return exports.resolve("klines_1m_2024-05.csv");
    }

    @Test
    void an_exported_month_ingested_into_a_fresh_store_rebuilds_the_same_parquet() throws Exception {
        Path csv = exportedMonth();
        String original = Hashes.sha256(root.resolve("data/spot/BTCUSDT/klines_1m/2024-05.parquet"));
        System.setProperty("app.data.dir", root.resolve("fresh").toString());
        out.reset();
        assertThat(run("ingest", csv.toString())).as(err.toString() + out).isZero();
        assertThat(out.toString()).contains("klines_1m_2024-05.csv", "2024-05");
        assertThat(Hashes.sha256(root.resolve("fresh/spot/BTCUSDT/klines_1m/2024-05.parquet"))).isEqualTo(original);
        out.reset();
        assertThat(run("verify")).as(out.toString()).isZero();
    }

    @Test
    void a_mismatching_sha256_beside_the_export_refuses_it_and_stores_nothing() throws Exception {
        Path csv = exportedMonth();
        Files.writeString(csv.resolveSibling(csv.getFileName() + ".sha256"), "0".repeat(64) + "  " + csv.getFileName() + "\n");
        System.setProperty("app.data.dir", root.resolve("fresh").toString());
        out.reset();
        assertThat(run("ingest", csv.toString())).isEqualTo(3);
        assertThat(out.toString() + err).contains("CHECKSUM_MISMATCH", "does not match klines_1m_2024-05.csv.sha256");
        assertThat(root.resolve("fresh/spot/BTCUSDT/klines_1m/2024-05.parquet")).doesNotExist();
    }

    @Test
    void an_export_edited_since_its_manifest_entry_is_refused_even_without_its_sha256() throws Exception {
        Path csv = exportedMonth();
        Files.delete(csv.resolveSibling(csv.getFileName() + ".sha256"));
        java.util.List<String> lines = new java.util.ArrayList<>(Files.readAllLines(csv));
        lines.remove(lines.size() - 1); // truncated: a minute less, still a valid CSV
        Files.write(csv, lines);
        System.setProperty("app.data.dir", root.resolve("fresh").toString());
        out.reset();
        assertThat(run("ingest", csv.toString())).isEqualTo(3);
        assertThat(out.toString() + err).contains("CHECKSUM_MISMATCH", "manifest.json", "changed since it was exported");
        assertThat(root.resolve("fresh/spot/BTCUSDT/klines_1m/2024-05.parquet")).doesNotExist();
    }

    @Test
    void an_ffill_export_and_a_bad_time_are_refused_naming_line_and_field() throws Exception {
        exportedMonth();
        assertThat(run("export", "klines", "--from", "2024-05", "--gap-policy", "ffill")).isZero();
        Path csv = exports.resolve("klines_1m_2024-05.csv");
        System.setProperty("app.data.dir", root.resolve("fresh").toString());
        out.reset();
        assertThat(run("ingest", csv.toString())).isEqualTo(3);
        assertThat(out.toString() + err).contains("BAD_HEADER", "--gap-policy ffill");

        Path bad = root.resolve("bad/klines_1m_2024-05.csv");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "open_time,open,high,low,close,volume,close_time,quote_asset_volume,trades,taker_base,taker_quote\n"
                + "2024-05-01T00:00:00Z,1.0,2.0,0.5,1.5,3.0,2024-05-01T00:00:59.999Z,4.5,7,1.0,1.5\n"
                + "2024-05-01 00:01:00,1.0,2.0,0.5,1.5,3.0,2024-05-01T00:01:59.999Z,4.5,7,1.0,1.5\n");
        out.reset();
        assertThat(run("ingest", bad.toString())).isEqualTo(3);
        assertThat(out.toString() + err).contains("BAD_TIME klines_1m_2024-05.csv:3 field open_time", "ISO-8601");
    }

    @Test
    void an_export_dropped_into_the_inbox_with_its_sha256_is_ingested() throws Exception {
        Path csv = exportedMonth();
        String original = Hashes.sha256(root.resolve("data/spot/BTCUSDT/klines_1m/2024-05.parquet"));
        Path other = root.resolve("other");
        try (PipelineRuntime app = TestApp.longLived(other, Map.of("app.api.enabled", "false"))) {
            Path inbox = Files.createDirectories(other.resolve("inbox"));
            Files.copy(csv.resolveSibling(csv.getFileName() + ".sha256"), inbox.resolve(csv.getFileName() + ".sha256"));
            Files.copy(csv, inbox.resolve(csv.getFileName() + ".part"));
            Files.move(inbox.resolve(csv.getFileName() + ".part"), inbox.resolve(csv.getFileName()));
            Path month = other.resolve("data/spot/BTCUSDT/klines_1m/2024-05.parquet");
            Await.until("the dropped export is ingested", Duration.ofSeconds(60),
                    () -> Files.exists(inbox.resolve(".done/klines_1m_2024-05.csv.sha256")));
            // the route moves the CSV itself just after settling its siblings
            Await.until("the export moved to .done", Duration.ofSeconds(30),
                    () -> Files.exists(inbox.resolve(".done/klines_1m_2024-05.csv")));
            assertThat(Hashes.sha256(month)).isEqualTo(original);
        }
    }
}
