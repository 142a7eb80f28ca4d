package api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import storage.AtomicFiles;

/**
 * One small JSON file per job, each rewritten whole and atomically (temp file, fsync, rename): after a crash a job
 * file holds its old or its new state, never half of one.
 */
public final class JobStore {
    private static final Logger LOG = LoggerFactory.getLogger(JobStore.class);
    private static final ObjectMapper READER = ApiJson.MAPPER.copy()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Path dir;

    public JobStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    public Path dir() {
        return dir;
    }

    public void save(JobRecord r) throws IOException {
        AtomicFiles.replace(dir.resolve(r.id() + ".json"), ApiJson.MAPPER.writeValueAsBytes(r));
    }

    /**
     * Every readable job file, oldest submission first. Temp files of dead writers are deleted; a file that cannot be
     * read is renamed {@code <name>.unreadable} (kept for a look, never read again) and logged.
     */
    public List<JobRecord> loadAll() throws IOException {
        List<JobRecord> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.contains(AtomicFiles.TMP_MARKER)) {
                    if (!AtomicFiles.writerAlive(f)) {
                        Files.deleteIfExists(f);
                    }
                } else if (name.endsWith(".json")) {
                    try {
                        JobRecord r = READER.readValue(f.toFile(), JobRecord.class);
                        if (r.id() == null || !name.equals(r.id() + ".json") || r.status() == null || r.config() == null) {
                            throw new IOException("not a job record");
                        }
                        JobStatus.of(r.status());
                        out.add(r);
                    } catch (IOException | IllegalArgumentException e) {
                        LOG.warn("job file {} cannot be read ({}); renamed to {}.unreadable", f, e.getMessage(), name);
                        Files.move(f, f.resolveSibling(name + ".unreadable"));
                    }
                }
            }
        }
        out.sort(java.util.Comparator.comparing(JobRecord::submittedAt, java.util.Comparator.nullsFirst(
                java.util.Comparator.naturalOrder())).thenComparing(JobRecord::id));
        return out;
    }
}
