package api;

import export.ExportManifest;
import export.ExportRefused;
import export.ExportRequest;
import export.ExportResult;
import features.FeatureSpec;
import features.GapPolicy;
import features.Interval;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The export endpoints: {@code POST /exports/klines}, {@code POST /exports/features}, {@code POST /exports/runs/{id}}
 * write through {@code direct:export} exactly what {@code export klines|features|run} writes (same files, same bytes,
 * same manifest); {@code GET /exports} answers the manifest, {@code GET /exports/{name}} and
 * {@code GET /exports/runs/{id}.zip} a file the manifest lists (nothing else: no path is ever resolved from the
 * request), with its SHA-256 in {@code X-Content-SHA256} and {@code Repr-Digest}. A request spans at most
 * {@code app.api.export-max-months} months.
 */
public final class ExportApi {
    static final String SHA256_HEADER = "X-Content-SHA256";
    private static final Set<String> KLINES = Set.of("from", "to", "interval", "gap_policy", "symbol");
    private static final Set<String> FEATURES = Set.of("start", "end", "interval", "indicators", "gap_policy", "symbol");

    /** Writes an export (the {@code direct:export} route in the service). */
    @FunctionalInterface
    public interface Exporter {
        ExportResult export(ExportRequest request);
    }

    private final Exporter exporter;
    private final Path dir;
    private final int maxMonths;

    /** @param maxMonths the most months one request may span ({@code app.api.export-max-months}) */
    public ExportApi(Exporter exporter, Path exportsDir, int maxMonths) {
        this.exporter = exporter;
        this.dir = exportsDir.toAbsolutePath().normalize();
        this.maxMonths = maxMonths;
    }

    /** POST /exports/klines?from=YYYY-MM[&to=YYYY-MM][&interval=1m][&gap_policy=none|ffill]. */
    public ApiReply klines(byte[] body, String query) {
        QueryParams q = QueryParams.parse(query, KLINES);
        noBody(body, "/exports/klines");
        YearMonth from = q.month("from", YearMonth.of(1970, 1), YearMonth.of(2999, 12));
        if (from == null) {
            throw QueryParams.invalid("from", "required: the first month, YYYY-MM");
        }
        YearMonth to = q.month("to", YearMonth.of(1970, 1), YearMonth.of(2999, 12));
        YearMonth last = to == null ? from : to;
        if (from.isAfter(last)) {
            throw QueryParams.invalid("to", "from (" + from + ") is after to (" + last + ")");
        }
        if (from.plusMonths(maxMonths).isBefore(last.plusMonths(1))) {
            throw QueryParams.invalid("to", "at most " + maxMonths + " months per request (app.api.export-max-months); "
                    + from + ".." + last + " is more");
        }
        String i = q.text("interval") == null ? "1m" : q.text("interval");
        Interval interval;
        try {
            interval = Interval.parse(i);
        } catch (IllegalArgumentException e) {
            throw QueryParams.invalid("interval", "must be one of 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d, got '"
                    + Printable.of(i) + "'");
        }
        if (interval == Interval.W1) {
            throw QueryParams.invalid("interval", "1w is not exported: a week crosses month files (export 1d, or"
                    + " POST /exports/features?interval=1w)");
        }
        String policy = q.oneOf("gap_policy", Set.of("none", "ffill"));
        return answer(new ExportRequest.Klines(from, last, interval,
                "ffill".equals(policy) ? GapPolicy.FFILL : GapPolicy.NONE, symbol(q)));
    }

    /** POST /exports/features?start=&end=[&interval][&indicators][&gap_policy]: the frame as features compute makes it. */
    public ApiReply features(byte[] body, String query) {
        QueryParams q = QueryParams.parse(query, FEATURES);
        noBody(body, "/exports/features");
        FeatureSpec spec = FeatureParams.spec(q);
        Instant start = FeatureParams.time(q, "start");
        Instant end = FeatureParams.time(q, "end");
        if (start == null || end == null) {
            throw QueryParams.invalid(start == null ? "start" : "end", "required: give start and end (end exclusive)");
        }
        if (!start.isBefore(end)) {
            throw QueryParams.invalid("end", "must be after start (" + start + "), got " + end);
        }
        YearMonth first = YearMonth.from(start.atZone(java.time.ZoneOffset.UTC));
        YearMonth last = YearMonth.from(end.minusMillis(1).atZone(java.time.ZoneOffset.UTC));
        if (first.plusMonths(maxMonths).isBefore(last.plusMonths(1))) {
            throw QueryParams.invalid("end", "at most " + maxMonths + " months per request (app.api.export-max-months); "
                    + first + ".." + last + " is more");
        }
        return answer(new ExportRequest.Features(spec, start, end, symbol(q)));
    }

