package runs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A finished run folder as the run registry reads it: its id, folder, metrics.json and its resolved config.yaml
 * flattened to dotted keys ({@code strategy.type}, {@code indicators.ema_fast}) so runs can be compared key by key.
 * Read-only; nothing here depends on the wall clock except {@code finished} (metrics.json's modification time).
 */
public record RunRecord(String id, String strategy, Path folder, Instant finished, String start, String end,
                        String interval, Map<String, Object> metrics, Map<String, String> params) {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    /** Reads a finished run folder ({@link RunIndex.FolderRun}); an IOException when it vanished or is unreadable. */
    public static RunRecord load(RunIndex.FolderRun run) throws IOException {
        Path folder = run.folder();
        Map<String, Object> metrics = JSON.readValue(Files.readAllBytes(folder.resolve("metrics.json")),
                new TypeReference<LinkedHashMap<String, Object>>() { });
        Map<String, String> params = new LinkedHashMap<>();
        Path config = folder.resolve("config.yaml");
        if (Files.isRegularFile(config)) {
            Object tree = YAML.readValue(Files.readAllBytes(config), Object.class);
            flatten("", tree, params);
        }
        String strategy = params.getOrDefault("strategy.type", run.id().substring(0, run.id().lastIndexOf('-')));
        return new RunRecord(run.id(), strategy, folder, run.finished(), params.get("start"), params.get("end"),
                params.get("interval"), metrics, params);
    }

    /** A metric as a number, or null when missing, null (undefined) or not a number ("Infinity" counts as one). */
    public Double number(String key) {
        Object v = metrics.get(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if ("Infinity".equals(v)) {
            return Double.POSITIVE_INFINITY;
        }
        if ("-Infinity".equals(v)) {
            return Double.NEGATIVE_INFINITY;
        }
        return null;
    }

    private static void flatten(String prefix, Object node, Map<String, String> out) throws IOException {
        if (node instanceof Map<?, ?> m) {
            if (m.isEmpty() && !prefix.isEmpty()) {
                out.put(prefix, "{}");
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                flatten(prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node instanceof List<?> l) {
            out.put(prefix, JSON.writeValueAsString(l));
        } else if (!prefix.isEmpty()) {
            out.put(prefix, node == null ? "null" : String.valueOf(node));
        }
    }
}
