package api;

import features.ClampedDataSource;
import features.FeatureEngine;
import features.FeatureFrame;
import features.FeatureSpec;
import features.Interval;
import features.ParquetDataSource;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import storage.KlineStore;
import storage.Offsets;

/**
 * {@code GET /features/latest} and {@code GET /features}: feature rows (bars plus indicators) computed from the store
 * exactly as {@code features compute} computes them - same engine, same gap policy, same warm-up history before the
 * first row. The latest window is cached per feature spec and store version ({@link LatestFeatureWindows}); a range
 * is computed per request, at most {@link #RANGE_COMPUTATIONS} at a time, its rows capped.
 */
public final class FeatureApi {
    /** Range computations run at once (each may read a long 1m history); more wait their turn. */
    static final int RANGE_COMPUTATIONS = 2;
    /** Answers up to this many rows are kept serialised per window and n (bigger ones are written per request). */
    static final int CACHED_BODY_ROWS = 1000;
    /** Serialised answers kept per window (different n). */
    static final int CACHED_BODIES = 8;
    private static final int DEFAULT_N = 100;
    private static final int ATTEMPTS = 3;
    private static final long MINUTE = 60_000L;
    private static final double HISTORY_MARGIN = 1.25;
    private static final Set<String> LATEST_PARAMS = Set.of("n", "interval", "indicators", "gap_policy", "symbol");
    private static final Set<String> RANGE_PARAMS = Set.of("start", "end", "interval", "indicators", "gap_policy",
            "symbol");

