package api;

import backtest.config.ConfigException;
import backtest.sweep.SweepPlan;
import backtest.sweep.SweepRequest;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import storage.AtomicFiles;
import runs.RunIndex;

/**
 * The sweep endpoints in plain Java (as {@link BacktestApi} for backtests): a posted sweep is planned (grid checked,
 * deterministic id {@code sweep-<12 hex>} over the resolved base config, grid values, rank_by, rerun_best and the month
 * files read - the id {@code backtest sweep} gives the same sweep in the CLI), then queued on the sweep queue, whose
 * worker runs it through {@code direct:backtest-sweep} like the CLI. Finished sweep folders made by the CLI under the
 * runs folder are served too.
 */
public final class SweepApi {
    static final String CSV = "text/csv; charset=utf-8";
    static final Pattern ID = Pattern.compile("sweep-[0-9a-f]{12}");
    private static final int DEFAULT_TOP = 20;
    private final JobQueue queue;
    private final SweepPlanner planner;
    private final ConfigPolicy policy;
    private final int maxGrid;
    private final int listMax;

    /**
     * {@code maxGrid}: most combinations a posted grid may have, and most ranking rows one answer shows;
     * {@code listMax}: most sweeps one list page shows.
     */
    public SweepApi(JobQueue queue, SweepPlanner planner, ConfigPolicy policy, int maxGrid, int listMax) {
        this.queue = queue;
        this.planner = planner;
        this.policy = policy;
        this.maxGrid = maxGrid;
        this.listMax = listMax;
    }

