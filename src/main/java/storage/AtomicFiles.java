package storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Durable write-then-rename helpers: a reader sees the old file or the new one, never a torn one. */
public final class AtomicFiles {
    /** Marker in every temp file name, so leftovers of a crash can be recognised and removed. */
    public static final String TMP_MARKER = ".tmp-";

    private AtomicFiles() {
    }

    public static Path tempSibling(Path target) {
        return target.resolveSibling(target.getFileName() + TMP_MARKER + ProcessHandle.current().pid() + "-"
                + Long.toHexString(System.nanoTime()));
    }

    /**
     * Whether the process that created temp file {@code tmp} (see {@link #tempSibling}) still runs. Unknown names
     * count as not running.
     */
    public static boolean writerAlive(Path tmp) {
        String name = tmp.getFileName().toString();
        int at = name.lastIndexOf(TMP_MARKER);
        int end = at < 0 ? -1 : name.indexOf('-', at + TMP_MARKER.length());
        try {
            long pid = Long.parseLong(name.substring(at + TMP_MARKER.length(), end));
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static void writeDurably(Path file, byte[] content) throws IOException {
        Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        fsync(file);
    }

    /** Renames {@code source} over {@code target} atomically and makes the rename durable. */
    public static void moveAtomically(Path source, Path target) throws IOException {
        renameAtomically(source, target);
        fsyncDirectory(target.toAbsolutePath().getParent()); // "frame.parquet" has no parent of its own
    }

    /** As {@link #moveAtomically} without the directory sync: the caller syncs the folder itself before relying on it. */
    static void renameAtomically(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("file system cannot rename atomically: " + source + " -> " + target, e);
        }
    }

    /** Writes bytes to a temp sibling, fsyncs, renames over the target. */
    public static void replace(Path target, byte[] content) throws IOException {
        Path tmp = tempSibling(target);
        try {
            writeDurably(tmp, content);
            moveAtomically(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    public static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // some file systems do not allow opening directories; the rename itself is still atomic
        }
    }
}
