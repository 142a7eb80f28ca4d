package backfill;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The download folder's per-run work folders, {@code run-<pid>-<random>}: a run removes its own when it ends; a run
 * killed with {@code kill -9} cannot, so start-up and every run remove the folders of processes no longer running.
 */
final class RunFolders {
    private static final String PREFIX = "run-";

    private final Path downloadDir;

    RunFolders(Path downloadDir) {
        this.downloadDir = downloadDir;
    }

    /** A new work folder named for this process. */
    Path create() throws IOException {
        Files.createDirectories(downloadDir);
        return Files.createTempDirectory(downloadDir, PREFIX + ProcessHandle.current().pid() + "-");
    }

    /**
     * Removes the work folders of runs whose process has ended (or whose name carries no process id: older versions);
     * returns what it removed. Folders it cannot remove (a read-only store) are left for a later run.
     */
    List<String> removeDead() {
        List<String> removed = new ArrayList<>();
        if (!Files.isDirectory(downloadDir)) {
            return removed;
        }
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(downloadDir, PREFIX + "*")) {
            for (Path run : runs) {
                if (Files.isDirectory(run) && !ownerAlive(run.getFileName().toString()) && delete(run)) {
                    removed.add(run.getFileName().toString());
                }
            }
        } catch (IOException e) {
            // unreadable download folder: nothing to tidy now
        }
        return removed;
    }

    static boolean ownerAlive(String name) {
        int end = name.indexOf('-', PREFIX.length());
        try {
            long pid = Long.parseLong(name.substring(PREFIX.length(), end));
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
