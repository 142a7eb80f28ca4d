package cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code runs list | compare | rm} on real run folders made by {@code backtest --config}: listing, sorting and filtering,
 * the comparison's parameter differences, self-contained page and determinism, and removal that touches nothing but a
 * finished run folder under the runs folder.
 */
class RunsCommandTest extends CliTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RUN_ID = Pattern.compile("backtest ([a-z0-9-]+-[0-9a-f]{12}):");

    /** Three runs over January 2024 at 1h: ema-cross 12/26, ema-cross 5/20, rsi-threshold; answers their ids. */
    private List<String> threeRuns(Path dir) throws Exception {
        assertThat(run("generate", "--month", "2024-01", "--months", "1", "--seed", "6", "--out", root.resolve("g").toString()))
                .isZero();
        assertThat(run("ingest", root.resolve("g/BTCUSDT-1m-2024-01.zip").toString())).isZero();
        String out = dir.toString().replace("\\", "/");
        List<String> ids = new ArrayList<>();
        for (String body : List.of("indicators: {ema_fast: 12, ema_slow: 26}\nstrategy: {type: ema-cross}\n",
                "indicators: {ema_fast: 5, ema_slow: 20}\nstrategy: {type: ema-cross, size_pct: 0.5}\n",
                "indicators: {rsi: 14}\nstrategy: {type: rsi-threshold, buy_below: 35, sell_above: 65}\n")) {
            Path cfg = Files.writeString(root.resolve("c" + ids.size() + ".yaml"),
                    "start: 2024-01-02\nend: 2024-02-01\ninterval: 1h\n" + body + "output_dir: " + out + "\n");
            this.out.reset();
            assertThat(run("backtest", "--config", cfg.toString())).as(err.toString()).isZero();
            Matcher m = RUN_ID.matcher(this.out.toString());
            assertThat(m.find()).isTrue();
            ids.add(m.group(1));
        }
        return ids;
    }

    private String stdout(String... args) {
        out.reset();
        err.reset();
        assertThat(run(args)).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void lists_sorts_filters_compares_and_removes_real_runs() throws Exception {
        Path dir = root.resolve("bt");
        List<String> ids = threeRuns(dir);
        // a half-written folder and a sweep-like folder without metrics.json never count
        Files.createDirectories(dir.resolve("ema-cross-0123456789ab.tmp-1-abc"));
        Files.writeString(dir.resolve("ema-cross-0123456789ab.tmp-1-abc/metrics.json"), "{}");
        Files.createDirectories(dir.resolve("ema-cross-aaaaaaaaaaaa"));

        String table = stdout("runs", "list", "--dir", dir.toString());
        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).startsWith("id").contains("strategy", "window", "interval", "return", "sharpe", "max dd",
                "trades", "fills");
        assertThat(lines).hasSize(2 + 3);
        assertThat(table).contains(ids.get(0), ids.get(1), ids.get(2), "2024-01-02..2024-02-01", "1h")
                .doesNotContain("0123456789ab", "aaaaaaaaaaaa");

        JsonNode all = JSON.readTree(stdout("runs", "list", "--dir", dir.toString(), "--json", "--sort", "sharpe"));
        assertThat(all.get("count").asInt()).isEqualTo(3);
        List<Double> sharpe = new ArrayList<>();
        all.get("runs").forEach(r -> sharpe.add(r.get("metrics").get("sharpe").isNull() ? null
                : r.get("metrics").get("sharpe").asDouble()));
        List<Double> sorted = new ArrayList<>(sharpe.stream().filter(java.util.Objects::nonNull).toList());
        sorted.sort(java.util.Comparator.reverseOrder());
        assertThat(sharpe.subList(0, sorted.size())).isEqualTo(sorted);

        JsonNode dd = JSON.readTree(stdout("runs", "list", "--dir", dir.toString(), "--json", "--sort", "max_drawdown"));
        List<Double> dds = new ArrayList<>();
        dd.get("runs").forEach(r -> dds.add(r.get("metrics").get("max_drawdown_pct").asDouble()));
        assertThat(dds).isSorted();

        JsonNode ema = JSON.readTree(stdout("runs", "list", "--dir", dir.toString(), "--json", "--strategy", "ema-cross",
                "--sort", "id", "--limit", "1"));
        assertThat(ema.get("count").asInt()).isEqualTo(1);
        assertThat(ema.get("runs").get(0).get("id").asText())
                .isEqualTo(ids.subList(0, 2).stream().sorted().findFirst().orElseThrow());
        assertThat(refused(2, "runs", "list", "--dir", dir.toString(), "--sort", "bogus!"))
                .startsWith("kline-pipeline runs list: --sort bogus!: not a sort key (one of sharpe,");
        assertThat(refused(2, "runs", "list", "--dir", dir.toString(), "--limit", "-1")).contains("--limit must be >= 0");

        // compare: metrics side by side, the differing keys, page and JSON byte-identical on a rerun
        Path page = root.resolve("cmp/compare.html");
        Path json = root.resolve("cmp/compare.json");
        String text = stdout("runs", "compare", ids.get(0), ids.get(1), ids.get(2), "--dir", dir.toString(), "--out",
                page.toString(), "--json", json.toString());
        assertThat(text).contains("metric", "total return", "Sharpe", "max drawdown", "parameters that differ",
                "strategy.type", "indicators.ema_fast", "strategy.size_pct").doesNotContain("\nfee_rate ");
        JsonNode cmp = JSON.readTree(json.toFile());
        assertThat(cmp.get("runs")).hasSize(3);
        assertThat(cmp.get("runs").get(1).get("id").asText()).isEqualTo(ids.get(1));
        List<String> differing = new ArrayList<>();
        cmp.get("differing").forEach(d -> differing.add(d.asText()));
        assertThat(differing).contains("strategy.type", "indicators.ema_fast", "strategy.size_pct")
                .doesNotContain("start", "end", "interval", "fee_rate", "output_dir");
        assertThat(cmp.get("params").get("indicators.ema_fast").get(1).asText()).isEqualTo("5");

        String html = Files.readString(page);
        assertThat(html).contains("<svg class=\"chart\"", "data-name=\"" + ids.get(2) + "\"", "<tr class=\"diff\"><th>strategy.type",
                "<script>").doesNotContainPattern("(src|href)\\s*=\\s*\"?(https?:)?//");
        assertThat(html).doesNotContain("http://", "https://");
        byte[] pageBytes = Files.readAllBytes(page);
        byte[] jsonBytes = Files.readAllBytes(json);
        assertThat(stdout("runs", "compare", ids.get(0), ids.get(1), ids.get(2), "--dir", dir.toString(), "--out",
                page.toString(), "--json", json.toString())).isEqualTo(text);
        assertThat(Files.readAllBytes(page)).isEqualTo(pageBytes);
        assertThat(Files.readAllBytes(json)).isEqualTo(jsonBytes);
        assertThat(stdout("runs", "compare", ids.get(0), ids.get(1), ids.get(2), "--dir", dir.toString(), "--json", "-"))
                .isEqualTo(new String(jsonBytes, java.nio.charset.StandardCharsets.UTF_8));

        assertThat(refused(2, "runs", "compare", ids.get(0), "ema-cross-ffffffffffff", "--dir", dir.toString()))
                .isEqualTo("kline-pipeline runs compare: no run 'ema-cross-ffffffffffff' under " + dir
                        + " (see runs list; run ids look like ema-cross-0123456789ab)");
        assertThat(refused(2, "runs", "compare", "../etc", "--dir", dir.toString())).contains("no run '../etc'");
        assertThat(refused(2, "runs", "compare", ids.get(0), ids.get(0), "--dir", dir.toString()))
                .contains("is given twice");
        assertThat(refused(2, "runs", "compare", "--dir", dir.toString())).contains("ID");

        // rm: dry run leaves it, rm removes only that folder
        assertThat(stdout("runs", "rm", ids.get(1), "--dir", dir.toString(), "--dry-run")).startsWith("would remove ");
        assertThat(dir.resolve(ids.get(1))).isDirectory();
        assertThat(stdout("runs", "rm", ids.get(1), "--dir", dir.toString())).startsWith("removed ");
        assertThat(dir.resolve(ids.get(1))).doesNotExist();
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(ids.get(0), ids.get(2),
                    "ema-cross-0123456789ab.tmp-1-abc", "ema-cross-aaaaaaaaaaaa");
        }
        assertThat(JSON.readTree(stdout("runs", "list", "--dir", dir.toString(), "--json")).get("count").asInt())
                .isEqualTo(2);
    }

    @Test
    void rm_refuses_anything_but_a_run_folder_under_the_runs_folder() throws Exception {
        Path dir = Files.createDirectories(root.resolve("bt"));
        Path outside = Files.createDirectories(root.resolve("outside/ema-cross-0123456789ab"));
        Files.writeString(outside.resolve("metrics.json"), "{}");
        Path keep = Files.writeString(root.resolve("outside/keep.txt"), "keep");
        // a link named like a run to a run folder outside: not followed, no run
        Files.createSymbolicLink(dir.resolve("ema-cross-0123456789ab"), outside);
        assertThat(refused(2, "runs", "rm", "ema-cross-0123456789ab", "--dir", dir.toString()))
                .startsWith("kline-pipeline runs rm: no run 'ema-cross-0123456789ab' under " + dir);
        assertThat(outside.resolve("metrics.json")).exists();
        // a folder without metrics.json, a temp folder, path tricks
        Files.createDirectories(dir.resolve("ema-cross-aaaaaaaaaaaa"));
        Files.createDirectories(dir.resolve("ema-cross-bbbbbbbbbbbb.tmp-1-x"));
        Files.writeString(dir.resolve("ema-cross-bbbbbbbbbbbb.tmp-1-x/metrics.json"), "{}");
        for (String id : List.of("ema-cross-aaaaaaaaaaaa", "ema-cross-bbbbbbbbbbbb.tmp-1-x", "ema-cross-bbbbbbbbbbbb",
                "../outside/ema-cross-0123456789ab", "..", "/tmp", "ema-cross-aaaaaaaaaaaa/..")) {
            assertThat(refused(2, "runs", "rm", id, "--dir", dir.toString())).contains("no run '");
        }
        assertThat(dir.resolve("ema-cross-aaaaaaaaaaaa")).isDirectory();
        // a run whose folder holds a link to a file outside: the link goes, the file stays
        Path real = Files.createDirectories(dir.resolve("nested/rsi-threshold-cccccccccccc"));
        Files.writeString(real.resolve("metrics.json"), "{\"sharpe\": 1.0}");
        Files.createSymbolicLink(real.resolve("escape"), keep);
        Files.createSymbolicLink(real.resolve("escape-dir"), root.resolve("outside"));
        // every id is checked before any is removed
        assertThat(refused(2, "runs", "rm", "rsi-threshold-cccccccccccc", "ema-cross-ffffffffffff", "--dir", dir.toString()))
                .contains("ema-cross-ffffffffffff");
        assertThat(real).isDirectory();
        out.reset();
        assertThat(run("runs", "rm", "rsi-threshold-cccccccccccc", "--dir", dir.toString())).as(err.toString()).isZero();
        assertThat(real).doesNotExist();
        assertThat(keep).hasContent("keep");
        assertThat(outside.resolve("metrics.json")).exists();
        try (var left = Files.list(dir.resolve("nested"))) {
            assertThat(left).isEmpty(); // nothing left aside
        }
        assertThat(refused(2, "runs", "list", "--dir", keep.toString())).contains("is a file, not a folder");
        assertThat(stdout("runs", "list", "--dir", root.resolve("none").toString())).startsWith("no finished runs under ");
    }
}