    /** {@code symbol=}: null (the default symbol) when absent; a symbol the store does not hold is the export's 404. */
    private static String symbol(QueryParams q) {
        String symbol = q.text("symbol");
        if (symbol != null && !storage.Symbols.valid(symbol)) {
            throw QueryParams.invalid("symbol", "capitals and digits, 2 to 20 characters, e.g. ETHUSDT; got '" + Printable.of(symbol) + "'");
        }
        return symbol;
    }

    /** POST /exports/runs/{id}: the run folder as exports/runs/{id}.zip. */
    public ApiReply run(String id, byte[] body, String query) {
        QueryParams.parse(query, Set.of());
        RunIds.require(id);
        noBody(body, "/exports/runs/{id}");
        return answer(new ExportRequest.Run(id));
    }

    /** GET /exports: the manifest (an empty list when nothing was exported). */
    public ApiReply manifest(String query) {
        QueryParams.parse(query, Set.of());
        Path file = dir.resolve(ExportManifest.FILE);
        try {
            if (!Files.isRegularFile(file)) {
                Map<String, Object> empty = new LinkedHashMap<>();
                empty.put("format_version", 1);
                empty.put("exports", List.of());
                return ApiReply.json(200, empty);
            }
            return new ApiReply(200, ApiReply.JSON, Map.of(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * GET /exports/{name} (or /exports/runs/{name} with {@code folder} "runs"): a file the manifest lists, streamed, its
     * SHA-256 (of the bytes sent) in {@code X-Content-SHA256} and {@code Repr-Digest}; 409 when the file no longer
     * matches the manifest (changed since it was exported). Any other name is 404, whatever it holds.
     */
    public ApiReply download(String folder, String name, String query) {
        QueryParams.parse(query, Set.of());
        String file = folder == null ? name : folder + "/" + name;
        String recorded = null;
        if (name != null && name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,200}")) {
            try {
                for (Map<String, Object> e : ExportManifest.read(dir.resolve(ExportManifest.FILE))) {
                    if (file.equals(e.get("file"))) {
                        recorded = String.valueOf(e.get("sha256"));
                    }
                }
            } catch (ExportRefused e) {
                throw new ApiException(Problem.Kind.CONFLICT.problem(e.getMessage()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (recorded == null) {
            throw new ApiException(Problem.Kind.NOT_FOUND.at("parameter", "name", "no export '"
                    + Printable.of(String.valueOf(file)) + "' (GET /exports lists them)"));
        }
        Path path = dir.resolve(file);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            InputStream in = Channels.newInputStream(ch);
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
            byte[] digest = md.digest();
            String hex = HexFormat.of().formatHex(digest);
            if (!hex.equals(recorded)) {
                ch.close();
                throw new ApiException(Problem.Kind.CONFLICT.at("parameter", "name", file + " no longer matches"
                        + " manifest.json (sha256 " + hex + ", recorded " + recorded + "): export it again"));
            }
            ch.position(0);
            String type = file.endsWith(".zip") ? "application/zip" : "text/csv";
            return new ApiReply(200, type, Map.of(SHA256_HEADER, hex, "Repr-Digest", "sha-256=:"
                    + Base64.getEncoder().encodeToString(digest) + ":", "Content-Disposition", "attachment; filename=\""
                    + path.getFileName() + "\""), Channels.newInputStream(ch));
        } catch (NoSuchFileException e) {
            throw new ApiException(Problem.Kind.NOT_FOUND.at("parameter", "name", "no export '" + file + "'"));
        } catch (IOException | NoSuchAlgorithmException e) {
            closeQuietly(ch);
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    /** Runs the export; its refusals become problems (no data or no such run 404, a month changing 409). */
    private ApiReply answer(ExportRequest request) {
        ExportResult r;
        try {
            r = exporter.export(request);
        } catch (ExportRefused e) {
            Problem.Kind kind = e.exitCode() == ExportRefused.NO_DATA ? Problem.Kind.NOT_FOUND : Problem.Kind.CONFLICT;
            throw new ApiException(kind.problem(e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw new ApiException(Problem.Kind.INVALID_REQUEST.problem(String.valueOf(e.getMessage())));
        }
        List<Map<String, Object>> files = new ArrayList<>();
        for (ExportResult.Item i : r.items()) {
            String rel = dir.relativize(i.file().toAbsolutePath().normalize()).toString().replace('\\', '/');
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", rel);
            m.put("status", i.changed() ? "wrote" : "unchanged");
            m.put("kind", i.kind());
            m.put("rows", i.rows());
            m.put("missing_minutes", i.missingMinutes());
            m.put("sha256", i.sha256());
            m.put("href", "/exports/" + rel);
            files.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("files", files);
        out.put("skipped_months", r.skipped());
        out.put("manifest", r.manifestChanged() ? "updated" : "unchanged");
        return ApiReply.json(200, out);
    }

    private static void noBody(byte[] body, String path) {
        if (body != null && body.length > 0) {
            throw new ApiException(Problem.Kind.INVALID_REQUEST.problem("POST " + path + " takes no body: give the"
                    + " export's options as query parameters"));
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }
}