    private final KlineStore store;
    /** Recomputes latest windows after a commit while the previous ones answer (one at a time; a daemon thread). */
    private final java.util.concurrent.ExecutorService refresher = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "api-features-refresh");
        t.setDaemon(true);
        return t;
    });
    private final int maxRows;
    private final LatestFeatureWindows latest;
    private final Semaphore ranges = new Semaphore(RANGE_COMPUTATIONS, true);

    /** Every symbol's store ({@code symbol=} picks one), or null: {@link #store} only. */
    private final storage.KlineStores stores;
    /** The answers of other symbols than the default one, each with its own cache, made when first asked for. */
    private final java.util.concurrent.ConcurrentHashMap<String, FeatureApi> others =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** @param maxRows the most rows one answer holds ({@code app.api.features-max-rows}) */
    public FeatureApi(KlineStore store, int maxRows) {
        this(store, null, maxRows);
    }

    /** Rows of any symbol {@code stores} holds ({@code symbol=}; default the first of app.symbols). */
    public FeatureApi(storage.KlineStores stores, int maxRows) {
        this(stores.defaultStore(), stores, maxRows);
    }

    private FeatureApi(KlineStore store, storage.KlineStores stores, int maxRows) {
        this.store = store;
        this.stores = stores;
        this.maxRows = maxRows;
        this.latest = new LatestFeatureWindows(this::loadLatest, refresher);
    }

    /** Stops the background recomputation (the service is stopping). */
    public void stop() {
        refresher.shutdownNow();
        others.values().forEach(FeatureApi::stop);
    }

    /** The answers for {@code symbol=} when it names another symbol than this one's; null: this one answers. */
    private FeatureApi other(QueryParams q) throws IOException {
        String symbol = q.text("symbol");
        if (symbol == null || symbol.equals(store.symbol())) {
            return null;
        }
        if (stores == null) {
            throw QueryParams.invalid("symbol", "this store holds " + store.symbol() + ", got '" + Printable.of(symbol) + "'");
        }
        String checked = SymbolCheck.param(stores, q);
        return others.computeIfAbsent(checked, s -> new FeatureApi(stores.store(s), null, maxRows));
    }

    /** GET /features/latest?n=&interval=&indicators=&gap_policy=: the last n rows of the stored data. */
    public ApiReply latest(String query) throws IOException {
        QueryParams q = QueryParams.parse(query, LATEST_PARAMS);
        FeatureApi other = other(q);
        if (other != null) {
            return other.latest(query);
        }
        int n = q.intIn("n", 1, maxRows, Math.min(DEFAULT_N, maxRows));
        FeatureSpec spec = FeatureParams.spec(q);
        LatestFeatureWindows.Window w = latest.window(spec, StoreVersion.of(store.offsetsFile()));
        byte[] body = n <= CACHED_BODY_ROWS ? w.bodies().get(n) : null;
        if (body == null) {
            FeatureFrame f = w.frame();
            Map<String, Object> head = head(spec);
            head.put("n", n);
            head.put("data_last_open_time", w.dataLast());
            body = FeatureRowsJson.write(head, f, Math.max(0, f.size() - n), f.size());
            if (n <= CACHED_BODY_ROWS && w.bodies().size() < CACHED_BODIES) {
                w.bodies().putIfAbsent(n, body);
            }
        }
        return ok(body);
    }

    /** GET /features?start=&end=&interval=&indicators=&gap_policy=: the rows with open time in [start, end). */
    public ApiReply range(String query) throws IOException, InterruptedException {
        QueryParams q = QueryParams.parse(query, RANGE_PARAMS);
        FeatureApi other = other(q);
        if (other != null) {
            return other.range(query);
        }
        FeatureSpec spec = FeatureParams.spec(q);
        Instant start = required(q, "start");
        Instant end = required(q, "end");
        if (!start.isBefore(end)) {
            throw QueryParams.invalid("end", "must be after start (" + start + "), got " + end);
        }
        Map<String, Object> head = head(spec);
        head.put("start", start);
        head.put("end", end);
        Offsets offsets = store.offsets();
        Interval interval = spec.interval();
        if (offsets.lastOpenTime() == null) {
            return ok(FeatureRowsJson.write(head, empty(spec), 0, 0));
        }
        head.put("data_last_open_time", offsets.lastOpenTime());
        // only the stored part of the range can hold rows: what is read, and what the cap counts, is clipped to it
        long from = Math.max(start.toEpochMilli(), interval.bucketStart(offsets.firstOpenTime().toEpochMilli()));
        long to = Math.min(end.toEpochMilli(), offsets.lastOpenTime().toEpochMilli() + MINUTE);
        long buckets = to <= from ? 0 : ceilDiv(to - interval.bucketStart(from), interval.millis());
        if (buckets > maxRows) {
            Instant suggested = Instant.ofEpochMilli(interval.bucketStart(from) + maxRows * interval.millis());
            throw new ApiException(Problem.Kind.INVALID_PARAMETER.at("parameter", "end", "end: the range holds up to "
                    + buckets + " bars of " + interval + " in the stored data, more than the " + maxRows + " one answer"
                    + " may hold (app.api.features-max-rows); ask for end=" + suggested + " and continue from there"));
        }
        if (to <= from) {
            return ok(FeatureRowsJson.write(head, empty(spec), 0, 0));
        }
        FeatureFrame frame;
        ranges.acquire();
        try {
            frame = computeRetrying(spec, start, Instant.ofEpochMilli(to), offsets.firstOpenTime());
        } finally {
            ranges.release();
        }
        return ok(FeatureRowsJson.write(head, frame, 0, frame.size()));
    }

    /**
     * The last {@code maxRows} rows up to the last stored minute, computed from far enough back that they are those
     * of {@code features compute} over everything stored: the engine reads the indicators' warm-up before the first
     * row; a window that comes out short (gaps, dropped minutes) is widened until it holds maxRows rows or starts at
     * the first stored minute.
     */
    private LatestFeatureWindows.Window loadLatest(FeatureSpec spec, StoreVersion version) throws IOException {
        Offsets offsets = store.offsets();
        if (offsets.lastOpenTime() == null) {
            return new LatestFeatureWindows.Window(version, empty(spec), null);
        }
        Interval interval = spec.interval();
        Instant asOf = offsets.lastOpenTime().plusMillis(MINUTE);
        long firstBucket = interval.bucketStart(offsets.firstOpenTime().toEpochMilli());
        long lastBucket = interval.bucketStart(asOf.toEpochMilli());
        long span = (long) (maxRows * HISTORY_MARGIN) + 1;
        while (true) {
            long startMs = Math.max(firstBucket, lastBucket - span * interval.millis());
            FeatureFrame f = computeRetrying(spec, Instant.ofEpochMilli(startMs), asOf, offsets.firstOpenTime());
            if (f.size() >= maxRows || startMs <= firstBucket) {
                return new LatestFeatureWindows.Window(version, f.slice(Math.max(0, f.size() - maxRows), f.size()),
                        offsets.lastOpenTime());
            }
            span *= 2;
        }
    }

    /**
     * {@code features compute}'s frame of [start, end). A month file replaced by an ingest while it is read can fail
     * the read: it is tried again (the next read sees the new file).
     */
    private FeatureFrame computeRetrying(FeatureSpec spec, Instant start, Instant end, Instant firstStored)
            throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return new FeatureEngine(new ClampedDataSource(new ParquetDataSource(store, spec.gapPolicy(), false),
                        firstStored)).compute(spec, start, end);
            } catch (IOException | RuntimeException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private Map<String, Object> head(FeatureSpec spec) {
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("symbol", store.symbol());
        head.put("interval", spec.interval().code());
        head.put("indicators", FeatureParams.indicatorNames(spec));
        head.put("gap_policy", FeatureParams.policyName(spec));
        return head;
    }

    private static FeatureFrame empty(FeatureSpec spec) {
        Map<String, double[]> cols = new LinkedHashMap<>();
        spec.indicators().columns().forEach(c -> cols.put(c, new double[0]));
        return new FeatureFrame(spec, new features.Bars(spec.interval(), 0), cols);
    }

    private static ApiReply ok(byte[] json) {
        return new ApiReply(200, ApiReply.JSON, Map.of(), json);
    }

    private static Instant required(QueryParams q, String name) {
        Instant t = FeatureParams.time(q, name);
        if (t == null) {
            throw QueryParams.invalid(name, "required: a UTC time (YYYY-MM, YYYY-MM-DD or an ISO instant)");
        }
        return t;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
