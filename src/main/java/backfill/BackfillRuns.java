package backfill;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One backfill at a time in this process, whoever asks (the timer, the REST API, the CLI), and what the current and
 * the last run did. A run holds a {@link Ticket} from {@link #reserve} until it {@linkplain #finish finishes}; a
 * second reservation meanwhile is refused ({@link BackfillBusyException}). The REST API reserves before it answers
 * 202, so the run it started cannot lose its turn to the timer.
 */
public final class BackfillRuns {
    /** Who started a run: the REST API, or the timer (a run that brought no ticket; in a CLI process, the command). */
    public enum Source { TIMER, API }

    /** A reserved run; progress is recorded on it while it runs. */
    public static final class Ticket {
        private final Source source;
        private final YearMonth from;
        private final YearMonth to;
        private final Instant startedAt;
        private volatile Progress progress = new Progress(null, 0, 0, 0);

        private Ticket(Source source, YearMonth from, YearMonth to, Instant startedAt) {
            this.source = source;
            this.from = from;
            this.to = to;
            this.startedAt = startedAt;
        }

        public Source source() {
            return source;
        }

        public YearMonth from() {
            return from;
        }

        public YearMonth to() {
            return to;
        }

        public Instant startedAt() {
            return startedAt;
        }

        public Progress progress() {
            return progress;
        }

        void progress(Progress p) {
            progress = p;
        }
    }

    /** Where a run is: the archive being looked at, archives done of those planned, bytes downloaded so far. */
    public record Progress(String file, int done, int planned, long bytes) {
    }

    /** A finished run: its report (null when it failed) or its error, and the stored rows it added (net). */
    public record Finished(Ticket run, Instant finishedAt, BackfillReport report, String error, long rowsAdded) {
    }

    /** The status: the run going on now (null when idle) and the last finished one (null before the first). */
    public record Status(Ticket running, Finished last) {
    }

    private final Clock clock;
    private final AtomicReference<Ticket> running = new AtomicReference<>();
    private volatile Finished last;

    public BackfillRuns(Clock clock) {
        this.clock = clock;
    }

    /** Reserves the one run of this process, or throws {@link BackfillBusyException} naming the one going on. */
    public Ticket reserve(Source source, YearMonth from, YearMonth to) {
        Ticket t = new Ticket(source, from, to, Instant.now(clock));
        if (!running.compareAndSet(null, t)) {
            Ticket other = running.get();
            throw new BackfillBusyException(other == null ? "a backfill is running"
                    : "a backfill (" + other.source().name().toLowerCase(java.util.Locale.ROOT) + ", " + other.from()
                    + ".." + other.to() + ") has been running since " + other.startedAt());
        }
        return t;
    }

    /** Ends a run (idempotent: a ticket that is no longer the running one changes nothing). */
    public void finish(Ticket t, BackfillReport report, Throwable error, long rowsAdded) {
        if (running.get() != t) {
            return;
        }
        last = new Finished(t, Instant.now(clock), report, error == null ? null
                : error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage(), rowsAdded);
        running.compareAndSet(t, null);
    }

    public Status status() {
        return new Status(running.get(), last);
    }

    /** A progress listener that records on {@code t} and then tells {@code next}. */
    public static BackfillProgress tracking(Ticket t, BackfillProgress next) {
        return new BackfillProgress() {
            @Override
            public void started(String file, int done, int planned) {
                Progress p = t.progress();
                t.progress(new Progress(file, done, planned, p.bytes()));
                next.started(file, done, planned);
            }

            @Override
            public void finished(FileResult result, int done, int planned, long totalBytes, double bytesPerSecond) {
                t.progress(new Progress(result.file(), done, planned, totalBytes));
                next.finished(result, done, planned, totalBytes, bytesPerSecond);
            }

            @Override
            public void stopped(BackfillReport.Stop stop) {
                next.stopped(stop);
            }
        };
    }
}
