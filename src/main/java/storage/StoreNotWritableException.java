package storage;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The store cannot be written (permissions, a read-only file system): what, where, why and what to do, in one line.
 * Readers are not affected; every writer (ingest, backfill, repair) is refused with this.
 */
public final class StoreNotWritableException extends IOException {
    private final Path root;

    StoreNotWritableException(Path root, String file, String reason, Throwable cause) {
        super("the store " + root + " is not writable: " + file + " (" + reason + "); writing commands (ingest, backfill,"
                + " verify --repair, the inbox watcher) need write access - make it writable (e.g. chmod -R u+w " + root
                + ") or set app.data.dir to a writable store; verify, features sample and backtest only read it",
                cause);
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** {@code e} as this exception when it says the file system refused a write, else null. */
    static StoreNotWritableException of(Path root, IOException e) {
        if (e instanceof StoreNotWritableException s) {
            return s;
        }
        if (e instanceof AccessDeniedException a) {
            return new StoreNotWritableException(root, a.getFile(), a.getReason() != null ? a.getReason()
                    : "permission denied", e);
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            String reason = f.getReason().toLowerCase(Locale.ROOT);
            if (reason.contains("read-only file system") || reason.contains("operation not permitted")) {
                return new StoreNotWritableException(root, f.getFile(), f.getReason(), e);
            }
        }
        return null;
    }
}
