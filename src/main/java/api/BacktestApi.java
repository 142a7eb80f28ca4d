package api;

import backtest.config.BacktestConfig;
import backtest.run.RunPlan;
import backtest.plugin.StrategyRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import runs.RunIndex;

/**
 * The backtest endpoints in plain Java, one method per operation, each answering an {@link ApiReply} or throwing an
 * {@link ApiException} (a problem). {@code routes.ApiRoutes} hands each HTTP request here through a {@code direct:}
 * route; runs themselves go through {@code direct:backtest} like the CLI's.
 */
public final class BacktestApi {
    static final String PARQUET = "application/vnd.apache.parquet";
    static final String JSON_LINES = "application/x-ndjson";
    private static final Set<String> LIST_PARAMS = Set.of("strategy", "status", "limit", "cursor");
    private static final int DEFAULT_LIMIT = 20;
    private final JobQueue queue;
    private final RunIndex index;
    private final BacktestRunner runner;
    private final ConfigPolicy policy;
    /** The symbols configs may name. */
    private final storage.KlineStores stores;
    private final int listMax;

    public BacktestApi(JobQueue queue, RunIndex index, BacktestRunner runner, ConfigPolicy policy, storage.KlineStores stores,
                       int listMax) {
        this.queue = queue;
        this.index = index;
        this.runner = runner;
        this.policy = policy;
        this.stores = stores;
        this.listMax = listMax;
    }

    /** POST /backtests: 202 queued; 200 when the same config on the same data is queued, running or done already. */
    public ApiReply submit(byte[] body, String contentType, String query) throws IOException {
        QueryParams.parse(query, Set.of());
        BacktestConfig cfg = PostedConfig.read(body, contentType, policy);
        SymbolCheck.require(stores, cfg.symbol(), "symbol");
        RunPlan plan = runner.plan(cfg);
        if (plan.monthsRead() == 0) {
            throw new ApiException(Problem.Kind.INVALID_CONFIG.at("key", "start", "start: no bars stored between "
                    + cfg.start() + " and " + cfg.end() + " (ingest or backfill them first)"));
        }
        String id = plan.runId();
        Optional<Job> existing = queue.job(id);
        if (existing.filter(j -> j.status().active()).isEmpty() && RunIndex.finished(plan.folder())) {
            RunView done = existing.filter(j -> j.status() == JobStatus.DONE).map(j -> RunViews.of(j.snapshot(), true))
                    .orElseGet(() -> RunViews.ofFolder(id, plan.folder(), true));
            return located(ApiReply.json(200, done), id);
        }
        JobQueue.Submitted s = queue.submit(id, cfg);
        return located(ApiReply.json(s.created() ? 202 : 200, RunViews.of(s.job().snapshot(), true)), id);
    }

    /** GET /backtests/{id}. */
    public ApiReply get(String id, String query) throws IOException {
        QueryParams.parse(query, Set.of());
        RunIds.require(id);
        Optional<Job> job = queue.job(id);
        if (job.isPresent() && !(job.get().status() == JobStatus.DONE && !RunIndex.finished(folderOf(job.get())))) {
            return ApiReply.json(200, RunViews.of(job.get().snapshot(), true));
        }
        Path folder = index.find(id).orElseThrow(() -> notFound(id));
        return ApiReply.json(200, RunViews.ofFolder(id, folder, true));
    }

    /** GET /backtests?strategy=&status=&limit=&cursor=: jobs and run folders, newest first. */
    public ApiReply list(String query) throws IOException {
        QueryParams q = QueryParams.parse(query, LIST_PARAMS);
        String strategy = q.oneOf("strategy", Set.copyOf(StrategyRegistry.global().names()));
        String status = q.oneOf("status", JobStatus.CODES);
        int limit = q.intIn("limit", 1, listMax, Math.min(DEFAULT_LIMIT, listMax));
        return ApiReply.json(200, RunListing.page(queue.jobs(), index.scan(), strategy, status, limit, q.text("cursor")));
    }

    /** DELETE /backtests/{id}: 200 cancelled, 202 stopping (still running), 409 finished. */
    public ApiReply cancel(String id, String query) throws IOException, InterruptedException {
        QueryParams.parse(query, Set.of());
        RunIds.require(id);
        if (queue.job(id).isEmpty()) {
            if (index.find(id).isPresent()) {
                throw new ApiException(Problem.Kind.CONFLICT.problem("run " + id + " is done; only a queued or running"
                        + " job can be cancelled"));
            }
            throw notFound(id);
        }
        Job.Snapshot s = queue.cancel(id, 2_000);
        return ApiReply.json(s.status() == JobStatus.CANCELLED ? 200 : 202, RunViews.of(s, true));
    }

    /**
     * GET /backtests/{id}/{report|fills|equity|decisions}: report.html; the others as JSON lines (equity produced
     * from equity.parquet while it is read), or the Parquet file when Accept names application/vnd.apache.parquet.
     */
    public ApiReply artefact(String id, String name, String accept, String query) throws IOException {
        QueryParams.parse(query, Set.of());
        RunIds.require(id);
        Path folder = finishedFolder(id);
        boolean parquet = accept != null && Arrays.stream(accept.split(","))
                .map(a -> a.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT)).anyMatch(PARQUET::equals);
        return switch (name) {
            case "report" -> file(folder.resolve("report.html"), "text/html; charset=utf-8");
            case "fills", "decisions" -> parquet ? file(folder.resolve(name + ".parquet"), PARQUET)
                    : file(folder.resolve(name + ".jsonl"), JSON_LINES);
            case "equity" -> parquet ? file(folder.resolve("equity.parquet"), PARQUET)
                    : new ApiReply(200, JSON_LINES, Map.of(), TableJsonLines.of(folder.resolve("equity.parquet")));
            default -> throw new ApiException(Problem.Kind.NOT_FOUND.problem("no artefact '" + Printable.of(name) + "'"));
        };
    }

    private Path finishedFolder(String id) throws IOException {
        Optional<Job> job = queue.job(id);
        if (job.isPresent() && job.get().status() != JobStatus.DONE) {
            throw new ApiException(Problem.Kind.CONFLICT.problem("run " + id + " is " + job.get().status().code()
                    + "; its artefacts exist once it is done"));
        }
        Path folder = job.map(BacktestApi::folderOf).filter(RunIndex::finished).orElse(null);
        return folder != null ? folder : index.find(id).orElseThrow(() -> notFound(id));
    }

    private static ApiReply file(Path f, String type) throws IOException {
        if (!Files.isRegularFile(f)) {
            throw new ApiException(Problem.Kind.NOT_FOUND.problem("this run has no " + f.getFileName()));
        }
        // streamed (chunked): a Content-Length beside Transfer-Encoding would be an invalid HTTP/1.1 message
        InputStream in = Files.newInputStream(f);
        return new ApiReply(200, type, Map.of(), in);
    }

    private static Path folderOf(Job j) {
        String f = j.record().runFolder();
        return f == null ? null : Path.of(f);
    }

    private static ApiReply located(ApiReply reply, String id) {
        return reply.withHeader("Location", "/backtests/" + id);
    }

    private static ApiException notFound(String id) {
        return new ApiException(Problem.Kind.NOT_FOUND.at("parameter", "id", "no run " + id));
    }
}
