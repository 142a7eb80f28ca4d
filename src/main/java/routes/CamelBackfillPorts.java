package routes;

import backfill.BackfillPorts;
import ingest.IngestOutcome;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import storage.Offsets;

/** The backfill bean's view of the world, served by the {@code backfill-http} and {@code ingest-file} routes. */
final class CamelBackfillPorts implements BackfillPorts {
    private final ProducerTemplate template;

    CamelBackfillPorts(ProducerTemplate template) {
        this.template = template;
    }

    @Override
    public Optional<String> fetchText(String url) {
        Object body = http(url, "GET", null);
        return body == null ? Optional.empty() : Optional.of(body.toString());
    }

    @Override
    public boolean exists(String url) {
        return http(url, "HEAD", null) != null;
    }

    @Override
    public long download(String url, Path file) {
        Object body = http(url, "GET", file);
        return body == null ? -1 : ((Number) body).longValue();
    }

    @Override
    public IngestOutcome ingest(Path file, boolean replace, String source) {
        return template.requestBodyAndHeaders(Endpoints.INGEST_FILE, file.toAbsolutePath().toString(),
                Map.of(Endpoints.HEADER_REPLACE, replace, Endpoints.HEADER_SOURCE, source), IngestOutcome.class);
    }

    @Override
    public IngestOutcome restore(Path rawCopy, Offsets.FileEntry original, boolean replace) {
        return template.requestBodyAndHeaders(Endpoints.INGEST_FILE, rawCopy.toAbsolutePath().toString(),
                Map.of(Endpoints.HEADER_REPLACE, replace, Endpoints.HEADER_RECORD_AS, original), IngestOutcome.class);
    }

    /**
     * The route's answer, or null for 404. A host that cannot be reached (never retried) becomes
     * HostUnreachableException; other failures (after the route's retries) become FetchFailedException.
     */
    private Object http(String url, String method, Path target) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(Endpoints.HEADER_HTTP_URL, url);
        headers.put(Endpoints.HEADER_HTTP_METHOD, method);
        if (target != null) {
            headers.put(Endpoints.HEADER_HTTP_TARGET, target.toAbsolutePath().toString());
        }
        try {
            return template.requestBodyAndHeaders(Endpoints.BACKFILL_HTTP, null, headers); // null: 404
        } catch (CamelExecutionException e) {
            String unreachable = BackfillHttpClient.describe(e.getCause());
            if (unreachable != null) {
                throw new HostUnreachableException(host(url), unreachable, e.getCause());
            }
            throw new FetchFailedException(url, e.getCause());
        }
    }

    /** {@code name[:port]} of a URL. */
    private static String host(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getHost() == null ? url : uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return url;
        }
    }
}
