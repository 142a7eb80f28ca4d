package api;

import backtest.sweep.SweepMetric;
import backtest.walkforward.WalkForwardRequest;
import backtest.walkforward.WalkForwardRunner;
import backtest.walkforward.WalkForwardSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

/**
 * {@code POST /walk-forward} (what {@code backtest walk-forward} does, answered when done: one at a time, the grid
 * bounded by {@code app.api.max-grid}; the folder lands under {@code app.api.runs-dir}) and
 * {@code GET /walk-forward/{id}/{file}} (its folds.csv, metrics.json or report.html).
 */
public final class WalkForwardApi {
    private static final Pattern ID = Pattern.compile("walkforward-[0-9a-f]{12}");
    private static final Map<String, String> FILES = Map.of("folds.csv", "text/csv", "metrics.json", ApiReply.JSON,
            "report.html", "text/html");

    /** The validation, through the CLI's route. */
    @FunctionalInterface
    public interface Runner {
        WalkForwardSummary run(WalkForwardRequest request) throws IOException;
    }

    private final Runner runner;
    private final ConfigPolicy policy;
    /** The symbols configs may name. */
    private final storage.KlineStores stores;
    private final int maxGrid;
    private final Semaphore one = new Semaphore(1);

    public WalkForwardApi(Runner runner, ConfigPolicy policy, storage.KlineStores stores, int maxGrid) {
        this.runner = runner;
        this.policy = policy;
        this.stores = stores;
        this.maxGrid = maxGrid;
    }

    /** POST /walk-forward: 200 with the folds and the out-of-sample metrics; the files under links. */
    public ApiReply run(byte[] body, String contentType, String query) throws IOException {
        QueryParams.parse(query, Set.of());
        WalkForwardRequest request = PostedSweep.readWalkForward(body, contentType, policy, maxGrid);
        SymbolCheck.require(stores, request.base().symbol(), "config.symbol");
        if (!one.tryAcquire()) {
            throw new ApiException(Problem.Kind.QUEUE_FULL.problem("a walk-forward is running already; post again when"
                    + " it is done"), Map.of("Retry-After", "5"));
        }
        WalkForwardSummary s;
        try {
            s = runner.run(request);
        } catch (backtest.config.ConfigException e) {
            throw new ApiException(Problem.Kind.INVALID_CONFIG.at("key", e.key().isEmpty() ? "config" : "config."
                    + e.key(), "config." + e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw PostedSweep.refusal(e);
        } finally {
            one.release();
        }
        return ApiReply.json(200, view(s));
    }

    static Map<String, Object> view(WalkForwardSummary s) {
        String id = s.folder().getFileName().toString();
        SweepMetric by = s.rankBy();
        List<Map<String, Object>> folds = new ArrayList<>();
        for (WalkForwardRunner.FoldResult r : s.folds()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("index", r.fold().index());
            f.put("train_start", r.fold().trainStart().toString());
            f.put("train_end", r.fold().trainEnd().toString());
            f.put("test_start", r.fold().testStart().toString());
            f.put("test_end", r.fold().testEnd().toString());
            f.put("parameters", r.chosen().params());
            f.put("in_sample_" + by.code(), finite(r.chosen().metric(by)));
            f.put("out_of_sample_" + by.code(), finite(by.of(r.test().metrics())));
            f.put("out_of_sample_return", finite(r.test().metrics().totalReturn()));
            folds.add(f);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("rank_by", by.code());
        m.put("folds", folds);
        m.put("metrics", s.metrics());
        Map<String, Object> links = new LinkedHashMap<>();
        for (String file : List.of("folds.csv", "metrics.json", "report.html")) {
            links.put(file, "/walk-forward/" + id + "/" + file);
        }
        m.put("links", links);
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** GET /walk-forward/{id}/{file}: one of its files, from the runs folder only. */
    public ApiReply file(String id, String file, String query) throws IOException {
        QueryParams.parse(query, Set.of());
        if (id == null || !ID.matcher(id).matches()) {
            throw new ApiException(Problem.Kind.NOT_FOUND.problem("no walk-forward '" + Printable.of(String.valueOf(id))
                    + "' (ids look like walkforward-0123456789ab)"));
        }
        String type = FILES.get(file);
        if (type == null) {
            throw new ApiException(Problem.Kind.NOT_FOUND.problem("no file '" + Printable.of(String.valueOf(file))
                    + "' (one of folds.csv, metrics.json, report.html)"));
        }
        Path folder = policy.runsDir().resolve(id);
        Path f = folder.resolve(file);
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            throw new ApiException(Problem.Kind.NOT_FOUND.problem("no walk-forward " + id + " under the runs folder"));
        }
        return new ApiReply(200, type, Map.of(), Files.readAllBytes(f));
    }
}
