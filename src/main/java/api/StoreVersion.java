package api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Which commit of the store an answer was computed from, read from the file attributes of offsets.json (one stat, a
 * few microseconds): every commit - by this process or another (a CLI ingest) - replaces that file by a rename, so its
 * file key (inode), modification time and size change together. Cached answers are kept per version.
 */
public record StoreVersion(Object fileKey, long modifiedNanos, long size) {
    /** The version of an empty store (no offsets.json yet). */
    public static final StoreVersion EMPTY = new StoreVersion("none", 0, 0);

    public static StoreVersion of(Path offsetsFile) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(offsetsFile, BasicFileAttributes.class);
            Object key = a.fileKey();
            return new StoreVersion(key == null ? "" : key, a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
                    a.size());
        } catch (NoSuchFileException e) {
            return EMPTY;
        }
    }
}
