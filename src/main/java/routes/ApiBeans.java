package routes;

import api.ApiSettings;
import api.BackfillApi;
import api.BacktestApi;
import api.CoverageApi;
import api.FeatureApi;
import backfill.BackfillRuns;
import org.apache.camel.ProducerTemplate;
import verify.VerifyReport;
import api.DashboardApi;
import api.ConfigPolicy;
import api.JobQueue;
import api.JobStore;
import runs.RunIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Ordered;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import storage.KlineStore;

/**
 * Wiring of the service (long-lived process only; nothing when {@code app.api.enabled=false}, as in one-shot
 * commands): checks {@code app.api.*} (a non-loopback address without a token refuses start-up), builds the job
 * queue, run index and API bean, installs the HTTP guard before the REST routes start, registers the store's
 * readiness check, starts the job workers once every route runs (resuming persisted jobs) and stops them first
 * when the context stops.
 */
public final class ApiBeans implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(ApiBeans.class);
    private static final long STOP_WAIT_MS = 10_000;

    private final PipelineSettings app;

    ApiBeans(PipelineSettings app) {
        this.app = app;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        PipelineSettings.Api api = app.api();
        if (!api.enabled()) {
            return;
        }
        String tokenEnv = api.tokenEnv();
        ApiSettings settings = new ApiSettings(api.host(), api.port(), tokenEnv,
                tokenEnv.isBlank() ? null : System.getenv(tokenEnv), api.maxBodyBytes(), api.workers(), api.queue(),
                api.runsDir(), api.listMax(), api.maxGrid());
        settings.requireTokenOffLoopback();

        Path dataDir = app.store().dataDir();
        Files.createDirectories(settings.runsDir());
        RunIndex index = new RunIndex(settings.runsDir());
        index.removeDeadTemps().forEach(d -> LOG.warn("removed the half-written run folder of a dead process: {}", d));
        ConfigPolicy policy = new ConfigPolicy(Path.of("").toAbsolutePath(), settings.runsDir(),
                Path.of(app.llm().cacheDir()), app.llm().baseUrl(), app.llm().apiKeyEnv());
        storage.KlineStores stores = context.getRegistry().lookupByNameAndType("klineStores", storage.KlineStores.class);
        CamelBacktestRunner runner = new CamelBacktestRunner(context);
        JobQueue queue = new JobQueue(new JobStore(dataDir.resolve("api").resolve("jobs")), runner, settings.workers(),
                settings.queue(), Clock.systemUTC());
        context.getRegistry().bind("jobQueue", queue);
        context.getRegistry().bind("openApiDocument", new OpenApiDocument(context));
        context.getRegistry().bind("backtestApi", new BacktestApi(queue, index, runner,
                policy, stores, settings.listMax()));
        context.getRegistry().bind("dashboardApi", new DashboardApi(Path.of(DashboardApi.CONFIG)));
        context.getRegistry().bind("runCompareApi", new api.RunCompareApi(index));
        org.apache.camel.ProducerTemplate biasTemplate = context.createProducerTemplate();
        context.getRegistry().bind("strategyApi", new api.StrategyApi(request -> PipelineRuntime.unwrapped(
                () -> biasTemplate.requestBody(Endpoints.BACKTEST_CHECK_BIAS, request, backtest.bias.BiasReport.class)),
                policy, stores));
        org.apache.camel.ProducerTemplate walkForwardTemplate = context.createProducerTemplate();
        context.getRegistry().bind("walkForwardApi", new api.WalkForwardApi(request -> PipelineRuntime.unwrapped(
                () -> walkForwardTemplate.requestBody(Endpoints.BACKTEST_WALK_FORWARD, request,
                        backtest.walkforward.WalkForwardSummary.class)), policy, stores, settings.maxGrid()));

        // sweeps: a queue of their own (one worker: a sweep uses every processor), jobs in <data>/api/sweeps
        CamelSweepRunner sweeps = new CamelSweepRunner(context);
        JobQueue sweepQueue = new JobQueue(new JobStore(dataDir.resolve("api").resolve("sweeps")), sweeps, "sweep-job",
                1, settings.queue(), Clock.systemUTC());
        context.getRegistry().bind("sweepQueue", sweepQueue);
        context.getRegistry().bind("sweepApi", new api.SweepApi(sweepQueue, sweeps, policy, settings.maxGrid(),
                settings.listMax()));

        KlineStore store = context.getRegistry().lookupByNameAndType("klineStore", KlineStore.class);
        CamelBackfillLauncher launcher = bindDataApis(context, store);
        context.addStartupListener(new Startup(settings, java.util.List.of(queue, sweepQueue)));
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event.getType() == CamelEvent.Type.CamelContextStopping) {
                    // running jobs go back to their queue while direct:backtest(-sweep) still runs; both at once
                    Thread sweepsStop = Thread.ofVirtual().start(() -> sweepQueue.stop(STOP_WAIT_MS));
                    queue.stop(STOP_WAIT_MS);
                    launcher.stop();
                    try {
                        sweepsStop.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
    }

    /** The data endpoints' beans (features, coverage through direct:verify, backfill through direct:backfill). */
    private CamelBackfillLauncher bindDataApis(CamelContext context, KlineStore store) {
        PipelineSettings.Api api = app.api();
        FeatureApi features = new FeatureApi(
                context.getRegistry().lookupByNameAndType("klineStores", storage.KlineStores.class),
                api.featuresMaxRows());
        context.getRegistry().bind("featureApi", features);
        ProducerTemplate template = context.createProducerTemplate();
        context.getRegistry().bind("coverageApi", new CoverageApi(request -> PipelineRuntime.unwrapped(
                () -> template.requestBody(Endpoints.VERIFY, request, VerifyReport.class)),
                context.getRegistry().lookupByNameAndType("klineStores", storage.KlineStores.class)));
        context.getRegistry().bind("symbolsApi", new api.SymbolsApi(
                context.getRegistry().lookupByNameAndType("klineStores", storage.KlineStores.class)));
        BackfillRuns runs = context.getRegistry().lookupByNameAndType("backfillRuns", BackfillRuns.class);
        context.getRegistry().bind("exportApi", new api.ExportApi(request -> PipelineRuntime.unwrapped(
                () -> template.requestBody(Endpoints.EXPORT, request, export.ExportResult.class)),
                app.exports().dir(), api.exportMaxMonths()));
        CamelBackfillLauncher launcher = new CamelBackfillLauncher(template, runs, features::stop);
        context.getRegistry().bind("backfillApi", new BackfillApi(runs, launcher, app.store().symbols(),
                api.backfillMaxMonths(), app.debug().fixedNow() == null ? Clock.systemUTC()
                        : Clock.fixed(app.debug().fixedNow(), java.time.ZoneOffset.UTC))); // the backfill's own clock
        return launcher;
    }

    /**
     * Runs last among the listeners called once the routes are warmed up - after Camel has started its deferred
     * services, the HTTP server among them - and before any consumer (REST route) starts: the guard is in place
     * before the first request can reach the API. Workers start once the context has fully started.
     */
    private static final class Startup implements StartupListener, Ordered {
        private final ApiSettings settings;
        private final java.util.List<JobQueue> queues;
        private final AtomicBoolean installed = new AtomicBoolean();

        Startup(ApiSettings settings, java.util.List<JobQueue> queues) {
            this.settings = settings;
            this.queues = queues;
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST;
        }

        @Override
        public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
            if (!installed.compareAndSet(false, true)) {
                return;
            }
            VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(ctx,
                    VertxPlatformHttpRouter.getRouterNameFromPort(settings.port()));
            if (router == null) {
                throw new IllegalStateException("no HTTP server on port " + settings.port() + " (camel.server.*)");
            }
            ApiHttpGuard.install(router, ApiHttpGuard.restOperations(ctx), settings.token());
            HealthCheckRegistry health = HealthCheckRegistry.get(ctx);
            if (health != null) { // null when camel.health.enabled=false
                health.register(new StoreHealthCheck(ctx.getRegistry().lookupByNameAndType("klineStores",
                        storage.KlineStores.class)));
            }
        }

        @Override
        public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) throws Exception {
            for (JobQueue q : queues) {
                q.start();
            }
            LOG.info("REST API on http://{}:{}/ (OpenAPI: /openapi.json, health: /observe/health, metrics: /observe/metrics){}", settings.host(),
                    settings.port(), settings.token() == null ? "" : "; bearer token from $" + settings.tokenEnv());
        }
    }
}
