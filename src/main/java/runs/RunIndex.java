package runs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import storage.AtomicFiles;

/**
 * The finished run folders under the runs folder, wherever they were made from (API or CLI): a folder named like a
 * run id that holds {@code metrics.json}. Folders being written ({@code .tmp-} names) never count. Looks at most
 * {@link #MAX_DEPTH} folders deep; links are not followed.
 */
public final class RunIndex {
    public static final int MAX_DEPTH = 4;
    /** Run ids: {@code <strategy>-<12 hex>}, the strategy in lower case with up to three dashes. */
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]{0,19}(-[a-z0-9]{1,20}){0,3}-[0-9a-f]{12}");
    private final Path root;

    public RunIndex(Path root) {
        this.root = root;
    }

    /** Whether {@code id} looks like a run id (anything else names no run and is never used in a path). */
    public static boolean validId(String id) {
        return id != null && id.length() <= 80 && ID.matcher(id).matches();
    }

    /** The runs folder this index scans. */
    public Path root() {
        return root;
    }

    /** A finished run folder and when it was finished (its metrics.json's time). */
    public record FolderRun(String id, Path folder, Instant finished) {
    }

    public List<FolderRun> scan() throws IOException {
        List<FolderRun> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                String name = dir.getFileName().toString();
                if (name.contains(AtomicFiles.TMP_MARKER)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Path metrics = dir.resolve("metrics.json");
                if (!dir.equals(root) && validId(name) && Files.isRegularFile(metrics)) {
                    out.add(new FolderRun(name, dir, Files.getLastModifiedTime(metrics).toInstant()));
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE; // a folder we may not read holds no run we could serve
            }
        });
        out.sort(Comparator.comparing(FolderRun::finished).reversed().thenComparing(FolderRun::id));
        return out;
    }

    /** The finished folder of run {@code id} (a valid id), if any. */
    public Optional<Path> find(String id) throws IOException {
        return scan().stream().filter(r -> r.id().equals(id)).map(FolderRun::folder).findFirst();
    }

    /** Whether {@code folder} holds a finished run. */
    public static boolean finished(Path folder) {
        return folder != null && Files.isRegularFile(folder.resolve("metrics.json"));
    }

    /**
     * Deletes run folders left half-written by a process that died ({@code <id>.tmp-<pid>-...} whose writer is gone).
     * Answers the folders removed.
     */
    public List<Path> removeDeadTemps() throws IOException {
        List<Path> dead = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return dead;
        }
        try (Stream<Path> all = Files.walk(root, MAX_DEPTH)) {
            all.filter(p -> p.getFileName().toString().contains(AtomicFiles.TMP_MARKER) && Files.isDirectory(p)
                    && !AtomicFiles.writerAlive(p)).forEach(dead::add);
        }
        for (Path d : dead) {
            if (!Files.exists(d)) {
                continue; // inside one deleted before
            }
            try (Stream<Path> tree = Files.walk(d)) {
                for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return dead;
    }
}
