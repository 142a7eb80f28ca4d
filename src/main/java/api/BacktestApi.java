package api;

import backtest.BacktestConfig;
import backtest.RunPlan;
import backtest.StrategyType;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The backtest endpoints in plain Java, one method per operation, each answering an {@link ApiReply} or throwing an
 * {@link ApiException} (a problem). {@code routes.ApiRoutes} hands each HTTP request here through a {@code direct:}
 * route; runs themselves go through {@code direct:backtest} like the CLI's.
 */
public final class BacktestApi {
    static final String PARQUET = "application/vnd.apache.parquet";
    static final String JSON_LINES = "application/x-ndjson";
    private static final Set<String> LIST_PARAMS = Set.of("strategy", "status", "limit", "cursor");
    private static final Set<String> STRATEGIES = Arrays.stream(StrategyType.values()).map(StrategyType::code)
            .collect(Collectors.toSet());
    private static final List<String> HEADLINE = List.of("total_return", "buy_hold_return", "max_drawdown_pct", "sharpe",
            "round_trips", "final_equity");
    private static final int DEFAULT_LIMIT = 20;
    private final JobQueue queue;
    private final RunIndex index;
    private final BacktestRunner runner;
    private final ConfigPolicy policy;
    private final String symbol;
    private final int listMax;

    public BacktestApi(JobQueue queue, RunIndex index, BacktestRunner runner, ConfigPolicy policy, String symbol,
                       int listMax) {
        this.queue = queue;
        this.index = index;
        this.runner = runner;
        this.policy = policy;
        this.symbol = symbol;
        this.listMax = listMax;
    }

    /** POST /backtests: 202 queued; 200 when the same config on the same data is queued, running or done already. */
    public ApiReply submit(byte[] body, String contentType, String query) throws IOException {
        QueryParams.parse(query, Set.of());
        BacktestConfig cfg = PostedConfig.read(body, contentType, policy);
        if (!cfg.symbol().equals(symbol)) {
            throw new ApiException(Problem.Kind.INVALID_CONFIG.at("key", "symbol", "symbol: this store holds " + symbol
                    + ", not " + cfg.symbol()));
        }
        RunPlan plan = runner.plan(cfg);
        if (plan.monthsRead() == 0) {
            throw new ApiException(Problem.Kind.INVALID_CONFIG.at("key", "start", "start: no bars stored between "
                    + cfg.start() + " and " + cfg.end() + " (ingest or backfill them first)"));
        }
        String id = plan.runId();
        Optional<Job> existing = queue.job(id);
        if (existing.filter(j -> j.status().active()).isEmpty() && RunIndex.finished(plan.folder())) {
            RunView done = existing.filter(j -> j.status() == JobStatus.DONE).map(j -> view(j.snapshot(), true))
                    .orElseGet(() -> folderView(id, plan.folder(), true));
            return located(ApiReply.json(200, done), id);
        }
        JobQueue.Submitted s = queue.submit(id, cfg);
        return located(ApiReply.json(s.created() ? 202 : 200, view(s.job().snapshot(), true)), id);
    }

    /** GET /backtests/{id}. */
    public ApiReply get(String id, String query) throws IOException {
        QueryParams.parse(query, Set.of());
        RunIds.require(id);
        Optional<Job> job = queue.job(id);
        if (job.isPresent() && !(job.get().status() == JobStatus.DONE && !RunIndex.finished(folderOf(job.get())))) {
            return ApiReply.json(200, view(job.get().snapshot(), true));
        }
        Path folder = index.find(id).orElseThrow(() -> notFound(id));
        return ApiReply.json(200, folderView(id, folder, true));
    }

