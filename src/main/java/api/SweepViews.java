package api;

import backtest.sweep.GridSpec;
import backtest.sweep.SweepMetric;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a sweep is shown ({@link SweepView}): from a sweep job's snapshot, and from its finished folder (the job's, or
 * one made by {@code backtest sweep} in the CLI): sweep.json for the counts and grid, the first {@code top} rows of
 * ranking.csv for the ranking, reruns.json for the full runs.
 */
final class SweepViews {
    private SweepViews() {
    }

    /** Whether {@code folder} holds a finished sweep. */
    static boolean finished(Path folder) {
        return folder != null && Files.isRegularFile(folder.resolve("sweep.json"));
    }

    static SweepView of(Job.Snapshot s, int top) {
        JobRecord r = s.record();
        JobStatus status = s.status();
        Path folder = r.runFolder() == null ? null : Path.of(r.runFolder());
        if (status == JobStatus.DONE && finished(folder)) {
            SweepView done = ofFolder(r.id(), folder, top);
            if (done != null) {
                return done;
            }
        }
        SweepSpec spec = r.sweep();
        GridSpec grid = GridSpec.parse(spec.grid());
        SweepView.SweepProgress progress = null;
        if (status == JobStatus.RUNNING) {
            Job.Progress p = s.progress();
            progress = p == null || p.barsTotal() == 0 ? new SweepView.SweepProgress(0, (int) grid.combinations())
                    : new SweepView.SweepProgress(p.barsDone(), p.barsTotal());
        }
        Map<String, List<Number>> axes = new LinkedHashMap<>();
        grid.axes().forEach((k, values) -> axes.put(k, values.stream().map(v -> (Number) number(v)).toList()));
        return new SweepView(r.id(), status.code(), progress, spec.rankBy(), order(spec.rankBy()), grid.combinations(),
                null, null, axes, null, r.error(), new SweepView.SweepLinks("/sweeps/" + r.id(), null, List.of()));
    }

    /**
     * A finished sweep folder's view (status done) with its best {@code top} rows (none, for a list, when 0); null when
     * its files cannot be read (being replaced).
     */
    static SweepView ofFolder(String id, Path folder, int top) {
        try {
            JsonNode sweep = ApiJson.MAPPER.readTree(folder.resolve("sweep.json").toFile());
            Map<String, List<Number>> axes = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = sweep.path("grid").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> axis = it.next();
                List<Number> values = new ArrayList<>();
                axis.getValue().forEach(v -> values.add(number(v.asDouble())));
                axes.put(axis.getKey(), values);
            }
            String rankBy = sweep.path("ranked_by").asText();
            List<SweepView.RankedRow> ranking = top > 0 ? ranking(folder.resolve("ranking.csv"), axes.keySet(), top) : null;
            List<String> reruns = new ArrayList<>();
            Path rerunsFile = folder.resolve("reruns.json");
            if (Files.isRegularFile(rerunsFile)) {
                ApiJson.MAPPER.readTree(rerunsFile.toFile()).path("reruns")
                        .forEach(run -> reruns.add("/backtests/" + run.path("id").asText()));
            }
            return new SweepView(id, JobStatus.DONE.code(), null, rankBy, sweep.path("order").asText(order(rankBy)),
                    sweep.path("combinations").asLong(), sweep.path("ran").asInt(), sweep.path("skipped").asInt(), axes,
                    ranking, null, new SweepView.SweepLinks("/sweeps/" + id, "/sweeps/" + id + "/ranking.csv", reruns));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The first {@code top} rows of ranking.csv (rank, grid_index, the grid keys, the metrics). */
    private static List<SweepView.RankedRow> ranking(Path csv, Set<String> keys, int top) throws IOException {
        List<SweepView.RankedRow> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String[] header = in.readLine().split(",", -1);
            String line;
            while (rows.size() < top && (line = in.readLine()) != null) {
                String[] cells = line.split(",", -1);
                Map<String, Number> params = new LinkedHashMap<>();
                Map<String, Number> metrics = new LinkedHashMap<>();
                for (int c = 2; c < header.length; c++) {
                    (keys.contains(header[c]) ? params : metrics).put(header[c], cell(cells[c]));
                }
                rows.add(new SweepView.RankedRow(Integer.parseInt(cells[0]), params, metrics));
            }
        }
        return rows;
    }

    /** A ranking.csv number as written (exact, plain); empty (NaN) and infinities: null. */
    private static BigDecimal cell(String text) {
        return text.isEmpty() || text.endsWith("inf") ? null : new BigDecimal(text);
    }

    private static BigDecimal number(double v) {
        return v == 0 ? BigDecimal.ZERO : new BigDecimal(BigDecimal.valueOf(v).stripTrailingZeros().toPlainString());
    }

    private static String order(String rankBy) {
        return SweepMetric.parse(rankBy).higherIsBetter() ? "highest first" : "lowest first";
    }
}
