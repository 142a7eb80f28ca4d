package runs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import storage.AtomicFiles;

/**
 * Removes a finished run folder, and nothing else: the id must look like a run id (no {@code /}, no {@code ..}), the
 * folder must be one {@link RunIndex} finds under the runs folder (a real folder holding metrics.json, reached without
 * following a link, not a {@code .tmp-} folder being written), and its real path must lie inside the runs folder's.
 * The folder is first renamed aside in one atomic step ({@code <id>.tmp-<pid>-...}, so a reader sees the whole run or
 * none, and a removal cut short is cleaned up like any dead temp folder), then deleted without following links.
 */
public final class RunRemoval {
    private RunRemoval() {
    }

    /** The folder of run {@code id} to remove; an IllegalArgumentException (one line, naming it) when it is not one. */
    public static Path check(RunIndex index, String id) throws IOException {
        if (!RunIndex.validId(id)) {
            throw new IllegalArgumentException(RunComparison.noRun(index, id));
        }
        Path folder = index.find(id).orElseThrow(() -> new IllegalArgumentException(RunComparison.noRun(index, id)));
        Path root = index.root().toRealPath();
        if (Files.isSymbolicLink(folder) || !folder.toRealPath().startsWith(root)
                || !Files.isRegularFile(folder.resolve("metrics.json"), LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("run " + id + ": " + folder + " is not a run folder inside " + root
                    + "; not removed");
        }
        return folder;
    }

    /** Renames {@code folder} aside atomically, then deletes it (links inside are removed, never followed). */
    public static void remove(Path folder) throws IOException {
        Path aside = AtomicFiles.tempSibling(folder);
        Files.move(folder, aside, StandardCopyOption.ATOMIC_MOVE);
        Files.walkFileTree(aside, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
