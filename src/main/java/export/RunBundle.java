package export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import storage.AtomicFiles;

/**
 * A run folder as one portable ZIP: every regular file under it (links not followed, temp files left out) as
 * {@code <run-id>/<path>}, entries sorted by path, each with the same fixed time (1980-01-01 00:00, DOS time, no
 * extended time field and so no time zone) and the same compression level: the same folder gives the same bytes.
 */
public final class RunBundle {
    static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private RunBundle() {
    }

    /** Writes the bundle; answers the number of files in it. */
    public static long write(OutputStream out, Path folder, String runId) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !p.getFileName().toString().contains(AtomicFiles.TMP_MARKER))
                    .sorted((a, b) -> entryName(folder, a).compareTo(entryName(folder, b)))
                    .toList();
        }
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.setLevel(Deflater.DEFAULT_COMPRESSION);
        for (Path f : files) {
            ZipEntry e = new ZipEntry(runId + "/" + entryName(folder, f));
            e.setTimeLocal(FIXED_TIME);
            zip.putNextEntry(e);
            Files.copy(f, zip);
            zip.closeEntry();
        }
        zip.finish();
        return files.size();
    }

    private static String entryName(Path folder, Path file) {
        return folder.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }
}
