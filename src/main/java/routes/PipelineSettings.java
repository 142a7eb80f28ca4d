package routes;

import replay.RecordedRoutes;
import backtest.plugin.StrategyRegistry;
import features.FeatureSpec;
import features.GapPolicy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import llm.LlmSettings;
import settings.LogSettings;
import settings.SettingSources;
import settings.SettingsReader;
import storage.CrashPoints;

/**
 * Every {@code app.*} setting, bound once at start-up into one typed record per stage (no Camel here: the CLI binds
 * them before anything starts, and {@link PipelineRuntime} hands them to the route builders and beans). An unknown key
 * or a value out of its range throws a {@link settings.SettingsException} naming the key, where it came from, the
 * value and what is allowed.
 *
 * @param values every key's value as given and where it came from (sorted by key)
 */
public record PipelineSettings(Store store, Inbox inbox, Ingest ingest, Backfill backfill, Http http, Features features,
                               LlmSettings llm, Debug debug, LogSettings log, Api api, Exports exports,
                               Recording recording, Replay replay,
                               Map<String, SettingSources.Value> values) {

    /** Every known key; application.properties holds a default for each (a test keeps the two equal). */
    public static final List<String> KEYS = List.of("app.data.dir", "app.symbols", "app.symbol",
            "app.inbox.enabled", "app.inbox.dir", "app.inbox.poll-ms", "app.inbox.settle-ms", "app.inbox.lock-timeout-ms",
            "app.inbox.orphan-checksum-ms", "app.inbox.concurrency",
            "app.ingest.batch-lines", "app.ingest.max-entry-bytes", "app.ingest.max-compression-ratio",
            "app.ingest.max-line-bytes", "app.ingest.keep-raw-csv",
            "app.backfill.enabled", "app.backfill.initial-delay-ms", "app.backfill.period-ms", "app.backfill.months",
            "app.backfill.base-url", "app.backfill.http.connect-timeout-ms", "app.backfill.http.response-timeout-ms",
            "app.backfill.http.attempt-timeout-ms",
            "app.backfill.http.retries", "app.backfill.http.backoff-ms", "app.backfill.http.max-backoff-ms",
            "app.backfill.rest.enabled", "app.backfill.rest.base-url", "app.backfill.rest.max-requests",
            "app.features.gap-policy", "app.features.refresh",
            "app.debug.crash-at", "app.clock.fixed",
            "app.llm.base-url", "app.llm.model", "app.llm.temperature", "app.llm.max-tokens", "app.llm.api-key-env",
            "app.llm.response-format", "app.llm.connect-timeout-ms", "app.llm.response-timeout-ms",
            "app.llm.max-response-bytes", "app.llm.retries", "app.llm.backoff-ms", "app.llm.max-backoff-ms",
            "app.llm.deadline-ms", "app.llm.breaker-failures", "app.llm.breaker-open-ms", "app.llm.price-in-per-1k",
            "app.llm.price-out-per-1k", "app.llm.prompt-version", "app.llm.cache-dir",
            "app.log.level", "app.log.file", "app.log.format",
            "app.api.enabled", "app.api.host", "app.api.port", "app.api.token-env", "app.api.max-body-bytes",
            "app.api.workers", "app.api.queue", "app.api.runs-dir", "app.api.list-max", "app.api.max-grid",
            "app.api.features-max-rows", "app.api.backfill-max-months", "app.api.export-max-months", "app.exports.dir", "app.plugins.dir",
            "app.record.routes", "app.record.redact", "app.replay.watch.enabled", "app.replay.max-bundle-bytes");

    /**
     * The store: {@code <dataDir>/spot/<SYMBOL>/...} for every symbol of {@code symbols} ({@code app.symbols});
     * {@code symbol} is the default one (the first listed), used wherever a command or config names none.
     */
    public record Store(Path dataDir, String symbol, storage.Symbols symbols) {
        /** A store of one symbol. */
        public Store(Path dataDir, String symbol) {
            this(dataDir, symbol, storage.Symbols.of(symbol));
        }
    }

    /**
     * The inbox watcher (long-lived process only); {@code concurrency} files at most are ingested at once, at most one
     * per symbol ({@code ingest.InboxLanes}).
     */
    public record Inbox(boolean enabled, Path dir, long pollMs, long settleMs, long lockTimeoutMs, long orphanChecksumMs,
                        int concurrency) {
    }

    /** Ingest limits and the raw CSV copies. */
    public record Ingest(int batchLines, long maxEntryBytes, long maxCompressionRatio, int maxLineBytes,
                         boolean keepRawCsv) {
    }

    /** The backfill timer (long-lived process only) and where to fetch from. */
    public record Backfill(boolean enabled, long initialDelayMs, long periodMs, int months, String baseUrl,
                           boolean restEnabled, String restBaseUrl, int restMaxRequests) {
    }

    /** HTTP of the backfill ({@code backfill-http} route): timeouts, retries and backoff. */
    public record Http(long connectTimeoutMs, long responseTimeoutMs, long attemptTimeoutMs, int retries, long backoffMs, long maxBackoffMs) {
    }

    /** The feature engine's gap policy and the standing feature sets recomputed after ingest. */
    public record Features(GapPolicy gapPolicy, List<FeatureSpec> standing) {
    }

    /** Testing aids: a crash point (null: none) and a fixed clock for backfill planning (null: the real clock). */
    public record Debug(String crashAt, Instant fixedNow) {
    }

    /**
     * The service (long-lived process only): Camel's HTTP server and its health endpoints follow these (management
     * shares the API's port, see docs/api.md); {@code tokenEnv} names the environment variable holding the token.
     */
    public record Api(boolean enabled, String host, int port, String tokenEnv, long maxBodyBytes, int workers,
                      int queue, Path runsDir, int listMax, int maxGrid, int featuresMaxRows, int backfillMaxMonths,
                      int exportMaxMonths) {

        /**
         * The {@code camel.server.*}, {@code camel.management.*} and {@code camel.metrics.*} properties these settings
         * imply: no HTTP server, health or metrics endpoint (nor metrics registry) unless the service is enabled.
         */
        public Map<String, String> camelServerProperties() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("camel.server.enabled", Boolean.toString(enabled));
            m.put("camel.server.host", host);
            m.put("camel.server.port", Integer.toString(port));
            m.put("camel.server.max-body-size", Long.toString(maxBodyBytes));
            m.put("camel.management.enabled", Boolean.toString(enabled));
            m.put("camel.management.host", host);
            m.put("camel.management.port", Integer.toString(port));
            m.put("camel.management.metrics-enabled", Boolean.toString(enabled));
            m.put("camel.metrics.enabled", Boolean.toString(enabled));
            // only with the API: a one-shot command (no HTTP) would otherwise configure the health checks and build
            // the platform-http component at every start (~10 ms, and their classes in its AOT cache)
            if (enabled) {
                m.put("camel.health.enabled", "true");
                m.put("camel.management.health-check-enabled", "true");
                // the API checks Content-Type itself (415 problem+json); Vert.x would answer 405/406 before Camel sees
                // the request
                m.put("camel.component.platform-http.server-request-validation", "false");
            }
            return m;
        }
    }

    /** Where {@code export} writes (CSV, run bundles, manifest.json); relative paths from the working directory. */
    public record Exports(Path dir) {
    }

    /**
     * Route-level recording: the route ids whose exchanges are written to {@code <exports>/exchanges/<route>/} (empty:
     * none) and the header names written as {@code <redacted>} (the LLM bearer token is never written).
     */
    public record Recording(List<String> routes, List<String> redact) {
    }

    /**
     * Replay: the drop folder {@code <exports>/replay/<route>/} watched by the long-lived process ({@code watchEnabled};
     * always off in one-shot commands), and the largest run bundle {@code replay --run} reads (compressed, and all its
     * entries unpacked).
     */
    public record Replay(boolean watchEnabled, long maxBundleBytes) {
    }

    /** Binds and validates every setting of {@code sources}; unknown keys first. */
    public static PipelineSettings bind(SettingSources sources) {
        SettingsReader r = new SettingsReader(sources, KEYS);
        storage.Symbols symbols = symbols(r);
        Store store = new Store(r.folder("app.data.dir"), symbols.defaultSymbol(), symbols);
        long settle = r.millis("app.inbox.settle-ms", 1);
        long lockTimeout = r.millis("app.inbox.lock-timeout-ms", 1);
        if (lockTimeout <= 2 * settle) {
            throw r.bad("app.inbox.lock-timeout-ms", "must be more than 2 x app.inbox.settle-ms (" + settle + ")");
        }
        Inbox inbox = new Inbox(r.bool("app.inbox.enabled"), r.folder("app.inbox.dir"), r.millis("app.inbox.poll-ms", 1),
                settle, lockTimeout, r.millis("app.inbox.orphan-checksum-ms", 1), r.wholeInt("app.inbox.concurrency", 1, 64));
        Ingest ingest = new Ingest(r.wholeInt("app.ingest.batch-lines", 1, 1_000_000),
                r.whole("app.ingest.max-entry-bytes", 1, Long.MAX_VALUE, "bytes"),
                r.whole("app.ingest.max-compression-ratio", 1, 1_000_000, ""),
                (int) r.whole("app.ingest.max-line-bytes", 1, 1 << 20, "bytes"), r.bool("app.ingest.keep-raw-csv"));
        Backfill backfill = new Backfill(r.bool("app.backfill.enabled"), r.millis("app.backfill.initial-delay-ms", 0),
                r.millis("app.backfill.period-ms", 1), r.wholeInt("app.backfill.months", 1, 1200),
                r.url("app.backfill.base-url"), r.bool("app.backfill.rest.enabled"), r.url("app.backfill.rest.base-url"),
                r.wholeInt("app.backfill.rest.max-requests", 1, 1_000_000));
        Http http = new Http(r.millis("app.backfill.http.connect-timeout-ms", 1),
                r.millis("app.backfill.http.response-timeout-ms", 1), r.millis("app.backfill.http.attempt-timeout-ms", 1),
                r.wholeInt("app.backfill.http.retries", 0, 100),
                r.millis("app.backfill.http.backoff-ms", 0),
                atLeast(r, "app.backfill.http.max-backoff-ms", "app.backfill.http.backoff-ms"));
        Map<String, GapPolicy> policies = new LinkedHashMap<>();
        for (GapPolicy p : GapPolicy.values()) {
            policies.put(p.name().toLowerCase(java.util.Locale.ROOT), p);
        }
        GapPolicy gapPolicy = r.oneOf("app.features.gap-policy", policies);
        Features features = new Features(gapPolicy, r.parsed("app.features.refresh",
                "empty or ';'-separated INTERVAL:INDICATORS sets, e.g. 1m:ema,rsi,cmf", s -> standing(s, gapPolicy)));
        Debug debug = new Debug(crashAt(r), r.parsed("app.clock.fixed", "empty or an ISO-8601 instant, e.g. "
                + "2025-02-03T10:00:00Z", s -> s.isEmpty() ? null : Instant.parse(s)));
        LlmSettings llm = llm(r, store.dataDir());
        LogSettings log = new LogSettings(r.oneOf("app.log.level", names(LogSettings.LEVELS)),
                r.optionalFile("app.log.file"), r.oneOf("app.log.format", names(LogSettings.FORMATS)));
        String tokenEnv = r.text("app.api.token-env");
        if (!tokenEnv.isEmpty() && !tokenEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw r.bad("app.api.token-env", "must be empty or the NAME of an environment variable (letters, digits, _)");
        }
        Api api = new Api(r.bool("app.api.enabled"), r.required("app.api.host"), r.wholeInt("app.api.port", 0, 65_535),
                tokenEnv, r.whole("app.api.max-body-bytes", 1024, 64L * 1024 * 1024, "bytes"),
                r.wholeInt("app.api.workers", 1, 64), r.wholeInt("app.api.queue", 0, 100_000),
                r.folder("app.api.runs-dir"), r.wholeInt("app.api.list-max", 1, 10_000),
                r.wholeInt("app.api.max-grid", 1, 1_000_000), r.wholeInt("app.api.features-max-rows", 1, 100_000),
                r.wholeInt("app.api.backfill-max-months", 1, 1200), r.wholeInt("app.api.export-max-months", 1, 1200));
        Exports exports = new Exports(r.folder("app.exports.dir"));
        Recording recording = new Recording(r.parsed("app.record.routes",
                "empty or a comma list of backtest, features, llm-decide, ingest-file", RecordedRoutes::parse),
                java.util.Arrays.stream(r.text("app.record.redact").split(",")).map(String::strip)
                        .filter(x -> !x.isEmpty()).toList());
        Replay replay = new Replay(r.bool("app.replay.watch.enabled"),
                r.whole("app.replay.max-bundle-bytes", 1024, Long.MAX_VALUE, "bytes"));
        plugins(r);
        return new PipelineSettings(store, inbox, ingest, backfill, http, features, llm, debug, log, api, exports, recording,
                replay, new TreeMap<>(r.read()));
    }

    /**
     * Loads the strategy plug-ins of {@code app.plugins.dir} (empty: the built-ins only) into the process's
     * {@link StrategyRegistry}: a missing folder, a broken jar or a name clash is refused here, at start-up, in one
     * line naming the jar.
     */
    private static void plugins(SettingsReader r) {
        try {
            StrategyRegistry.useDir(r.text("app.plugins.dir"));
        } catch (IllegalStateException e) {
            throw r.bad("app.plugins.dir", e.getMessage());
        }
    }

    /**
     * These settings with the long-lived consumers (inbox watcher, replay drop folder, backfill timer) and the service (no HTTP server,
     * no API routes, no job workers) off, as one-shot commands run.
     */
    public PipelineSettings oneShot() {
        return new PipelineSettings(store, new Inbox(false, inbox.dir(), inbox.pollMs(), inbox.settleMs(),
                inbox.lockTimeoutMs(), inbox.orphanChecksumMs(), inbox.concurrency()),
                ingest, new Backfill(false, backfill.initialDelayMs(), backfill.periodMs(), backfill.months(),
                backfill.baseUrl(), backfill.restEnabled(), backfill.restBaseUrl(), backfill.restMaxRequests()),
                http, features, llm, debug, log, new Api(false, api.host(), api.port(), api.tokenEnv(),
                api.maxBodyBytes(), api.workers(), api.queue(), api.runsDir(), api.listMax(), api.maxGrid(),
                api.featuresMaxRows(), api.backfillMaxMonths(), api.exportMaxMonths()), exports, recording,
                new Replay(false, replay.maxBundleBytes()), values);
    }

    /** Every key with its value as given (trimmed): what a process hands on to another start-up of the same settings. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, v.text().strip()));
        return m;
    }

    private static Map<String, String> names(List<String> names) {
        Map<String, String> m = new LinkedHashMap<>();
        names.forEach(n -> m.put(n, n));
        return m;
    }

    /**
     * {@code app.symbols}; the deprecated {@code app.symbol} (empty by default) still names a one-symbol store, unless
     * {@code app.symbols} is given too, which is refused as ambiguous.
     */
    private static storage.Symbols symbols(SettingsReader r) {
        String alias = r.text("app.symbol");
        String list = r.required("app.symbols");
        if (!alias.isEmpty()) {
            if (!storage.Symbols.valid(alias)) {
                throw r.bad("app.symbol", "must be a Binance symbol in capitals and digits, e.g. BTCUSDT"
                        + " (app.symbol is deprecated: set app.symbols)");
            }
            if (!r.origin("app.symbols").equals(settings.SettingSources.DEFAULTS) && !list.equals(alias)) {
                throw r.bad("app.symbol", "deprecated and given together with app.symbols='" + list
                        + "': set app.symbols only");
            }
            return storage.Symbols.of(alias);
        }
        try {
            return storage.Symbols.parse(list);
        } catch (IllegalArgumentException e) {
            throw r.bad("app.symbols", "must be a comma-separated list of Binance symbols in capitals and digits, e.g."
                    + " BTCUSDT,ETHUSDT, or * for any: " + e.getMessage());
        }
    }

    private static long atLeast(SettingsReader r, String key, String lowerKey) {
        long lower = r.millis(lowerKey, 0);
        long v = r.millis(key, 0);
        if (v < lower) {
            throw r.bad(key, "must be at least " + lowerKey + " (" + lower + ")");
        }
        return v;
    }

    private static List<FeatureSpec> standing(String text, GapPolicy gapPolicy) {
        List<FeatureSpec> specs = new ArrayList<>();
        for (String set : text.split(";")) {
            if (!set.isBlank()) {
                specs.add(FeatureSpec.parse(set, gapPolicy));
            }
        }
        return List.copyOf(specs);
    }

    private static String crashAt(SettingsReader r) {
        String s = r.text("app.debug.crash-at");
        if (s.isEmpty()) {
            return null;
        }
        String point = CrashPoints.step(s);
        boolean pauseWithoutFile = s.startsWith(CrashPoints.PAUSE) && CrashPoints.pauseMarker(s) == null;
        if (point == null || !CrashPoints.POINTS.contains(point) || pauseWithoutFile) {
            throw r.bad("app.debug.crash-at", "must be empty, a commit step (" + String.join(", ", CrashPoints.POINTS)
                    + "), fail:<step> or pause:<step>:<marker file>");
        }
        return s;
    }

    /** app.llm.* (a backtest config's llm block overrides any of them per run). */
    private static LlmSettings llm(SettingsReader r, Path dataDir) {
        String apiKeyEnv = r.text("app.llm.api-key-env");
        if (!apiKeyEnv.isEmpty() && !apiKeyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw r.bad("app.llm.api-key-env", "must be empty or the NAME of an environment variable (letters, digits, _)");
        }
        String prompt = r.required("app.llm.prompt-version");
        if (PipelineSettings.class.getResource("/prompts/" + prompt + ".txt") == null) {
            throw r.bad("app.llm.prompt-version", "must name a template prompts/<version>.txt in the jar, e.g. decision-v2");
        }
        Path cacheDir = r.optionalFolder("app.llm.cache-dir");
        return new LlmSettings(r.url("app.llm.base-url"), r.required("app.llm.model"),
                r.decimal("app.llm.temperature", 0, 2), r.wholeInt("app.llm.max-tokens", 1, 1_000_000), apiKeyEnv,
                r.bool("app.llm.response-format"), r.millis("app.llm.connect-timeout-ms", 1),
                r.millis("app.llm.response-timeout-ms", 1),
                r.whole("app.llm.max-response-bytes", 1, LlmSettings.MAX_RESPONSE_BYTES_LIMIT, "bytes"),
                r.wholeInt("app.llm.retries", 0, 100), r.millis("app.llm.backoff-ms", 0),
                atLeast(r, "app.llm.max-backoff-ms", "app.llm.backoff-ms"), r.millis("app.llm.deadline-ms", 1),
                r.wholeInt("app.llm.breaker-failures", 1, 1_000_000), r.millis("app.llm.breaker-open-ms", 0),
                r.decimal("app.llm.price-in-per-1k", 0, 1_000_000), r.decimal("app.llm.price-out-per-1k", 0, 1_000_000),
                prompt, (cacheDir == null ? dataDir.resolve("llm-cache") : cacheDir).toString());
    }
}
