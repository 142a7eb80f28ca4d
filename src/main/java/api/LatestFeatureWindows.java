package api;

import features.FeatureFrame;
import features.FeatureSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The latest feature window of each feature spec, computed once per store version and shared: a request whose spec
 * and store version are cached is a map lookup. Many requests for a spec not cached yet wait for one computation (a
 * future per entry); a request that sees a newer store version replaces the entry, so an ingest that commits
 * meanwhile makes the answers move from the old window to the new one, never to a half state. At most
 * {@link #MAX_ENTRIES} specs are kept (the least recently used goes).
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

    private record Entry(StoreVersion version, CompletableFuture<Window> window, AtomicLong lastUsed) {
    }

    private final Map<FeatureSpec, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong();
    private final Loader loader;

    LatestFeatureWindows(Loader loader) {
        this.loader = loader;
    }

    /** The window of {@code spec} at store version {@code version} (or a newer one already cached). */
    Window window(FeatureSpec spec, StoreVersion version) throws IOException {
        Entry e = entries.get(spec);
        if (e == null || !current(e, version)) {
            Entry fresh = new Entry(version, new CompletableFuture<>(), new AtomicLong(clock.incrementAndGet()));
            e = entries.compute(spec, (k, old) -> old != null && current(old, version) ? old : fresh);
            if (e == fresh) {
                evictBeyondLimit();
                try {
                    fresh.window().complete(loader.load(spec, version));
                } catch (IOException | RuntimeException | Error t) {
                    entries.remove(spec, fresh); // the next request tries again
                    fresh.window().completeExceptionally(t);
                }
            }
        }
        e.lastUsed().set(clock.incrementAndGet());
        try {
            return e.window().join();
        } catch (CompletionException c) {
            Throwable cause = c.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new UncheckedIOException(new IOException(cause));
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

    /** Specs cached now (tests). */
    int size() {
        return entries.size();
    }
}
