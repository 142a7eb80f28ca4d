package replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Replays recorded exchanges of one route: each line's input and headers go through the same route again
 * ({@link RouteCall}); in compare mode the new output (or error) is compared with the recorded one and the first
 * difference named as a JSON path, in collect mode the new output is kept without comparing. A line that cannot be
 * read (truncated, corrupt, another route, an unsupported input) is {@code failed}; the others replay. The report
 * goes to {@code <exports>/replay-reports/<id>.json}.
 */
public final class Replayer {
    /** Fields that differ on every run by nature (timing) and are not compared. */
    static final Set<String> VOLATILE = Set.of("millis");
    /** Longest recording line read (a line holds bodies up to {@link ExchangeJson#INLINE_LIMIT} inline, as JSON text). */
    static final int MAX_LINE_BYTES = 16 << 20;

    /** One exchange through a route: its output body and status, or its error. */
    public interface RouteCall {
        Result call(String route, Object body, Map<String, Object> headers);

        record Result(Object body, Integer status, Throwable error) {
        }
    }

    /** {@code --llm-base-url} / {@code --model} for collect runs of llm-decide (null: as recorded). */
    public record Overrides(String llmBaseUrl, String model) {
        public static final Overrides NONE = new Overrides(null, null);
    }

    /** The outcome of a replay: counts and where the report went. */
    public record Outcome(String id, int matched, int differed, int failed, int collected, Path report) {
    }

    private final Path exportsDir;
    private final RouteCall routes;

    public Replayer(Path exportsDir, RouteCall routes) {
        this.exportsDir = exportsDir;
        this.routes = routes;
    }

