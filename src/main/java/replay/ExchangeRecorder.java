package replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Records exchanges of the chosen routes as JSON lines ({@code exports/exchanges/<route>/YYYY-MM-DD.jsonl}): the
 * input and the headers the route reads are captured when the exchange enters the route (the route changes them),
 * the output or the error and the time taken when it leaves. Headers named in {@code redact} are written as
 * {@code "<redacted>"}; the LLM bearer token is never written at all.
 */
public final class ExchangeRecorder implements AutoCloseable {
    public static final String REDACTED = "<redacted>";

    private final RecordingLog log;
    private final Set<String> routes;
    private final Set<String> redact = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    public ExchangeRecorder(Path exchangesDir, List<String> routes, List<String> redact) {
        this.log = new RecordingLog(exchangesDir);
        this.routes = Set.copyOf(routes);
        this.redact.addAll(redact);
    }

    public boolean records(String route) {
        return routes.contains(route);
    }

    /** What is known when an exchange enters {@code route}: keep it until {@link #done}. */
    public ObjectNode begin(String route, Object body, Map<String, Object> headers) {
        ExchangeJson json = new ExchangeJson(log.routeDir(route).resolve("blobs"));
        ObjectNode line = ExchangeJson.JSON.createObjectNode();
        line.put("route", route).put("time", Instant.now().toString());
        line.set("input", json.value(body));
        ObjectNode h = line.putObject("headers");
        for (String name : RecordedRoutes.HEADERS.get(route)) {
            Object v = headers.get(name);
            if (v == null || RecordedRoutes.SECRET.contains(name)) {
                continue;
            }
            if (redact.contains(name)) {
                h.put(name, REDACTED);
            } else {
                h.set(name, json.value(v));
            }
        }
        line.put("startNanos", System.nanoTime());
        return line;
    }

    /** Writes the line of an exchange that left its route with {@code output} (and {@code status}) or {@code error}. */
    public void done(ObjectNode line, Object output, Integer status, Throwable error) {
        String route = line.get("route").asText();
        long millis = (System.nanoTime() - line.remove("startNanos").asLong()) / 1_000_000;
        line.put("millis", millis);
        if (error != null) {
            line.putObject("error").put("type", error.getClass().getName()).put("message", String.valueOf(error.getMessage()));
        } else {
            ExchangeJson json = new ExchangeJson(log.routeDir(route).resolve("blobs"));
            ObjectNode out = line.putObject("output");
            if (status != null) {
                out.put("status", status);
            }
            out.set("body", json.value(output));
        }
        log.append(route, RecordingLog.today(), ExchangeJson.line(line));
    }

    @Override
    public void close() {
        log.close();
    }
}
