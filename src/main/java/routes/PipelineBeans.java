package routes;

import backfill.BackfillRuns;
import backfill.BackfillService;
import backfill.BackfillSettings;
import backfill.DownloadSink;
import backfill.StoreRepair;
import backtest.service.BacktestService;
import features.FeatureService;
import ingest.InboxLanes;
import ingest.InboxOutcomes;
import ingest.InboxTriage;
import ingest.IngestService;
import ingest.IngestSettings;
import ingest.ZipLimits;
import java.nio.file.Path;
import llm.LlmStrategies;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import storage.CrashPoints;
import storage.KlineStore;
import settings.StartupTrace;
import storage.KlineStores;
import verify.StoreVerifier;

/**
 * Wiring only: builds the plain-Java beans from the typed settings ({@link PipelineSettings}, bound and validated
 * before the context starts) and binds them under the names the routes use. Before any route starts it lets the store
 * finish or roll back an interrupted commit.
 */
public final class PipelineBeans implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineBeans.class);
    private final PipelineSettings app;

    public PipelineBeans(PipelineSettings app) {
        this.app = app;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Path dataDir = app.store().dataDir();
        Instant fixedNow = app.debug().fixedNow();
        Clock clock = fixedNow == null ? Clock.systemUTC() : Clock.fixed(fixedNow, ZoneOffset.UTC);
        String symbol = app.store().symbol();
        String crashAt = app.debug().crashAt();
        KlineStores stores = new KlineStores(dataDir, app.store().symbols(), Clock.systemUTC(), new CrashPoints(crashAt));
        KlineStore store = stores.defaultStore();
        PipelineSettings.Ingest ingest = app.ingest();
        IngestSettings settings = new IngestSettings(symbol,
                new ZipLimits(ingest.maxEntryBytes(), ingest.maxCompressionRatio()), ingest.batchLines(),
                ingest.maxLineBytes(), ingest.keepRawCsv() ? store.rawCsvDir() : null);

        // an Error in one step (e.g. OutOfMemoryError on one file) fails that exchange, never the consumer
        context.getCamelContextExtension().addInterceptStrategy(new ErrorsAsExceptions());

        StartupTrace.mark("beans: store recovery");
        List<String> recovered = stores.recover();
        StartupTrace.mark("beans: store recovered");
        recovered.forEach(action -> LOG.warn("store recovery: {}", action));

        context.getRegistry().bind("klineStore", store);
        context.getRegistry().bind("klineStores", stores);
        context.getRegistry().bind("ingestService", new IngestService(stores, settings, Clock.systemUTC()));
        context.getRegistry().bind("inboxOutcomes", new InboxOutcomes());
        InboxTriage triage = new InboxTriage(Clock.systemUTC(), Duration.ofMillis(app.inbox().orphanChecksumMs()));
        context.getRegistry().bind("inboxTriage", triage);
        context.getRegistry().bind("inboxFileFilter", new InboxFileFilter(triage));
        InboxLanes lanes = new InboxLanes(app.inbox().concurrency(), symbol);
        context.getRegistry().bind("inboxLanes", lanes);
        context.getRegistry().bind("inboxReadLock", new InboxReadLock(lanes, app.inbox()));

        BackfillHttpClient backfillHttp = new BackfillHttpClient(app.http().attemptTimeoutMs());
        context.getRegistry().bind(BackfillHttpClient.BEAN, backfillHttp);
        // the http/https components (backfill's downloads) are configured when a route first makes them, not here:
        // a command that downloads nothing never builds them (their HTTP client set-up was part of every start-up)
        context.getRegistry().bind("backfillHttpComponents", ComponentCustomizer.builder(HttpComponent.class)
                .withCondition((name, component) -> name.equals("http") || name.equals("https"))
                .build(http -> {
                    http.setHttpClientConfigurer(backfillHttp);
                    http.setConnectTimeout(app.http().connectTimeoutMs());
                    http.setResponseTimeout(app.http().responseTimeoutMs());
                    http.setSoTimeout(app.http().responseTimeoutMs());
                    http.setFollowRedirects(true);
                }));
        StartupTrace.mark("beans: inbox and backfill http bound");
        HttpComponent llmHttp = new HttpComponent();
        long llmConnectMs = app.llm().connectTimeoutMs();
        long llmResponseMs = app.llm().responseTimeoutMs();
        llmHttp.setConnectTimeout(llmConnectMs);
        llmHttp.setResponseTimeout(llmResponseMs);
        llmHttp.setSoTimeout(llmResponseMs);
        // each attempt's own limits come with the request; these are the fallbacks
        llmHttp.setHttpClientConfigurer(new LlmHttpGuard(llmResponseMs, llmConnectMs, app.llm().maxResponseBytes()));
        // in the registry, not added: Camel resolves it from there when an LLM route first calls it, so a command that
        // asks no LLM never starts it (its init was ~10-20 ms of every start-up)
        context.getRegistry().bind("llm-http", llmHttp);
        BackfillSettings backfill = new BackfillSettings(app.backfill().baseUrl(), app.backfill().restBaseUrl(),
                app.backfill().restEnabled(), app.backfill().restMaxRequests(),
                store.klinesDir().getParent().resolve("downloads"));
        CamelBackfillPorts ports = new CamelBackfillPorts(context.createProducerTemplate());
        BackfillRuns backfillRuns = new BackfillRuns(Clock.systemUTC());
        context.getRegistry().bind("backfillRuns", backfillRuns);
        BackfillService backfillService = new BackfillService(stores, backfill, clock, ports, backfillRuns);
        context.getRegistry().bind("storeRepair", new StoreRepair(stores, backfill, ports));
        backfillService.removeLeftovers().forEach(run -> LOG.warn("removed the download folder of a killed run: {}", run));
        context.getRegistry().bind("backfillService", backfillService);
        // on stop, a backfill in flight ends at once (its download aborted) rather than holding the shutdown
        context.addLifecycleStrategy(new StopOnShutdown(backfillService::stop, backfillHttp::stop));
        context.getRegistry().bind("downloadSink", new DownloadSink());
        StartupTrace.mark("beans: backfill bound");
        FeatureService features = new FeatureService(stores, store.klinesDir().getParent().resolve("features"),
                app.features().standing(), new CrashPoints(crashAt));
        features.recover().forEach(action -> LOG.info("features recovery: {}", action));
        StartupTrace.mark("beans: features recovered");
        context.getRegistry().bind("featureService", features);
        // the service's metrics; one-shot commands have no metrics registry: the meters stay idle, nothing listens
        PipelineMeters meters = new PipelineMeters();
        context.getRegistry().bind(PipelineMeters.BEAN, meters);
        if (app.api().enabled()) {
            MetricsWiring metricsWiring = new MetricsWiring(meters);
            context.addStartupListener(metricsWiring);
            context.getManagementStrategy().addEventNotifier(metricsWiring);
        }
        String version = PipelineBeans.class.getPackage().getImplementationVersion();
        BacktestService backtests = new BacktestService(stores, version == null ? "dev" : version,
                new LlmStrategies(new CamelLlmPort(context.createProducerTemplate()), app.llm(), meters));
        context.getRegistry().bind("backtestService", backtests);
        context.getRegistry().bind("storeVerifier", new StoreVerifier(stores, clock));
        context.getRegistry().bind("exportService", new export.ExportService(stores, app.exports().dir(),
                app.api().runsDir(), version == null ? "dev" : version));
        Path exports = app.exports().dir();
        context.getRegistry().bind("replayService", new replay.ReplayService(exports,
                new CamelRouteCall(context.createProducerTemplate(), app.llm().apiKeyEnv()),
                new replay.RunReplay(exports, stores::store, (cfg, root) -> backtests.runInto(cfg, root).folder(),
                        app.replay().maxBundleBytes())));
        context.getRegistry().bind("replayDrops", new replay.ReplayDrops(exports.resolve("replay")));
        StartupTrace.mark("beans: bound");
    }
}
