package export;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import storage.AtomicFiles;

/**
 * {@code exports/manifest.json}: one entry per export file (keyed by its path under the exports folder, sorted), what
 * it holds and what it was made from. Rewritten last, atomically, and only when its bytes change; nothing in it
 * depends on the wall clock, so re-exporting unchanged data leaves it byte-identical. Entries of files no longer
 * present are dropped.
 */
public final class ExportManifest {
    public static final String FILE = "manifest.json";
    static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ExportManifest() {
    }

    /**
     * One export. {@code sources}: month -> SHA-256 of the month file it was made from (as offsets.json records it);
     * {@code range}: {@code from}/{@code to} (to exclusive) of what was asked; {@code details}: kind-specific fields.
     */
    public record Entry(String file, String kind, String interval, Map<String, String> range, long rows,
                        long missingMinutes, String sha256, Map<String, String> sources, String programVersion,
                        Map<String, Object> details) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", file);
            m.put("kind", kind);
            m.put("interval", interval);
            m.put("range", range);
            m.put("rows", rows);
            m.put("missing_minutes", missingMinutes);
            m.put("sha256", sha256);
            m.put("sources", new TreeMap<>(sources));
            m.put("program_version", programVersion);
            details.forEach(m::put);
            return m;
        }
    }

    /** Adds (or replaces) {@code entries} in the manifest of {@code dir}; answers whether the file changed. */
    public static boolean update(Path dir, List<Entry> entries) throws IOException {
        Path file = dir.resolve(FILE);
        TreeMap<String, Map<String, Object>> all = new TreeMap<>();
        for (Map<String, Object> e : read(file)) {
            Object name = e.get("file");
            if (name instanceof String f && Files.isRegularFile(dir.resolve(f))) {
                all.put(f, e);
            }
        }
        entries.forEach(e -> all.put(e.file(), e.toMap()));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format_version", FORMAT_VERSION);
        root.put("exports", new ArrayList<>(all.values()));
        byte[] bytes = (JSON.writeValueAsString(root) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (Files.isRegularFile(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
            return false;
        }
        AtomicFiles.replace(file, bytes);
        return true;
    }

    /** The entries of a manifest (none when it does not exist). */
    public static List<Map<String, Object>> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        Map<String, Object> root;
        try {
            root = JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new ExportRefused(ExportRefused.INCONSISTENT, file + " is not a manifest this program wrote ("
                    + e.getMessage().lines().findFirst().orElse("") + "): move it away and export again");
        }
        Object exports = root.get("exports");
        List<Map<String, Object>> out = new ArrayList<>();
        if (exports instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> entry = (Map<String, Object>) m;
                    out.add(entry);
                }
            }
        }
        return out;
    }
}
