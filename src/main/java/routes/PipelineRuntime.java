package routes;

import backfill.BackfillProgress;
import backtest.config.BacktestConfig;
import backtest.run.RunSummary;
import backtest.sweep.SweepRequest;
import backtest.sweep.SweepSummary;
import backfill.BackfillReport;
import backfill.BackfillRequest;
import features.FeatureRequest;
import features.FeatureResult;
import ingest.IngestOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.apache.camel.main.SimpleMainShutdownStrategy;
import settings.SettingSources;
import settings.StartupTrace;
import verify.VerifyReport;
import verify.VerifyRequest;

/**
 * Boots the one Camel application in either mode. Long-lived: every route runs until SIGTERM. One-shot (CLI):
 * the same context and routes without the long-lived consumers (inbox and replay-drop watchers, backfill timer: not
 * created, see {@link #LONG_LIVED_ONLY}; no HTTP server); the command sends its request to a {@code direct:} route
 * and the runtime closes.
 */
public final class PipelineRuntime implements AutoCloseable {
    /**
     * The routes only the long-lived process runs - the inbox and replay-drop watchers and the backfill timer: a
     * one-shot runtime does not create them at all (Camel's route filter), which saves their endpoints and consumers
     * on every command's start-up.
     */
    static final String LONG_LIVED_ONLY = String.join(",", Endpoints.ROUTE_INGEST_INBOX, Endpoints.ROUTE_BACKFILL_TIMER,
            Endpoints.ROUTE_REPLAY_WATCH);
    /**
     * The request routes a one-shot command sends to, with the routes those call: a one-shot runtime creates only
     * these (Camel's route filter), which saves creating and starting the others on that command's start-up
     * (creating the routes was the largest part of Camel's start). {@link #ALL}: every request route (ingest,
     * backfill, verify --repair, export, replay - replay may call any recorded route).
     */
    public enum Requests {
        /** Every request route. */
        ALL(),
        /** {@code verify} without {@code --repair}: the store scan. */
        VERIFY(Endpoints.ROUTE_VERIFY),
        /** {@code features} and {@code features sample}. */
        FEATURES(Endpoints.ROUTE_FEATURES),
        /** {@code backtest} and its sub-commands: the run, sweep, walk-forward and bias routes, and the LLM's. */
        BACKTEST(Endpoints.ROUTE_BACKTEST, Endpoints.ROUTE_BACKTEST_SWEEP, Endpoints.ROUTE_BACKTEST_WALK_FORWARD,
                Endpoints.ROUTE_BACKTEST_CHECK_BIAS, Endpoints.ROUTE_LLM_DECIDE);

        private final java.util.List<String> routeIds;

        Requests(String... routeIds) {
            this.routeIds = java.util.List.of(routeIds);
        }

        /** The route ids created for it; empty for {@link #ALL} (no include filter). */
        public java.util.List<String> routeIds() {
            return routeIds;
        }
    }

    private final Main main;
    private final ProducerTemplate template;
    /** One-shot runtimes: stops the context when the JVM is asked to exit (Ctrl-C, SIGTERM) before close(). */
    private Thread stopOnJvmExit;
    private final PipelineSettings settings;

    private PipelineRuntime(Main main, PipelineSettings settings) throws Exception {
        this.main = main;
        this.template = main.getCamelTemplate();
        this.settings = settings;
    }

    /**
     * The settings of {@code overrides} over -D system properties, environment variables and application.properties,
     * bound and validated before anything starts: an unknown key or a bad value throws a
     * {@link settings.SettingsException} and no Camel is started.
     */
    private static PipelineSettings bind(Map<String, String> overrides) {
        return PipelineSettings.bind(SettingSources.standard(overrides));
    }

