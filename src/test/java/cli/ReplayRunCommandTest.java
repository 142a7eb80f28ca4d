package cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import replay.RunReplay;
import support.TreeSnapshot;

/**
 * {@code replay --run exports/runs/<id>.zip}: a bundle of {@code export run} re-runs on the same store into a temp
 * folder with every file byte-identical (exit 0); an edited bundle names its first difference (exit 6); a store whose
 * months differ from the bundle's lineage and bad bundles are refused in one line with nothing written (exit 3).
 */
class ReplayRunCommandTest extends CliTestBase {
    private Path exports;
    private Path runs;
    private String id;
    private Path zip;

    @BeforeEach
    void dirs() throws Exception {
        exports = root.resolve("exports");
        runs = root.resolve("bt");
        System.setProperty("app.exports.dir", exports.toString());
        System.setProperty("app.api.runs-dir", runs.toString());
        assertThat(run("generate", "--month", "2024-05", "--seed", "4", "--out", root.resolve("g").toString())).isZero();
        assertThat(run("ingest", root.resolve("g/BTCUSDT-1m-2024-05.zip").toString())).isZero();
        Path cfg = Files.writeString(root.resolve("bt.yaml"), """
                start: 2024-05-10
                end: 2024-06-01
                interval: 15m
                indicators: {ema_fast: 12, ema_slow: 26}
                strategy: {type: ema-cross, decision_every: 15m}
                output_dir: %s
                """.formatted(runs.toString().replace("\\", "/")));
        assertThat(run("backtest", "--config", cfg.toString())).as(err.toString()).isZero();
        try (Stream<Path> s = Files.list(runs)) {
            id = s.filter(Files::isDirectory).findFirst().orElseThrow().getFileName().toString();
        }
        assertThat(run("export", "run", id)).as(err.toString()).isZero();
        zip = exports.resolve("runs/" + id + ".zip");
        out.reset();
        err.reset();
    }

    @AfterEach
    void clearDirs() {
        System.clearProperty("app.exports.dir");
        System.clearProperty("app.api.runs-dir");
        System.clearProperty("app.replay.max-bundle-bytes");
    }

    @Test
    void a_bundle_re_runs_byte_identical_without_touching_the_users_run_folder() throws Exception {
        Map<String, String> folderBefore = TreeSnapshot.of(runs);
        Path dead = Files.createDirectories(exports.resolve("replay-reports/." + id + ".tmp-999999999-1")); // killed
        Files.writeString(dead.resolve("config.yaml"), "left behind");
        assertThat(run("replay", "--run", zip.toString())).as(err.toString()).isZero();
        assertThat(dead).as("a dead replay's temp folder is removed").doesNotExist();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("metrics.json identical", "fills.parquet identical", "report.html identical",
                id + ": identical (9 files)");
        assertThat(TreeSnapshot.of(runs)).isEqualTo(folderBefore);
        // the file set a bundle must hold is exactly what a run folder holds
        try (Stream<Path> s = Files.list(runs.resolve(id))) {
            assertThat(new TreeSet<>(s.map(p -> p.getFileName().toString()).toList()))
                    .isEqualTo(new TreeSet<>(RunReplay.FILES));
        }
        Path report = exports.resolve("replay-reports/" + id + ".json");
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertThat(r.path("result").asText()).isEqualTo("identical");
        assertThat(r.path("files")).hasSize(9);
        assertThat(r.path("bundle_sha256").asText()).isEqualTo(storage.Hashes.sha256(zip));
        try (Stream<Path> s = Files.list(exports.resolve("replay-reports"))) { // no temp folder, no re-run kept
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly(id + ".json");
        }
        byte[] first = Files.readAllBytes(report);
        assertThat(run("replay", "--run", zip.toString())).isZero();
        assertThat(Files.readAllBytes(report)).as("the report holds no time: same bytes again").isEqualTo(first);
    }

    @Test
    void an_edited_bundle_names_its_first_difference_and_exits_6() throws Exception {
        Map<String, String> folderBefore = TreeSnapshot.of(runs);
        Path edited = root.resolve("edited/" + id + ".zip");
        rewrite(zip, edited, (name, bytes) -> {
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (name.endsWith("/fills.jsonl")) { // second line: its price
                String[] lines = text.split("\n", -1);
                lines[1] = lines[1].replaceFirst("\"price\":([0-9.]+)", "\"price\":1.5");
                return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
            }
            if (name.endsWith("/metrics.json")) {
                return text.replaceFirst("\"fills\" : (\\d+)", "\"fills\" : 9999").getBytes(StandardCharsets.UTF_8);
            }
            return bytes;
        });
        assertThat(run("replay", "--run", edited.toString())).as(err.toString()).isEqualTo(6);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("fills.jsonl differed at line 2 $.price", "metrics.json differed at $.fills",
                "config.yaml identical", "2 of 9 files differ, first: fills.jsonl at line 2 $.price");
        JsonNode r = new ObjectMapper().readTree(exports.resolve("replay-reports/" + id + ".json").toFile());
        assertThat(r.path("result").asText()).isEqualTo("differed");
        assertThat(r.path("first_difference").asText()).isEqualTo("fills.jsonl at line 2 $.price");
        Path kept = exports.resolve("replay-reports/" + id + ".rerun");
        assertThat(Files.readAllBytes(kept.resolve("fills.jsonl"))).isEqualTo(Files.readAllBytes(runs.resolve(id + "/fills.jsonl")));
        assertThat(TreeSnapshot.of(runs)).isEqualTo(folderBefore);
    }

