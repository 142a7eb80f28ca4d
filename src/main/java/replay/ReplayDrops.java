package replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import storage.AtomicFiles;

/**
 * The replay drop folder of the long-lived process, {@code <exports>/replay/<route>/}: a recording (.jsonl) copied
 * there is replayed through that route in compare mode. Afterwards it moves to {@code <route>/.done/} when every
 * exchange matched, else to {@code <route>/.failed/} with {@code <name>.reason.json} (the counts, the first difference
 * and the report; or why it was refused: an unknown route folder, a file outside any route folder). A file never
 * replaces an earlier one of the same name there: it is kept as {@code NAME-2.EXT} (then -3, ...).
 */
public final class ReplayDrops {
    public static final String DONE = ".done";
    public static final String FAILED = ".failed";
    static final String REASON = ".reason.json";

    private final Path dir;

    public ReplayDrops(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    /** The compare-mode request for a dropped file; its folder names the route. */
    public ReplayRequest request(String path) {
        Path file = Path.of(path).toAbsolutePath().normalize();
        Path parent = file.getParent();
        if (parent.equals(dir)) {
            throw new IllegalArgumentException(file.getFileName() + " is not in a route folder: copy recordings into "
                    + dir + "/<route>/ (" + String.join(", ", Replayer.routes()) + ")");
        }
        String route = parent.getFileName().toString();
        if (!RecordedRoutes.HEADERS.containsKey(route)) {
            throw new IllegalArgumentException("unknown route folder '" + route + "': recordings replay from "
                    + String.join(", ", Replayer.routes().stream().map(r -> dir.getFileName() + "/" + r + "/").toList()));
        }
        return new ReplayRequest.Recording(route, file, false, Replayer.Overrides.NONE);
    }

    /** Where a replayed file goes (relative to the drop folder): .done when all matched, else .failed with a reason. */
    public String settle(String path, Replayer.Outcome o) throws IOException {
        if (o.differed() == 0 && o.failed() == 0) {
            return move(path, DONE, null);
        }
        ObjectNode reason = ExchangeJson.JSON.createObjectNode()
                .put("message", o.matched() + " matched, " + o.differed() + " differed, " + o.failed() + " failed")
                .put("report", o.report().toString());
        return move(path, FAILED, reason);
    }

    /** Where a refused file goes: .failed with the reason. */
    public String refuse(String path, Throwable e) throws IOException {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && !(t instanceof IllegalArgumentException)) {
            t = t.getCause();
        }
        ObjectNode reason = ExchangeJson.JSON.createObjectNode().put("message", String.valueOf(t.getMessage()))
                .put("type", t.getClass().getName());
        return move(path, FAILED, reason);
    }

    private String move(String path, String folder, ObjectNode reason) throws IOException {
        Path file = Path.of(path).toAbsolutePath().normalize();
        Path target = file.resolveSibling(folder);
        Files.createDirectories(target);
        String stored = freeName(target, file.getFileName().toString());
        if (reason != null) {
            reason.put("file", file.getFileName().toString());
            AtomicFiles.replace(target.resolve(stored + REASON), (ExchangeJson.JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(reason) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return dir.relativize(target.resolve(stored)).toString().replace(java.io.File.separatorChar, '/');
    }

    /** {@code name}, or the first of NAME-2.EXT, NAME-3.EXT ... not yet used. */
    static String freeName(Path folder, String name) {
        int dot = name.indexOf('.', 1);
        String stem = dot < 0 ? name : name.substring(0, dot);
        String ext = dot < 0 ? "" : name.substring(dot);
        String candidate = name;
        for (int n = 2; Files.exists(folder.resolve(candidate)) || Files.exists(folder.resolve(candidate + REASON)); n++) {
            candidate = stem + "-" + n + ext;
        }
        return candidate;
    }
}
