package ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import storage.OffsetsCodec;

/**
 * An export CSV still in its exports folder is checked against the {@code manifest.json} beside it too: an entry for
 * this file with another SHA-256 means its bytes changed since the export (edited, truncated, half-copied), so it is
 * refused like a mismatching {@code .sha256}. No manifest, or no entry for the file (a copy elsewhere), checks nothing.
 */
final class ExportManifestCheck {
    static final String MANIFEST = "manifest.json";
    /** A manifest is small (one entry per export); anything far larger is not ours and is not read. */
    private static final long MAX_BYTES = 16L << 20;

    private ExportManifestCheck() {
    }

    static void check(Path file, String fileName, String sha256, Clock clock) {
        Path manifest = file.resolveSibling(MANIFEST);
        JsonNode root;
        try {
            if (!Files.isRegularFile(manifest) || Files.size(manifest) > MAX_BYTES) {
                return;
            }
            root = OffsetsCodec.JSON.readTree(manifest.toFile());
        } catch (IOException e) {
            return; // not a manifest we can read: the .sha256 (when present) still guards the file
        }
        for (JsonNode entry : root.path("exports")) {
            if (fileName.equals(entry.path("file").asText()) && entry.hasNonNull("sha256")
                    && !sha256.equals(entry.path("sha256").asText())) {
                throw new IngestRejectedException(new Rejection(RejectCode.CHECKSUM_MISMATCH, "SHA-256 " + sha256
                        + " does not match the export's entry in " + MANIFEST + " (" + entry.path("sha256").asText()
                        + "): the file changed since it was exported", fileName, 0, null, sha256, Instant.now(clock)));
            }
        }
    }
}
