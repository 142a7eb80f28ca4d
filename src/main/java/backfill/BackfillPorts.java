package backfill;

import ingest.IngestOutcome;
import java.nio.file.Path;
import java.util.Optional;
import storage.Offsets;

/**
 * What backfill needs from the outside world. The application implements it with Camel routes (HTTP with
 * timeouts, retries and backoff; the ingest route); tests may use fakes. Retrying is the port's business:
 * a call either answers or throws {@link FetchFailedException} once its retries are spent, or
 * {@link HostUnreachableException} at once when the host cannot be reached at all.
 */
public interface BackfillPorts {

    /** GET a small text resource; empty when the server answers 404. */
    Optional<String> fetchText(String url);

    /** Whether the resource exists (HEAD: 200 true, 404 false). */
    boolean exists(String url);

    /** GET into {@code file} (replaced); returns the bytes written, or -1 when the server answers 404. */
    long download(String url, Path file);

    /** Ingests a file through the ingest route. */
    IngestOutcome ingest(Path file, boolean replace, String source);

    /** Ingests a kept raw CSV copy through the ingest route as the recorded input {@code original} it copies. */
    IngestOutcome restore(Path rawCopy, Offsets.FileEntry original, boolean replace);

    /** Thrown when a request failed for good (retries spent, or a 4xx other than 404). */
    final class FetchFailedException extends RuntimeException {
        public FetchFailedException(String url, Throwable cause) {
            super("GET " + url + " failed: " + (cause == null ? "unknown" : cause.getMessage()), cause);
        }
    }

    /**
     * Thrown when the host cannot be reached at all: its name does not resolve, the connection is refused, there is
     * no route to it, or the connect times out. That is no transient failure worth retrying file by file: a backfill
     * run stops at the first one and leaves the rest to the next run.
     */
    final class HostUnreachableException extends RuntimeException {
        private final String host;

        /** {@code host} as {@code name[:port]}; {@code reason} names the failure, e.g. {@code UnknownHostException: x}. */
        public HostUnreachableException(String host, String reason, Throwable cause) {
            super("cannot reach " + host + " (" + reason + ")", cause);
            this.host = host;
        }

        public String host() {
            return host;
        }
    }
}
