package storage;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A second pair of hands for a store write (the machine has two cores and a write otherwise uses one): a column
 * encoded, an fsync waited for. Daemon threads, made on demand and dropped after a minute idle. Whoever submits also
 * waits ({@link #await}), so nothing started here outlives the write that started it.
 */
final class Background {
    private static final ExecutorService HELPERS = Executors.newCachedThreadPool(
            r -> Thread.ofPlatform().daemon().name("store-helper").unstarted(r));

    /** An action that may fail with an IOException. */
    @FunctionalInterface
    interface IoTask {
        void run() throws IOException;
    }

    private Background() {
    }

    /** A computation that may fail with an IOException. */
    @FunctionalInterface
    interface IoCall<T> {
        T call() throws IOException;
    }

    static <T> Future<T> compute(IoCall<T> call) {
        return HELPERS.submit(call::call);
    }

    /** As {@link #await}, returning the computed value. */
    static <T> T value(Future<T> f) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException re -> throw re;
                case Error err -> throw err;
                default -> throw new IOException(e.getCause());
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static Future<Void> submit(IoTask task) {
        return HELPERS.submit(() -> {
            task.run();
            return null;
        });
    }

    /** Waits for the task (uninterruptibly: it works on the caller's files) and rethrows what it threw. */
    static void await(Future<Void> f) throws IOException {
        value(f);
    }

    /** As {@link #await}, for a failure path: the caller's own error is the one reported. */
    static void awaitQuietly(Future<Void> f) {
        try {
            await(f);
        } catch (IOException | RuntimeException | Error ignored) {
            // already failing
        }
    }
}
