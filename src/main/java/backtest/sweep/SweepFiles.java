package backtest.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import storage.Column;
import storage.Tables;
import storage.Hashes;

/**
 * A sweep's files ({@link SweepResult#writeRanking(Path, SweepMetric)}). Numbers in the CSV are exact and
 * locale-free: the shortest decimal that reads back as the same double, never in exponent form ({@code 0.0001},
 * {@code 12}); NaN (undefined) is an empty field, infinity {@code inf}. In the Parquet file periods and counts are
 * integers, NaN is null.
 */
public final class SweepFiles {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SweepFiles() {
    }

    static void write(SweepResult r, Path folder, SweepMetric by) throws IOException {
        Files.createDirectories(folder);
        List<SweepResult.Row> ranked = r.ranking(by);
        List<String> keys = List.copyOf(r.grid().axes().keySet());
        List<Column> columns = new ArrayList<>();
        columns.add(Column.longs("rank", longs(ranked.size(), i -> i + 1)));
        columns.add(Column.longs("grid_index", longs(ranked.size(), i -> ranked.get(i).index())));
        for (String k : keys) {
            double[] v = ranked.stream().mapToDouble(row -> row.params().get(k)).toArray();
            columns.add(SweepParameter.whole(k)
                    ? Column.longs(k, longs(v.length, i -> (long) v[i])) : Column.doubles(k, v));
        }
        for (SweepMetric m : SweepMetric.values()) {
            double[] v = ranked.stream().mapToDouble(row -> row.metric(m)).toArray();
            columns.add(m == SweepMetric.FILLS || m == SweepMetric.ROUND_TRIPS ? Column.longs(m.code(), longs(v.length, i -> (long) v[i]))
                    : Column.doubles(m.code(), v));
        }
        Files.writeString(folder.resolve("ranking.csv"), csv(columns), StandardCharsets.UTF_8);
        Tables.writeParquet(folder.resolve("ranking.parquet"), columns);
        Files.writeString(folder.resolve("sweep.json"), json(summary(r, by)), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("sweep-timing.json"), json(timing(r)), StandardCharsets.UTF_8);
    }

    /**
     * {@code reruns.json}: the run ids of the full runs made of the best rows, best first ({@code rank} 1 first), each
     * a folder beside the sweep folder.
     */
    public static void writeReruns(Path folder, List<String> runIds) throws IOException {
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int i = 0; i < runIds.size(); i++) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("rank", i + 1);
            e.put("id", runIds.get(i));
            runs.add(e);
        }
        Files.writeString(folder.resolve("reruns.json"), json(Map.of("reruns", runs)), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> summary(SweepResult r, SweepMetric by) {
        String yaml = r.base().toYaml();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ranked_by", by.code());
        m.put("order", by.higherIsBetter() ? "highest first" : "lowest first");
        m.put("base_config_sha256", Hashes.sha256(yaml.getBytes(StandardCharsets.UTF_8)));
        m.put("base_config", yaml);
        m.put("grid", r.grid().axes());
        m.put("combinations", r.combinations());
        m.put("ran", r.rows().size());
        m.put("skipped", r.skipped().size());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("symbol", r.base().symbol());
        data.put("interval", r.base().interval().code());
        data.put("history_from", r.historyFrom().toString());
        data.put("start", r.base().start().toString());
        data.put("end", r.base().end().toString());
        data.put("bars", r.bars());
        data.put("coverage", r.coverage().toMap());
        m.put("data", data);
        m.put("skipped_combinations", skippedRows(r.skipped()));
        return m;
    }

    /** The {@code skipped_combinations} of a sweep's summary: grid index, parameters and reason of each. */
    public static List<Map<String, Object>> skippedRows(List<SweepResult.Skipped> skipped) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SweepResult.Skipped s : skipped) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("grid_index", s.index());
            e.put("params", s.params());
            e.put("reason", s.reason());
            out.add(e);
        }
        return out;
    }

    private static Map<String, Object> timing(SweepResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("threads", r.threads());
        m.put("load_ms", r.loadNanos() / 1e6);
        m.put("wall_ms", r.wallNanos() / 1e6);
        m.put("combinations_per_s", r.rows().size() / (r.wallNanos() / 1e9));
        return m;
    }

    private static String csv(List<Column> columns) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", columns.stream().map(Column::name).toList())).append('\n');
        int n = columns.get(0).size();
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < columns.size(); c++) {
                sb.append(c == 0 ? "" : ",");
                Object v = columns.get(c).values();
                sb.append(v instanceof long[] a ? Long.toString(a[i]) : text(((double[]) v)[i]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Exact, locale-free, never in exponent form; NaN empty, infinities {@code inf} / {@code -inf}. */
    public static String text(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return v == 0 ? "0" : BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static long[] longs(int n, java.util.function.IntToLongFunction f) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = f.applyAsLong(i);
        }
        return out;
    }

    private static String json(Map<String, Object> m) {
        try {
            return JSON.writeValueAsString(m) + "\n";
        } catch (JsonProcessingException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
