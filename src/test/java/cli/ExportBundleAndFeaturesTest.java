package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import storage.Hashes;
import support.DuckDb;

/** {@code export run} (a deterministic ZIP of a run folder) and {@code export features} (the frame as CSV). */
class ExportBundleAndFeaturesTest extends CliTestBase {
    private Path exports;
    private Path runs;

    @BeforeEach
    void dirs() {
        exports = root.resolve("exports");
        runs = root.resolve("bt");
        System.setProperty("app.exports.dir", exports.toString());
        System.setProperty("app.api.runs-dir", runs.toString());
    }

    @AfterEach
    void clearDirs() {
        System.clearProperty("app.exports.dir");
        System.clearProperty("app.api.runs-dir");
    }

    private void month() {
        assertThat(run("generate", "--month", "2024-05", "--seed", "4", "--out", root.resolve("g").toString())).isZero();
        assertThat(run("ingest", root.resolve("g/BTCUSDT-1m-2024-05.zip").toString())).isZero();
        out.reset();
    }

    @Test
    void a_run_bundle_holds_the_run_folder_sorted_and_is_byte_identical_on_re_export() throws Exception {
        month();
        Path cfg = Files.writeString(root.resolve("bt.yaml"), """
                start: 2024-05-10
                end: 2024-06-01
                interval: 15m
                indicators: {ema_fast: 12, ema_slow: 26}
                strategy: {type: ema-cross, decision_every: 15m}
                output_dir: %s
                """.formatted(runs.toString().replace("\\", "/")));
        assertThat(run("backtest", "--config", cfg.toString())).as(err.toString()).isZero();
        Path folder;
        try (Stream<Path> s = Files.list(runs)) {
            folder = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        String id = folder.getFileName().toString();
        out.reset();
        assertThat(run("export", "run", id)).as(err.toString()).isZero();
        Path zip = exports.resolve("runs/" + id + ".zip");
        assertThat(out.toString()).contains("wrote " + zip);
        byte[] first = Files.readAllBytes(zip);

        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
                assertThat(in.readAllBytes()).as(e.getName())
                        .isEqualTo(Files.readAllBytes(folder.resolve(e.getName().substring(id.length() + 1))));
            }
        }
        assertThat(names).isSorted().contains(id + "/config.yaml", id + "/metrics.json", id + "/lineage.json",
                id + "/fills.parquet", id + "/equity.parquet", id + "/report.html");
        try (Stream<Path> s = Files.walk(folder)) {
            assertThat(names).hasSize((int) s.filter(Files::isRegularFile).count());
        }

        out.reset();
        assertThat(run("export", "run", id)).isZero();
        assertThat(out.toString()).contains("unchanged " + zip);
        // new file times and a fresh write: still the same bytes
        Files.setLastModifiedTime(folder.resolve("metrics.json"), FileTime.fromMillis(0));
        Files.delete(zip);
        assertThat(run("export", "run", id)).isZero();
        assertThat(Files.readAllBytes(zip)).isEqualTo(first);
        assertThat(Files.readString(zip.resolveSibling(id + ".zip.sha256"))).isEqualTo(Hashes.sha256(zip) + "  " + id + ".zip\n");
        String manifest = Files.readString(exports.resolve("manifest.json"));
        assertThat(manifest).contains("\"file\" : \"runs/" + id + ".zip\"", "\"kind\" : \"run\"", "\"run_id\" : \"" + id + "\"",
                "\"2024-05\" : \"" + Hashes.sha256(root.resolve("data/spot/BTCUSDT/klines_1m/2024-05.parquet")) + "\"");
    }

    @Test
    void a_feature_export_equals_the_frame_of_features_compute_with_warm_up_as_empty_cells() throws Exception {
        month();
        String[] frameArgs = {"--start", "2024-05-01", "--end", "2024-05-03", "--interval", "15m", "--indicators",
            "ema,rsi,cmf,macd", "--gap-policy", "none"};
        List<String> args = new ArrayList<>(List.of("export", "features"));
        args.addAll(List.of(frameArgs));
        assertThat(run(args.toArray(String[]::new))).as(err.toString()).isZero();
        Path csv = exports.resolve("features_15m_20240501T000000Z_20240503T000000Z.csv");
        assertThat(out.toString()).contains("wrote " + csv, "192 rows");
        assertThat(Files.readAllLines(csv).get(0))
                .isEqualTo("ts,open,high,low,close,volume,filled,ema_fast,ema_slow,rsi,cmf,macd,macd_signal,macd_hist");
        Path parquet = root.resolve("f.parquet");
        args = new ArrayList<>(List.of("features", "compute", "--out", parquet.toString()));
        args.addAll(List.of(frameArgs));
        assertThat(run(args.toArray(String[]::new))).isZero();
        String c = "read_csv('" + csv.toAbsolutePath() + "', header=true)";
        assertThat(DuckDb.single("SELECT count(*) FROM " + c + " WHERE macd_signal IS NULL")).isNotEqualTo(0L);
        assertThat(DuckDb.single("SELECT count(*) FROM " + c + " c JOIN " + DuckDb.parquet(parquet)
                + " p ON epoch_ms(c.ts) = epoch_ms(p.ts) WHERE c.close = p.close AND c.volume = p.volume"
                + " AND c.ema_fast IS NOT DISTINCT FROM p.ema_fast AND c.rsi IS NOT DISTINCT FROM p.rsi"
                + " AND c.macd_signal IS NOT DISTINCT FROM p.macd_signal AND c.cmf IS NOT DISTINCT FROM p.cmf"
                + " AND (c.filled = 1) = p.filled")).isEqualTo(192L);
        out.reset();
        assertThat(run(("export features " + String.join(" ", frameArgs)).split(" "))).isZero();
        assertThat(out.toString()).contains("unchanged " + csv);
    }
}
