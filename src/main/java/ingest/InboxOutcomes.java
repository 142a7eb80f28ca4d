package ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
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
 * {@code inbox/.failed/} with {@code <name>.reason.json}; a {@code .CHECKSUM} sibling follows its archive.
 * The archive itself is moved by the file consumer to the folder returned here.
 */
public final class InboxOutcomes {
    public static final String DONE = ".done";
    public static final String FAILED = ".failed";
    private static final ObjectMapper JSON = OffsetsCodec.JSON;

    /** Writes the reason file (refusals), moves the CHECKSUM sibling; returns the sub-folder for the file. */
    public String settle(String path, IngestOutcome outcome) throws IOException {
        Path file = Path.of(path);
        String folder = outcome.ok() ? DONE : FAILED;
        Path target = file.resolveSibling(folder);
        Files.createDirectories(target);
        if (!outcome.ok()) {
            AtomicFiles.replace(target.resolve(file.getFileName() + ".reason.json"), reasonJson(outcome.rejection()));
        }
        Path checksum = ChecksumFile.siblingOf(file);
        if (Files.exists(checksum)) {
            Files.move(checksum, target.resolve(checksum.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        return folder;
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
        return JSON.writeValueAsBytes(m);
    }
}