    private static Main newMain(PipelineSettings settings) {
        Main main = new Main();
        // no Camel annotations (@BindToRegistry, @EndpointInject...) in our route builders and beans, and no routes
        // from the registry, the classpath or route files: every one is added below, so Camel's scans for them (its
        // bean post-processor over each builder, ~0.1 s of the service's start under load) are skipped
        main.configure().setBeanPostProcessorEnabled(false);
        main.configure().setRoutesCollectorEnabled(false);
        main.configure().addRoutesBuilder(new RequestRouteConfiguration());
        main.configure().addRoutesBuilder(new IngestRoutes(settings.inbox()));
        main.configure().addRoutesBuilder(new BackfillRoutes(settings.backfill(), settings.http()));
        main.configure().addRoutesBuilder(new VerifyRoutes());
        main.configure().addRoutesBuilder(new FeatureRoutes());
        main.configure().addRoutesBuilder(new BacktestRoutes());
        main.configure().addRoutesBuilder(new LlmRoutes());
        main.configure().addRoutesBuilder(new ExportRoutes());
        main.configure().addRoutesBuilder(new ReplayRoutes(settings.replay(), settings.inbox(),
                settings.exports().dir().resolve("replay")));
        main.configure().addRoutesBuilder(new ApiRouteConfiguration());
        main.configure().addRoutesBuilder(new ApiRoutes(settings.api().enabled())); // none in one-shot commands
        main.configure().addRoutesBuilder(new SweepRoutes(settings.api().enabled()));
        main.configure().addRoutesBuilder(new ApiDataRoutes(settings.api().enabled()));
        main.configure().addRoutesBuilder(new DashboardRoutes(settings.api().enabled()));
        main.configure().addRoutesBuilder(new RunsRoutes(settings.api().enabled()));
        main.configure().addRoutesBuilder(new StrategyRoutes(settings.api().enabled()));
        main.configure().addConfiguration(new PipelineBeans(settings));
        main.configure().addConfiguration(new ApiBeans(settings));
        main.configure().addConfiguration(new RecordingBeans(settings));
        settings.api().camelServerProperties().forEach(main::addOverrideProperty);
        if (StartupTrace.on()) {
            main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
                @Override
                public void beforeConfigure(org.apache.camel.main.BaseMainSupport m) {
                    StartupTrace.mark("Camel main: configuring (properties, components, beans)");
                }

                @Override
                public void afterConfigure(org.apache.camel.main.BaseMainSupport m) {
                    StartupTrace.mark("Camel main: configured, creating routes");
                }

                @Override
                public void afterStart(org.apache.camel.main.BaseMainSupport m) {
                    StartupTrace.mark("Camel main: started");
                }
            });
        }
        return main;
    }

    /**
     * Starts every route and blocks until SIGTERM or SIGINT (see {@link StopSignals}) has stopped the context; the
     * caller then exits with 0.
     */
    public static void runLongLived(Map<String, String> overrides) throws Exception {
        PipelineSettings settings = bind(overrides);
        requireTokenOffLoopback(settings);
        Main main = newMain(settings);
        StopSignals.install(main::completed);
        main.run();
    }

    /**
     * Starts the context without the long-lived consumers ({@link #LONG_LIVED_ONLY}); close it when done. Ctrl-C or SIGTERM while the
     * command runs stops the context at once (a backfill in flight is abandoned, an ingest finishes its commit) and the
     * JVM exits with 130/143. Camel Main's own JVM hook is not installed: it waits for a stop nobody starts in a
     * one-shot command, up to the shutdown timeout and then some.
     */
    public static PipelineRuntime startOneShot(Map<String, String> overrides) throws Exception {
        return startOneShot(overrides, Requests.ALL);
    }

    /**
     * As {@link #startOneShot(Map)}, with only the routes {@code requests} uses created: a request to another route
     * fails (no consumer on its {@code direct:} endpoint).
     */
    public static PipelineRuntime startOneShot(Map<String, String> overrides, Requests requests) throws Exception {
        StartupTrace.mark("one-shot runtime: binding settings");
        PipelineSettings settings = bind(overrides).oneShot();
        Main main = newMain(settings);
        main.addOverrideProperty("camel.main.route-filter-exclude-pattern", LONG_LIVED_ONLY);
        if (!requests.routeIds().isEmpty()) {
            main.addOverrideProperty("camel.main.route-filter-include-pattern", String.join(",", requests.routeIds()));
        }
        main.setShutdownStrategy(new SimpleMainShutdownStrategy());
        PipelineRuntime runtime = start(main, settings);
        runtime.stopOnJvmExit = new Thread(main::stop, "kline-pipeline-stop");
        Runtime.getRuntime().addShutdownHook(runtime.stopOnJvmExit);
        return runtime;
    }

    /** Starts the context as the long-lived process would, without blocking (tests). */
    public static PipelineRuntime start(Map<String, String> overrides) throws Exception {
        PipelineSettings settings = bind(overrides);
        requireTokenOffLoopback(settings);
        return start(newMain(settings), settings);
    }

    /**
     * A service bound off loopback without a token, or on an address another process already listens on, is refused
     * before anything starts (one line, exit 2).
     */
    private static void requireTokenOffLoopback(PipelineSettings settings) {
        PipelineSettings.Api api = settings.api();
        if (api.enabled()) {
            new api.ApiSettings(api.host(), api.port(), api.tokenEnv(),
                    api.tokenEnv().isBlank() ? null : System.getenv(api.tokenEnv()), api.maxBodyBytes(), api.workers(),
                    api.queue(), api.runsDir(), api.listMax(), api.maxGrid()).requireTokenOffLoopback();
            new api.ApiSettings(api.host(), api.port(), api.tokenEnv(), null, api.maxBodyBytes(), api.workers(),
                    api.queue(), api.runsDir(), api.listMax(), api.maxGrid()).requirePortFree();
        }
    }

    private static PipelineRuntime start(Main main, PipelineSettings settings) throws Exception {
        try {
            StartupTrace.mark("Camel main configured, starting");
            main.start();
            StartupTrace.mark("Camel started");
        } catch (Exception | Error e) { // e.g. the store cannot be opened: leave nothing running behind the error
            main.stop();
            throw e;
        }
        return new PipelineRuntime(main, settings);
    }

    public IngestOutcome ingest(Path file, boolean replace) {
        return ingestFile(file, Map.of(Endpoints.HEADER_REPLACE, replace));
    }

    private IngestOutcome ingestFile(Path file, Map<String, Object> headers) {
        return unwrapped(() -> template.requestBodyAndHeaders(Endpoints.INGEST_FILE, file.toAbsolutePath().toString(),
                headers, IngestOutcome.class));
    }

    /**
     * Ingests {@code files} in the order given, each outcome handed to {@code each} as it is settled: what calling
     * {@link #ingest} for each file one after another gives, outcome for outcome. The next file is opened and parsed
     * ({@code direct:ingest-prepare}, on a thread of its own) while the one before commits ({@code direct:ingest-finish});
     * commits stay in order, one at a time. The standing feature files follow once, after the last file: every file of
     * a month that got new rows (and of the month after it) is computed once from the month files stored then, not
     * once per file in the background ({@code direct:features-refresh} with the outcomes); a failure there is logged
     * and left to the next start-up's recovery, as a background refresh's was.
     */
    public void ingestAll(java.util.List<Path> files, boolean replace, java.util.function.Consumer<IngestOutcome> each) {
        if (settings.recording().routes().contains(Endpoints.ROUTE_INGEST_FILE)) {
            // ingest-file's exchanges are recorded (app.record.routes): each through ingest-file, as they were recorded
            files.forEach(f -> each.accept(ingest(f, replace)));
            return;
        }
        java.util.List<IngestOutcome> outcomes = new java.util.ArrayList<>();
        try {
            ingestEach(files, replace, outcome -> {
                outcomes.add(outcome);
                each.accept(outcome);
            });
        } finally {
            refreshFeatures(outcomes);
        }
    }

    private void refreshFeatures(java.util.List<IngestOutcome> outcomes) {
        if (outcomes.stream().noneMatch(o -> o.status() == IngestOutcome.Status.INGESTED)) {
            return;
        }
        try {
            template.requestBody(Endpoints.FEATURES_REFRESH, outcomes);
        } catch (RuntimeException e) { // a derived file never fails the command: start-up recovery computes it
            org.slf4j.LoggerFactory.getLogger(PipelineRuntime.class).warn("standing feature files not refreshed "
                    + "(the next start-up computes them): {}", String.valueOf(e.getCause() != null ? e.getCause() : e));
        }
    }

    private void ingestEach(java.util.List<Path> files, boolean replace,
                            java.util.function.Consumer<IngestOutcome> each) {
        Map<String, Object> later = Map.of(Endpoints.HEADER_REPLACE, replace, Endpoints.HEADER_FEATURES_LATER, true);
        if (files.size() < 2) {
            files.forEach(f -> each.accept(ingestFile(f, later)));
            return;
        }
        java.util.concurrent.ExecutorService ahead = java.util.concurrent.Executors.newSingleThreadExecutor(
                r -> Thread.ofPlatform().daemon().name("ingest-ahead").unstarted(r));
        java.util.concurrent.Future<Object> next = null;
        try {
            next = ahead.submit(() -> prepare(files.get(0), replace));
            for (int i = 0; i < files.size(); i++) {
                Object prepared;
                try {
                    prepared = next.get();
                } catch (java.util.concurrent.ExecutionException e) { // not a refusal (those are values): as ingest would
                    prepared = null;
                } finally {
                    next = null;
                }
                if (i + 1 < files.size()) {
                    Path following = files.get(i + 1);
                    next = ahead.submit(() -> prepare(following, replace));
                }
                Object turn = prepared;
                Path file = files.get(i);
                each.accept(turn == null ? ingestFile(file, later) : unwrapped(() -> template.requestBodyAndHeaders(
                        Endpoints.INGEST_FINISH, turn, later, IngestOutcome.class)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ingesting " + files, e);
        } finally {
            if (next != null) { // stopped early: release the file read ahead
                try {
                    if (next.get() instanceof ingest.IngestService.Prepared p && p.session() != null) {
                        p.session().close();
                    }
                } catch (java.util.concurrent.ExecutionException | InterruptedException ignored) {
                    // nothing held
                }
            }
            ahead.shutdown();
        }
    }

    private Object prepare(Path file, boolean replace) {
        return template.requestBodyAndHeaders(Endpoints.INGEST_PREPARE, file.toAbsolutePath().toString(),
                Map.of(Endpoints.HEADER_REPLACE, replace));
    }

    public BackfillReport backfill(BackfillRequest request, BackfillProgress progress) {
        Map<String, Object> headers = new HashMap<>();
        if (progress != null) {
            headers.put(Endpoints.HEADER_PROGRESS, progress);
        }
        return unwrapped(() -> template.requestBodyAndHeaders(Endpoints.BACKFILL, request, headers, BackfillReport.class));
    }

    public RunSummary backtest(BacktestConfig config) {
        return unwrapped(() -> template.requestBody(Endpoints.BACKTEST, config, RunSummary.class));
    }

    public SweepSummary sweep(SweepRequest request) {
        return unwrapped(() -> template.requestBody(Endpoints.BACKTEST_SWEEP, request, SweepSummary.class));
    }

    public backtest.walkforward.WalkForwardSummary walkForward(backtest.walkforward.WalkForwardRequest request) {
        return unwrapped(() -> template.requestBody(Endpoints.BACKTEST_WALK_FORWARD, request,
                backtest.walkforward.WalkForwardSummary.class));
    }

    public backtest.bias.BiasReport checkBias(backtest.bias.BiasRequest request) {
        return unwrapped(() -> template.requestBody(Endpoints.BACKTEST_CHECK_BIAS, request,
                backtest.bias.BiasReport.class));
    }

    public FeatureResult features(FeatureRequest request) {
        return unwrapped(() -> template.requestBody(Endpoints.FEATURES, request, FeatureResult.class));
    }

    /** Writes an export through {@code direct:export}; refusals come back as {@code export.ExportRefused}. */
    public export.ExportResult export(export.ExportRequest request) {
        return unwrapped(() -> template.requestBody(Endpoints.EXPORT, request, export.ExportResult.class));
    }

    /**
     * A replay through {@code direct:replay}: a {@link replay.Replayer.Outcome} for recorded exchanges, a
     * {@link replay.RunReplay.Outcome} for a run bundle; {@code out} (may be null) hears each exchange's or file's
     * line. A bundle refused before it ran comes back as {@link replay.ReplayRefused}.
     */
    public Object replay(replay.ReplayRequest request, java.util.function.Consumer<String> out) {
        Map<String, Object> headers = new HashMap<>();
        if (out != null) {
            headers.put(Endpoints.HEADER_REPLAY_OUT, out);
        }
        return unwrapped(() -> template.requestBodyAndHeaders(Endpoints.REPLAY, request, headers));
    }

    /** Scans the store through {@code direct:verify}; the report lists every problem found. */
    public VerifyReport verify(VerifyRequest request) {
        return unwrapped(() -> template.requestBody(Endpoints.VERIFY, request, VerifyReport.class));
    }

    /**
     * The answer of a request; a failure is thrown as what the route threw (a {@code ConfigException}, an
     * {@code IOException} as {@link UncheckedIOException}) rather than inside Camel's {@link CamelExecutionException},
     * so callers catch the types they know.
     */
    static <T> T unwrapped(Supplier<T> request) {
        try {
            return request.get();
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            if (cause instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw e;
        }
    }

    /** Rebuilds the months whose file is missing or does not match offsets.json, through {@code direct:verify-repair}. */
    public backfill.RepairReport repair(backfill.RepairRequest request) {
        return template.requestBody(Endpoints.VERIFY_REPAIR, request, backfill.RepairReport.class);
    }

    /** Throws {@code storage.StoreNotWritableException} when the store cannot be written: writers check first. */
    public void checkStoreWritable() throws java.io.IOException {
        main.getCamelContext().getRegistry().lookupByNameAndType("klineStore", storage.KlineStore.class).checkWritable();
    }

    /** Open time of the last stored 1m bar, or null when the store is empty. */
    public java.time.Instant lastStoredMinute() throws java.io.IOException {
        return main.getCamelContext().getRegistry().lookupByNameAndType("klineStore", storage.KlineStore.class)
                .offsets().lastOpenTime();
    }

    /** The symbols this store accepts ({@code app.symbols}); the first listed is the default one. */
    public storage.Symbols symbols() {
        return settings.store().symbols();
    }

    /** The store root: every symbol's store ({@code data/spot/<SYMBOL>/}). */
    public storage.KlineStores stores() {
        return main.getCamelContext().getRegistry().lookupByNameAndType("klineStores", storage.KlineStores.class);
    }

    /** A setting of the running context (e.g. {@code app.symbols}) as given, or null for an unknown key. */
    public String setting(String key) {
        return settings.asMap().get(key);
    }

    /** For tests: the running context's Camel main. */
    public Main main() {
        return main;
    }

    @Override
    public void close() {
        StartupTrace.mark("one-shot runtime: stopping");
        main.stop();
        StartupTrace.mark("one-shot runtime: stopped");
        if (stopOnJvmExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnJvmExit);
            } catch (IllegalStateException e) {
                // the JVM is exiting already: the hook is running or has run
            }
        }
    }
}
