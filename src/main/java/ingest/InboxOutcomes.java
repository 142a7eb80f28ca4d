package ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import storage.AtomicFiles;
import storage.OffsetsCodec;

/**
 * What happens to an inbox file after ingest: processed files go to {@code inbox/.done/}, refused ones to
 * {@code inbox/.failed/} with {@code <name>.reason.json}; a {@code .CHECKSUM} sibling follows its archive, a
 * {@code .sha256} its export CSV.
 * A refused file never replaces an earlier one of the same name: it is kept as {@code NAME-2.EXT} (then -3, ...),
 * its reason file and CHECKSUM named alike. The archive itself is moved by the file consumer to the path returned.
 */
public final class InboxOutcomes {
    public static final String DONE = ".done";
    public static final String FAILED = ".failed";
    private static final String REASON = ".reason.json";

    /**
     * Writes the reason file (refusals), moves the CHECKSUM sibling; returns where the file goes, relative to the
     * inbox ({@code .done/NAME}, {@code .failed/NAME} or {@code .failed/NAME-2.EXT}).
     */
    public String settle(String path, IngestOutcome outcome) throws IOException {
        Path file = Path.of(path);
        String folder = outcome.ok() ? DONE : FAILED;
        Path target = file.resolveSibling(folder);
        Files.createDirectories(target);
        String name = file.getFileName().toString();
        String stored = outcome.ok() ? name : freeName(target, name);
        if (!outcome.ok()) {
            AtomicFiles.replace(target.resolve(stored + REASON), reasonJson(outcome.rejection()));
        }
        Path checksum = ChecksumFile.siblingOf(file);
        if (Files.exists(checksum)) {
            Files.move(checksum, target.resolve(stored + ChecksumFile.SUFFIX), StandardCopyOption.REPLACE_EXISTING);
        }
        Path sha256 = ChecksumFile.sha256SiblingOf(file); // beside our exports
        if (Files.exists(sha256)) {
            Files.move(sha256, target.resolve(stored + ChecksumFile.SHA256_SUFFIX), StandardCopyOption.REPLACE_EXISTING);
        }
        return folder + "/" + stored;
    }

    /** {@code name}, or the first of NAME-2.EXT, NAME-3.EXT ... (inserted before the first dot) not yet used. */
    static String freeName(Path folder, String name) {
        int dot = name.indexOf('.', 1);
        String stem = dot < 0 ? name : name.substring(0, dot);
        String ext = dot < 0 ? "" : name.substring(dot);
        String candidate = name;
        for (int n = 2; taken(folder, candidate); n++) {
            candidate = stem + "-" + n + ext;
        }
        return candidate;
    }

    private static boolean taken(Path folder, String name) {
        return Files.exists(folder.resolve(name)) || Files.exists(folder.resolve(name + REASON))
                || Files.exists(folder.resolve(name + ChecksumFile.SUFFIX))
                || Files.exists(folder.resolve(name + ChecksumFile.SHA256_SUFFIX));
    }

    public static byte[] reasonJson(Rejection r) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", r.code().name());
        m.put("message", r.message());
        m.put("file", r.file());
        m.put("line", r.line() > 0 ? r.line() : null);
        m.put("field", r.field());
        m.put("sha256", r.sha256());
        m.put("rejected_at", r.rejectedAt() == null ? null : r.rejectedAt().toString());
        return OffsetsCodec.JSON.writeValueAsBytes(m); // the mapper is set up here, when a file is refused
    }
}