    /** POST /sweeps: 202 queued; 200 when the same sweep on the same data is queued, running or done already. */
    public ApiReply submit(byte[] body, String contentType, String query) throws IOException {
        QueryParams.parse(query, Set.of());
        PostedSweep posted = PostedSweep.read(body, contentType, policy, maxGrid);
        SweepPlan plan;
        try {
            plan = planner.plan(new SweepRequest(posted.base(), posted.grid(), 0, posted.rankBy(), posted.rerunBest()));
        } catch (ConfigException e) {
            throw new ApiException(Problem.Kind.INVALID_CONFIG.at("key", e.key().isEmpty() ? "config" : "config." + e.key(),
                    "config." + e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw PostedSweep.refusal(e);
        }
        if (plan.monthsRead() == 0) {
            throw new ApiException(Problem.Kind.INVALID_CONFIG.at("key", "config.start", "config.start: no bars stored"
                    + " between " + posted.base().start() + " and " + posted.base().end() + " (ingest or backfill them first)"));
        }
        int top = posted.top() == null ? Math.min(DEFAULT_TOP, maxGrid) : posted.top();
        String id = plan.id();
        Optional<Job> existing = queue.job(id);
        if (existing.filter(j -> j.status().active()).isEmpty() && SweepViews.finished(plan.folder())) {
            SweepView done = SweepViews.ofFolder(id, plan.folder(), top);
            if (done != null) {
                return located(ApiReply.json(200, done), id);
            }
        }
        JobQueue.Submitted s = queue.submit(id, posted.base(), new SweepSpec(posted.grid(), posted.rankBy(),
                posted.rerunBest()));
        return located(ApiReply.json(s.created() ? 202 : 200, SweepViews.of(s.job().snapshot(), top)), id);
    }

    /** GET /sweeps/{id}?top=N|all. */
    public ApiReply get(String id, String query) throws IOException {
        int top = top(QueryParams.parse(query, Set.of("top")));
        require(id);
        Optional<Job> job = queue.job(id);
        if (job.isPresent() && !(job.get().status() == JobStatus.DONE && !SweepViews.finished(folderOf(job.get())))) {
            return ApiReply.json(200, SweepViews.of(job.get().snapshot(), top));
        }
        Path folder = find(id).orElseThrow(() -> notFound(id));
        SweepView view = SweepViews.ofFolder(id, folder, top);
        if (view == null) {
            throw notFound(id);
        }
        return ApiReply.json(200, view);
    }

    /** GET /sweeps/{id}/ranking.csv: every ranked row, best first, as the CLI wrote it. */
    public ApiReply rankingCsv(String id, String query) throws IOException {
        QueryParams.parse(query, Set.of());
        require(id);
        Optional<Job> job = queue.job(id);
        if (job.isPresent() && job.get().status() != JobStatus.DONE) {
            throw new ApiException(Problem.Kind.CONFLICT.problem("sweep " + id + " is " + job.get().status().code()
                    + "; its ranking exists once it is done"));
        }
        Path folder = job.map(SweepApi::folderOf).filter(SweepViews::finished).or(() -> find(id))
                .orElseThrow(() -> notFound(id));
        Path csv = folder.resolve("ranking.csv");
        if (!Files.isRegularFile(csv)) {
            throw notFound(id);
        }
        return new ApiReply(200, CSV, Map.of(), Files.newInputStream(csv));
    }

    /** DELETE /sweeps/{id}: 200 cancelled, 202 stopping (still running), 409 finished. */
    public ApiReply cancel(String id, String query) throws InterruptedException {
        QueryParams.parse(query, Set.of());
        require(id);
        if (queue.job(id).isEmpty()) {
            if (find(id).isPresent()) {
                throw new ApiException(Problem.Kind.CONFLICT.problem("sweep " + id + " is done; only a queued or running"
                        + " sweep can be cancelled"));
            }
            throw notFound(id);
        }
        Job.Snapshot s = queue.cancel(id, 2_000);
        return ApiReply.json(s.status() == JobStatus.CANCELLED ? 200 : 202, SweepViews.of(s, DEFAULT_TOP));
    }

    private int top(QueryParams q) {
        String v = q.text("top");
        if ("all".equals(v)) {
            return maxGrid;
        }
        return q.intIn("top", 1, maxGrid, Math.min(DEFAULT_TOP, maxGrid));
    }

    /** GET /sweeps?status=&limit=&cursor=: the sweep jobs and the finished sweep folders, newest first. */
    public ApiReply list(String query) {
        QueryParams q = QueryParams.parse(query, Set.of("status", "limit", "cursor"));
        String status = q.oneOf("status", JobStatus.CODES);
        int limit = q.intIn("limit", 1, listMax, Math.min(DEFAULT_TOP, listMax));
        return ApiReply.json(200, SweepListing.page(queue.jobs(), scan(), status, limit, q.text("cursor")));
    }

    /** The finished folder of sweep {@code id} under the runs folder (made by the service or the CLI). */
    private Optional<Path> find(String id) {
        return scan().stream().filter(f -> f.id().equals(id)).map(SweepListing.FolderSweep::folder).findFirst();
    }

    /**
     * The finished sweep folders under the runs folder: a folder named like a sweep id holding sweep.json, at most four
     * folders deep; folders being written and links are passed by.
     */
    private List<SweepListing.FolderSweep> scan() {
        Path root = policy.absolute(policy.runsDir());
        List<SweepListing.FolderSweep> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try {
            Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), RunIndex.MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    String name = dir.getFileName().toString();
                    if (name.contains(AtomicFiles.TMP_MARKER)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (ID.matcher(name).matches() && SweepViews.finished(dir)) {
                        out.add(new SweepListing.FolderSweep(name, dir,
                                Files.getLastModifiedTime(dir.resolve("sweep.json")).toInstant()));
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return RunIndex.finished(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return out; // a folder removed meanwhile: what was found
        }
        return out;
    }

    private static void require(String id) {
        if (id == null || id.length() > 40 || !ID.matcher(id).matches()) {
            throw new ApiException(Problem.Kind.NOT_FOUND.at("parameter", "id", "no sweep '" + Printable.of(String.valueOf(id))
                    + "' (sweep ids look like sweep-0123456789ab)"));
        }
    }

    private static Path folderOf(Job j) {
        String f = j.record().runFolder();
        return f == null ? null : Path.of(f);
    }

    private static ApiReply located(ApiReply reply, String id) {
        return reply.withHeader("Location", "/sweeps/" + id);
    }

    private static ApiException notFound(String id) {
        return new ApiException(Problem.Kind.NOT_FOUND.at("parameter", "id", "no sweep " + id));
    }
}