    @Test
    void a_store_whose_months_differ_from_the_lineage_is_refused_naming_them() throws Exception {
        System.setProperty("app.data.dir", root.resolve("other").toString()); // another store: another seed
        assertThat(run("generate", "--month", "2024-05", "--seed", "5", "--out", root.resolve("g5").toString())).isZero();
        assertThat(run("ingest", root.resolve("g5/BTCUSDT-1m-2024-05.zip").toString())).isZero();
        String line = refused(3, "replay", "--run", zip.toString());
        assertThat(line).contains("differ from the bundle's lineage: 2024-05 (stored ");
        assertThat(exports.resolve("replay-reports")).doesNotExist();
        System.setProperty("app.data.dir", root.resolve("empty").toString());
        assertThat(refused(3, "replay", "--run", zip.toString())).contains("2024-05 (not stored)");
    }

    @Test
    void bad_bundles_are_refused_in_one_line_with_nothing_written() throws Exception {
        Map<String, String> exportsBefore = TreeSnapshot.of(exports);
        Path bad = Files.createDirectories(root.resolve("bad"));
        Files.writeString(bad.resolve("text.zip"), "not a zip at all");
        assertThat(refused(3, "replay", "--run", bad.resolve("text.zip").toString())).contains("not a readable ZIP");

        rewrite(zip, bad.resolve("missing.zip"), (n, b) -> n.endsWith("/report.html") ? null : b);
        assertThat(refused(3, "replay", "--run", bad.resolve("missing.zip").toString())).contains("lacks 'report.html'");

        Map<String, byte[]> extra = new LinkedHashMap<>();
        extra.put(id + "/notes.txt", "hi".getBytes(StandardCharsets.UTF_8));
        rewrite(zip, bad.resolve("extra.zip"), (n, b) -> b, extra);
        assertThat(refused(3, "replay", "--run", bad.resolve("extra.zip").toString()))
                .contains("extra file '" + id + "/notes.txt'");

        for (String slip : new String[] {id + "/../../evil.txt", "/tmp/evil.txt", id + "\\..\\evil.txt"}) {
            Map<String, byte[]> e = new LinkedHashMap<>();
            e.put(slip, "x".getBytes(StandardCharsets.UTF_8));
            Path z = bad.resolve("slip.zip");
            rewrite(zip, z, (n, b) -> b, e);
            assertThat(refused(3, "replay", "--run", z.toString())).as(slip).contains("unsafe path entry");
        }
        assertThat(root.resolve("evil.txt")).doesNotExist();

        Files.copy(zip, bad.resolve(id + ".zip"));
        Files.writeString(bad.resolve(id + ".zip.sha256"), "00" + "0".repeat(62) + "  " + id + ".zip\n");
        assertThat(refused(3, "replay", "--run", bad.resolve(id + ".zip").toString())).contains("does not match " + id
                + ".zip.sha256");

        // oversized: the ZIP itself, then an entry that unpacks past the bound (a ZIP bomb)
        System.setProperty("app.replay.max-bundle-bytes", "4096");
        assertThat(refused(3, "replay", "--run", zip.toString())).contains("more than app.replay.max-bundle-bytes (4096)");
        long limit = Files.size(zip) + 100_000;
        System.setProperty("app.replay.max-bundle-bytes", Long.toString(limit));
        rewrite(zip, bad.resolve("bomb.zip"), (n, b) -> n.endsWith("/report.html") ? new byte[3_000_000] : b);
        assertThat(Files.size(bad.resolve("bomb.zip"))).isLessThan(limit);
        assertThat(refused(3, "replay", "--run", bad.resolve("bomb.zip").toString())).contains("unpacks to more than");
        System.clearProperty("app.replay.max-bundle-bytes");

        assertThat(refused(2, "replay", "--run", bad.resolve("nope.zip").toString())).contains("nope.zip");
        assertThat(refused(2, "replay", "--run", zip.toString(), "--route", "backtest")).contains("--run takes no");
        assertThat(TreeSnapshot.of(exports)).isEqualTo(exportsBefore);
        assertThat(exports.resolve("replay-reports")).doesNotExist();
    }

    private interface Edit {
        byte[] apply(String name, byte[] bytes);
    }

    private static void rewrite(Path from, Path to, Edit edit) throws Exception {
        rewrite(from, to, edit, Map.of());
    }

    /** A copy of a bundle with entries edited (null: left out) and extra entries appended. */
    private static void rewrite(Path from, Path to, Edit edit, Map<String, byte[]> extra) throws Exception {
        Files.createDirectories(to.getParent());
        try (ZipFile in = new ZipFile(from.toFile()); OutputStream os = Files.newOutputStream(to);
             ZipOutputStream z = new ZipOutputStream(os)) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                byte[] b = edit.apply(e.getName(), in.getInputStream(e).readAllBytes());
                if (b != null) {
                    z.putNextEntry(new ZipEntry(e.getName()));
                    z.write(b);
                    z.closeEntry();
                }
            }
            for (Map.Entry<String, byte[]> x : extra.entrySet()) {
                z.putNextEntry(new ZipEntry(x.getKey()));
                z.write(x.getValue());
                z.closeEntry();
            }
        }
    }
}
