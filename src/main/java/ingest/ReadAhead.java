package ingest;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Reads line batches a few ahead of the consumer on a thread of its own, so that inflating and cutting the next
 * batches overlaps parsing this one (two cores: the archive is inflated on one while the other parses). What the
 * consumer sees is exactly what the source iterator gives, in the same order: the same batches, then the end, or the
 * same refusal at the same point (after every batch read before it), thrown once, after which the batches are over.
 * At most {@code depth} batches wait, so memory stays bounded whatever the input. {@link #close} stops the reading
 * thread and waits for it, so the source's stream can be closed safely afterwards. The reading thread also hashes the
 * batches' bytes as it reads them ({@link #sha256Hex}, the CSV text's SHA-256 recorded in offsets.json): the
 * consumer's thread, which parses and encodes, is the one the file waits for.
 */
final class ReadAhead implements Iterator<LineBatch>, AutoCloseable {
    private static final Object END = new Object();

    private record Failure(RuntimeException error) {
    }

    private final BlockingQueue<Object> queue;
    private final Thread thread;
    /** Updated by the reading thread only, batch by batch before each is queued; read once the end was taken. */
    private final MessageDigest digest = storage.Hashes.sha256Digest();
    private volatile boolean closed;
    /** The consumer has taken the end (every batch read, no failure). */
    private boolean ended;
    /** The next item taken from the queue and not handed out yet: a batch, a failure or {@link #END}. */
    private Object next;

    ReadAhead(Iterator<LineBatch> source, int depth, String name) {
        this(() -> source, depth, name);
    }

    /**
     * Opens the source on the reading thread itself ({@code opener}: e.g. the archive's directory checked and its entry
     * opened); a refusal there is what the consumer meets first, as if the first batch had failed.
     */
    ReadAhead(Supplier<Iterator<LineBatch>> opener, int depth, String name) {
        this.queue = new ArrayBlockingQueue<>(depth);
        this.thread = Thread.ofPlatform().daemon().name("ingest-read " + name).unstarted(() -> run(opener));
        thread.start();
    }

    private void run(Supplier<Iterator<LineBatch>> opener) {
        Object last;
        try {
            Iterator<LineBatch> source = opener.get();
            while (!closed && source.hasNext()) {
                LineBatch batch = source.next();
                digest.update(batch.data(), 0, batch.length());
                if (!put(batch)) {
                    return;
                }
            }
            last = END;
        } catch (RuntimeException e) {
            last = new Failure(e);
        } catch (Error e) {
            last = new Failure(new IllegalStateException("reading failed: " + e, e));
        }
        put(last);
    }

    /** Waits for room in the queue; false once the consumer closed. */
    private boolean put(Object item) {
        try {
            while (!closed) {
                if (queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            if (closed) {
                return false;
            }
            try {
                next = queue.take();
                ended = next == END;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the next line batch", e);
            }
        }
        if (next instanceof Failure f) {
            next = END; // thrown once; afterwards the batches are over (Camel asks again on release)
            throw f.error();
        }
        return next != END;
    }

    @Override
    public LineBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        LineBatch b = (LineBatch) next;
        next = null;
        return b;
    }

    /**
     * The SHA-256 (hex) of every batch's bytes in order - the whole text read - once the consumer has met the end; the
     * reading thread hashed each batch before queueing it, so it is complete then. Before the end or after a failure: an
     * IllegalStateException (a partial hash must never be recorded).
     */
    String sha256Hex() {
        if (!ended) {
            throw new IllegalStateException("the batches were not all read: no hash of the whole text");
        }
        ended = false; // the digest resets when it is read
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Stops the reading thread and waits until it has let go of the source. */
    @Override
    public void close() {
        closed = true;
        queue.clear();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        queue.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
