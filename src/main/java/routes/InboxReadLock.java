package routes;

import ingest.InboxLanes;
import java.io.File;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.strategy.FileChangedExclusiveReadLockStrategy;

/**
 * The inbox watcher's read lock: Camel's {@code readLock=changed} (a file is taken once its size and time stamp have
 * stayed unchanged for the settle time), taken only when {@link InboxLanes} lets the file start - a free slot and no
 * other file of its symbol in flight. A file refused here stays in the inbox for a later poll, unreported. The lane is
 * freed when Camel releases the lock: after the file was settled (moved to .done or .failed), or when it could not
 * start.
 */
final class InboxReadLock extends FileChangedExclusiveReadLockStrategy {
    /** Exchange property: the inbox path whose lane this exchange holds (the file itself may have moved on release). */
    private static final String STARTED = "klineInboxStarted";
    private final InboxLanes lanes;

    InboxReadLock(InboxLanes lanes, PipelineSettings.Inbox inbox) {
        this.lanes = lanes;
        setCheckInterval(inbox.settleMs());
        setMinAge(inbox.settleMs());
        setTimeout(inbox.lockTimeoutMs());
        setMinLength(0);
        setReadLockLoggingLevel(LoggingLevel.OFF);
    }

    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<File> operations, GenericFile<File> file,
                                            Exchange exchange) throws Exception {
        Path path = path(file);
        if (!lanes.tryStart(path)) {
            return false;
        }
        boolean settled = false;
        try {
            settled = super.acquireExclusiveReadLock(operations, file, exchange);
            if (settled) {
                exchange.setProperty(STARTED, path);
            }
            return settled;
        } finally {
            if (!settled) {
                lanes.finish(path);
            }
        }
    }

    @Override
    public void releaseExclusiveReadLockOnAbort(GenericFileOperations<File> operations, GenericFile<File> file,
                                                Exchange exchange) throws Exception {
        try {
            super.releaseExclusiveReadLockOnAbort(operations, file, exchange);
        } finally {
            finish(exchange);
        }
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(GenericFileOperations<File> operations, GenericFile<File> file,
                                                   Exchange exchange) throws Exception {
        try {
            super.releaseExclusiveReadLockOnRollback(operations, file, exchange);
        } finally {
            finish(exchange);
        }
    }

    @Override
    public void releaseExclusiveReadLockOnCommit(GenericFileOperations<File> operations, GenericFile<File> file,
                                                 Exchange exchange) throws Exception {
        try {
            super.releaseExclusiveReadLockOnCommit(operations, file, exchange);
        } finally {
            finish(exchange);
        }
    }

    private void finish(Exchange exchange) {
        Path started = exchange.getProperty(STARTED, Path.class);
        if (started != null) {
            exchange.removeProperty(STARTED);
            lanes.finish(started);
        }
    }

    private static Path path(GenericFile<File> file) {
        return Path.of(file.getAbsoluteFilePath());
    }
}