    /** The .jsonl files of {@code from} (a file, or a folder's files in name order). */
    public static List<Path> files(Path from) throws IOException {
        if (Files.isRegularFile(from)) {
            return List.of(from);
        }
        if (!Files.isDirectory(from)) {
            throw new IOException("no such recording: " + from);
        }
        try (Stream<Path> s = Files.list(from)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    public Outcome replay(String route, Path from, boolean collect, Overrides overrides, Consumer<String> out)
            throws IOException {
        if (!RecordedRoutes.HEADERS.containsKey(route)) {
            throw new IllegalArgumentException("unknown route '" + route + "'");
        }
        String id = route + "-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.now());
        ObjectNode report = ExchangeJson.JSON.createObjectNode();
        report.put("id", id).put("route", route).put("from", from.toString()).put("mode", collect ? "collect" : "compare");
        ArrayNode list = ExchangeJson.JSON.createArrayNode();
        int[] counts = new int[4]; // matched, differed, failed, collected
        Path reportDir = exportsDir.resolve("replay-reports");
        ExchangeJson newJson = new ExchangeJson(reportDir.resolve(id + "-blobs"));
        for (Path file : files(from)) {
            try (BoundedLines lines = new BoundedLines(Files.newInputStream(file), MAX_LINE_BYTES)) {
                int i = 0;
                for (BoundedLines.Line l; (l = lines.next()) != null; ) {
                    i++;
                    if (!l.tooLong() && l.text().isBlank()) {
                        continue;
                    }
                    String where = file.getFileName() + ":" + i;
                    ObjectNode e = list.addObject().put("source", where);
                    if (l.tooLong()) {
                        e.put("result", "failed").put("error", "line longer than " + MAX_LINE_BYTES + " bytes (a recording"
                                + " line holds at most " + ExchangeJson.INLINE_LIMIT + " bytes of body inline)");
                    } else {
                        one(route, file.getParent(), l.text(), collect, overrides, newJson, e);
                    }
                    String result = e.get("result").asText();
                    counts[switch (result) { case "matched" -> 0; case "differed" -> 1; case "failed" -> 2; default -> 3; }]++;
                    out.accept(where + " " + result + (e.has("difference") ? " at " + e.get("difference").asText() : "")
                            + (e.has("error") ? ": " + e.get("error").asText() : ""));
                }
            }
        }
        report.put("matched", counts[0]).put("differed", counts[1]).put("failed", counts[2]).put("collected", counts[3]);
        report.set("exchanges", list);
        Files.createDirectories(reportDir);
        Path file = reportDir.resolve(id + ".json");
        Path tmp = reportDir.resolve(id + ".json.tmp");
        Files.writeString(tmp, ExchangeJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return new Outcome(id, counts[0], counts[1], counts[2], counts[3], file);
    }

    private void one(String route, Path routeDir, String line, boolean collect, Overrides o, ExchangeJson newJson,
                     ObjectNode e) {
        JsonNode rec;
        Object input;
        Map<String, Object> headers = new HashMap<>();
        try {
            rec = ExchangeJson.JSON.readTree(line);
            if (rec == null || !rec.isObject() || !route.equals(rec.path("route").asText())) {
                throw new IllegalArgumentException("not a recorded exchange of route " + route);
            }
            input = ExchangeJson.decode(rec.get("input"), routeDir);
            var it = rec.path("headers").fields();
            while (it.hasNext()) {
                var h = it.next();
                if (h.getValue().isTextual()) { // "<redacted>": not sent
                    continue;
                }
                if (h.getValue().has("unsupported")) { // e.g. a progress listener: not needed to replay
                    continue;
                }
                headers.put(h.getKey(), ExchangeJson.decode(h.getValue(), routeDir));
            }
            if (RecordedRoutes.LLM_DECIDE.equals(route)) {
                input = llmOverrides(input, headers, o);
            }
        } catch (IOException | RuntimeException ex) {
            e.put("result", "failed").put("error", "unreadable line: " + String.valueOf(ex.getMessage()).lines().findFirst().orElse(""));
            return;
        }
        RouteCall.Result r;
        try {
            r = routes.call(route, input, headers);
        } catch (RuntimeException ex) {
            r = new RouteCall.Result(null, null, ex);
        }
        ObjectNode now = ExchangeJson.JSON.createObjectNode();
        if (r.error() != null) {
            now.putObject("error").put("type", r.error().getClass().getName()).put("message", String.valueOf(r.error().getMessage()));
        } else {
            ObjectNode output = now.putObject("output");
            if (r.status() != null) {
                output.put("status", r.status());
            }
            output.set("body", newJson.value(r.body()));
        }
        try { // as written to a line: NaN and infinities become the text a recording holds
            now = (ObjectNode) ExchangeJson.JSON.readTree(ExchangeJson.line(now));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        if (collect) {
            e.put("result", "collected");
            e.setAll(now);
            return;
        }
        ObjectNode was = ExchangeJson.JSON.createObjectNode();
        if (rec.has("error")) {
            was.set("error", rec.get("error"));
        } else {
            was.set("output", rec.path("output"));
        }
        String diff = JsonDiff.first(was, now, VOLATILE);
        e.put("result", diff == null ? "matched" : "differed");
        if (diff != null) {
            e.put("difference", diff);
        }
    }

    /** A new base URL replaces the recorded one; a new model replaces the body's {@code model}. */
    private static Object llmOverrides(Object input, Map<String, Object> headers, Overrides o) {
        if (o.llmBaseUrl() != null) {
            String base = o.llmBaseUrl().endsWith("/") ? o.llmBaseUrl().substring(0, o.llmBaseUrl().length() - 1)
                    : o.llmBaseUrl();
            headers.put("llmUrl", base + "/chat/completions");
        }
        if (o.model() != null && input instanceof String body) {
            try {
                ObjectNode chat = (ObjectNode) ExchangeJson.JSON.readTree(body);
                chat.put("model", o.model());
                return ExchangeJson.line(chat);
            } catch (IOException | ClassCastException ex) {
                throw new UncheckedIOException(new IOException("recorded LLM body is not a JSON object", ex));
            }
        }
        return input;
    }

    /** Every recorded route id, for messages. */
    public static List<String> routes() {
        return new ArrayList<>(List.of(RecordedRoutes.BACKTEST, RecordedRoutes.FEATURES, RecordedRoutes.LLM_DECIDE,
                RecordedRoutes.INGEST_FILE));
    }
}