    /** GET /backtests?strategy=&status=&limit=&cursor=: jobs and run folders, newest first. */
    public ApiReply list(String query) throws IOException {
        QueryParams q = QueryParams.parse(query, LIST_PARAMS);
        String strategy = q.oneOf("strategy", STRATEGIES);
        String status = q.oneOf("status", JobStatus.CODES);
        int limit = q.intIn("limit", 1, listMax, Math.min(DEFAULT_LIMIT, listMax));
        Cursor after = q.text("cursor") == null ? null : Cursor.parse(q.text("cursor"));

        Map<String, Entry> all = new HashMap<>();
        for (RunIndex.FolderRun r : index.scan()) {
            all.put(r.id(), new Entry(r.id(), r.finished(), null, r.folder()));
        }
        for (Job j : queue.jobs()) {
            Job.Snapshot s = j.snapshot();
            boolean lostFolder = s.status() == JobStatus.DONE && !RunIndex.finished(folderOf(j));
            if (!lostFolder) {
                all.put(j.id(), new Entry(j.id(), s.record().submittedAt(), s, null));
            }
        }
        List<Entry> sorted = all.values().stream()
                .filter(e -> strategy == null || RunIds.strategy(e.id).equals(strategy))
                .filter(e -> status == null || e.status().code().equals(status))
                .sorted(Comparator.comparing(Entry::time).reversed().thenComparing(Entry::id))
                .filter(e -> after == null || after.before(e))
                .toList();
        List<RunView> items = new ArrayList<>();
        for (Entry e : sorted.subList(0, Math.min(limit, sorted.size()))) {
            items.add(e.job != null ? view(e.job, false) : folderView(e.id, e.folder, false));
        }
        String next = null;
        Map<String, String> links = new LinkedHashMap<>();
        if (sorted.size() > limit) {
            Entry last = sorted.get(limit - 1);
            next = new Cursor(last.time(), last.id()).encode();
            StringBuilder url = new StringBuilder("/backtests?limit=" + limit);
            if (strategy != null) {
                url.append("&strategy=").append(strategy);
            }
            if (status != null) {
                url.append("&status=").append(status);
            }
            links.put("next", url.append("&cursor=").append(next).toString());
        }
        return ApiReply.json(200, new RunList(items, next, links));
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
        return ApiReply.json(s.status() == JobStatus.CANCELLED ? 200 : 202, view(s, true));
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

    private RunView view(Job.Snapshot s, boolean full) {
        JobRecord r = s.record();
        JobStatus status = s.status();
        Map<String, Object> metrics = null;
        if (status == JobStatus.DONE && r.runFolder() != null) {
            metrics = metrics(Path.of(r.runFolder()), full);
        }
        Long duration = r.startedAt() != null && r.finishedAt() != null
                ? Duration.between(r.startedAt(), r.finishedAt()).toMillis() : null;
        return new RunView(r.id(), RunIds.strategy(r.id()), status.code(), s.progress(),
                s.cancelRequested() && status == JobStatus.RUNNING ? Boolean.TRUE : null, r.submittedAt(), r.startedAt(),
                r.finishedAt(), duration, r.restarts() > 0 ? r.restarts() : null, metrics, r.error(),
                links(r.id(), status == JobStatus.DONE));
    }

    private RunView folderView(String id, Path folder, boolean full) {
        Instant finished;
        try {
            finished = Files.getLastModifiedTime(folder.resolve("metrics.json")).toInstant();
        } catch (IOException e) {
            finished = null;
        }
        return new RunView(id, RunIds.strategy(id), JobStatus.DONE.code(), null, null, null, null, finished, null, null,
                metrics(folder, full), null, links(id, true));
    }

    private static Map<String, Object> metrics(Path folder, boolean full) {
        try {
            Map<String, Object> all = ApiJson.MAPPER.readValue(Files.readAllBytes(folder.resolve("metrics.json")),
                    new TypeReference<LinkedHashMap<String, Object>>() { });
            if (full) {
                return all;
            }
            Map<String, Object> head = new LinkedHashMap<>();
            HEADLINE.forEach(k -> head.put(k, all.get(k)));
            return head;
        } catch (IOException e) {
            return null; // removed or being replaced meanwhile
        }
    }

    private static Map<String, String> links(String id, boolean done) {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", "/backtests/" + id);
        if (done) {
            for (String a : List.of("report", "fills", "equity", "decisions")) {
                links.put(a, "/backtests/" + id + "/" + a);
            }
        }
        return links;
    }

    /** A run in the list: a job (snapshot) or a finished folder made outside the queue. */
    private record Entry(String id, Instant time, Job.Snapshot job, Path folder) {
        JobStatus status() {
            return job == null ? JobStatus.DONE : job.status();
        }

        /** To the millisecond, as the cursor holds it. */
        @Override
        public Instant time() {
            return time == null ? Instant.EPOCH : time.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        }
    }

    /** Where a page ended: the last run's time and id (newest first, then id). Opaque to clients (base64url). */
    private record Cursor(Instant time, String id) {
        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((time.toEpochMilli() + ":" + id)
                    .getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String text) {
            try {
                String s = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int colon = s.indexOf(':');
                String id = s.substring(colon + 1);
                if (colon < 1 || !RunIds.valid(id)) {
                    throw new IllegalArgumentException();
                }
                return new Cursor(Instant.ofEpochMilli(Long.parseLong(s.substring(0, colon))), id);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw QueryParams.invalid("cursor", "not a cursor this API gave out (use next_cursor of the previous page)");
            }
        }

        /** Whether {@code e} comes after this cursor in the list's order. */
        boolean before(Entry e) {
            int byTime = e.time().compareTo(time);
            return byTime < 0 || byTime == 0 && e.id().compareTo(id) > 0;
        }
    }
}
