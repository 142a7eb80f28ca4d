package ingest;

import java.time.Instant;

/** Thrown while reading an input that must be refused; carries the {@link Rejection} value. */
public final class IngestRejectedException extends RuntimeException {
    private final transient Rejection rejection;

    public IngestRejectedException(Rejection rejection) {
        super(rejection.describe(), null, false, false);
        this.rejection = rejection;
    }

    public IngestRejectedException(RejectCode code, String file, long line, String field, String message) {
        this(new Rejection(code, message, file, line, field, null, Instant.now()));
    }

    public static IngestRejectedException of(RejectCode code, String file, String message) {
        return new IngestRejectedException(code, file, 0, null, message);
    }

    public Rejection rejection() {
        return rejection;
    }
}
