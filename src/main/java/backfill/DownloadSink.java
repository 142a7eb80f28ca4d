package backfill;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a downloaded body to its target file and returns the byte count. */
public final class DownloadSink {
    public long save(InputStream body, String target) throws IOException {
        Path file = Path.of(target);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (InputStream in = body) {
            return Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
