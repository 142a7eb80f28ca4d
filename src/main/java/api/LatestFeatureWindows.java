package api;

import features.FeatureFrame;
import features.FeatureSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The latest feature window of each feature spec, computed once per store version and shared: a request whose spec
 * and store version are cached is a map lookup. The first requests for a spec wait for one computation (a future per
 * entry). When the store changes (an ingest committed), the first request that sees the new version starts the new
 * window's computation in the background, and every request answers the previous window until it is ready - old data
 * or new, never a mixture, and no request waits for a recomputation. At most {@link #MAX_ENTRIES} specs are kept (the
 * least recently used goes).
 */
final class LatestFeatureWindows {
    /** Specs kept (each holds up to app.api.features-max-rows rows and a few serialised answers). */
    static final int MAX_ENTRIES = 32;

    /** Computes the window of a spec (the store version read before it started). */
    interface Loader {
        Window load(FeatureSpec spec, StoreVersion version) throws IOException;
    }

    /** A computed window: its last rows, the last stored minute it saw, and answers serialised from it per n. */
    record Window(StoreVersion version, FeatureFrame frame, java.time.Instant dataLast, Map<Integer, byte[]> bodies) {
        Window(StoreVersion version, FeatureFrame frame, java.time.Instant dataLast) {
            this(version, frame, dataLast, new ConcurrentHashMap<>());
        }
    }

    /** The window of one version, being computed or done; {@code previous}: what answers until it is done. */
    private record Entry(StoreVersion version, CompletableFuture<Window> window, Window previous, AtomicLong lastUsed) {
        /** The newest window this entry can answer with now (null: none yet). */
        Window ready() {
            return window.isDone() && !window.isCompletedExceptionally() ? window.join() : previous;
        }
    }

    private final Map<FeatureSpec, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong();
    private final Loader loader;
    private final Executor background;

    /** @param background runs the recomputation of a window whose previous version still answers */
    LatestFeatureWindows(Loader loader, Executor background) {
        this.loader = loader;
        this.background = background;
    }

    /** The window of {@code spec} at store version {@code version}, a newer one, or the previous one until it is ready. */
    Window window(FeatureSpec spec, StoreVersion version) throws IOException {
        Entry e = entries.get(spec);
        if (e == null || !current(e, version)) {
            Entry[] created = new Entry[1];
            e = entries.compute(spec, (k, old) -> {
                if (old != null && current(old, version)) {
                    return old;
                }
                created[0] = new Entry(version, new CompletableFuture<>(), old == null ? null : old.ready(),
                        new AtomicLong(clock.incrementAndGet()));
                return created[0];
            });
            if (e == created[0]) {
                evictBeyondLimit();
                Entry fresh = e;
                if (fresh.previous() == null) {
                    load(spec, fresh); // nothing to answer with meanwhile: this request computes, the others wait
                } else {
                    background.execute(() -> load(spec, fresh));
                }
            }
        }
        e.lastUsed().set(clock.incrementAndGet());
        if (!e.window().isDone() && e.previous() != null) {
            return e.previous();
        }
        try {
            return e.window().join();
        } catch (CompletionException c) {
            throw unwrapped(c.getCause());
        }
    }

    private void load(FeatureSpec spec, Entry e) {
        try {
            e.window().complete(loader.load(spec, e.version()));
        } catch (IOException | RuntimeException | Error t) {
            // the next request tries again; until then the previous window (if any) answers
            if (e.previous() == null) {
                entries.remove(spec, e);
            } else {
                entries.replace(spec, e, new Entry(e.previous().version(), CompletableFuture.completedFuture(e.previous()),
                        null, new AtomicLong(clock.incrementAndGet())));
            }
            e.window().completeExceptionally(t);
        }
    }

    /** This entry answers a request that saw {@code version}: it is that version, or one committed later. */
    private static boolean current(Entry e, StoreVersion version) {
        return e.version().equals(version) || e.version().modifiedNanos() > version.modifiedNanos();
    }

    private void evictBeyondLimit() {
        while (entries.size() > MAX_ENTRIES) {
            entries.entrySet().stream().min(java.util.Comparator.comparingLong(x -> x.getValue().lastUsed().get()))
                    .ifPresent(oldest -> entries.remove(oldest.getKey(), oldest.getValue()));
        }
    }

    private static IOException unwrapped(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        throw new UncheckedIOException(new IOException(cause));
    }

    /** Specs cached now (tests). */
    int size() {
        return entries.size();
    }
}
