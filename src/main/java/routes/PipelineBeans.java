package routes;

import backfill.BackfillService;
import backfill.BackfillSettings;
import backfill.DownloadSink;
import backfill.StoreRepair;
import backtest.BacktestService;
import features.FeatureService;
import features.FeatureSpec;
import features.GapPolicy;
import ingest.InboxOutcomes;
import ingest.InboxTriage;
import ingest.IngestService;
import ingest.IngestSettings;
import ingest.ZipLimits;
import java.nio.file.Path;
import llm.LlmSettings;
import llm.LlmStrategies;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import storage.CrashPoints;
import storage.KlineStore;
import verify.StoreVerifier;

/**
 * Wiring only: reads {@code app.*} settings, builds the plain-Java beans and binds them under the names the
 * routes use. Before any route starts it lets the store finish or roll back an interrupted commit.
 */
public final class PipelineBeans implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineBeans.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent props = context.getPropertiesComponent();
        Path dataDir = Path.of(prop(props, "app.data.dir"));
        String fixedNow = props.resolveProperty("app.clock.fixed").filter(s -> !s.isBlank()).orElse(null);
        Clock clock = fixedNow == null ? Clock.systemUTC() : Clock.fixed(Instant.parse(fixedNow), ZoneOffset.UTC);
        String symbol = prop(props, "app.symbol");
        String crashAt = props.resolveProperty("app.debug.crash-at").filter(s -> !s.isBlank()).orElse(null);
        KlineStore store = new KlineStore(dataDir, symbol, Clock.systemUTC(), new CrashPoints(crashAt));
        boolean keepRaw = Boolean.parseBoolean(prop(props, "app.ingest.keep-raw-csv"));
        IngestSettings settings = new IngestSettings(symbol,
                new ZipLimits(Long.parseLong(prop(props, "app.ingest.max-entry-bytes")),
                        Long.parseLong(prop(props, "app.ingest.max-compression-ratio"))),
                Integer.parseInt(prop(props, "app.ingest.batch-lines")),
                Integer.parseInt(prop(props, "app.ingest.max-line-bytes")),
                keepRaw ? store.rawCsvDir() : null);

        // an Error in one step (e.g. OutOfMemoryError on one file) fails that exchange, never the consumer
        context.getCamelContextExtension().addInterceptStrategy(new ErrorsAsExceptions());

        List<String> recovered = store.recover();
        recovered.forEach(action -> LOG.warn("store recovery: {}", action));

        context.getRegistry().bind("klineStore", store);
        context.getRegistry().bind("ingestService", new IngestService(store, settings, Clock.systemUTC()));
        context.getRegistry().bind("inboxOutcomes", new InboxOutcomes());
        InboxTriage triage = new InboxTriage(Clock.systemUTC(),
                Duration.ofMillis(Long.parseLong(prop(props, "app.inbox.orphan-checksum-ms"))));
        context.getRegistry().bind("inboxTriage", triage);
        context.getRegistry().bind("inboxFileFilter", new InboxFileFilter(triage));

        BackfillHttpClient backfillHttp = new BackfillHttpClient();
        context.getRegistry().bind(BackfillHttpClient.BEAN, backfillHttp);
        for (String scheme : new String[] {"http", "https"}) {
            HttpComponent http = context.getComponent(scheme, HttpComponent.class);
            http.setHttpClientConfigurer(backfillHttp);
            http.setConnectTimeout(Long.parseLong(prop(props, "app.backfill.http.connect-timeout-ms")));
            http.setResponseTimeout(Long.parseLong(prop(props, "app.backfill.http.response-timeout-ms")));
            http.setSoTimeout(Long.parseLong(prop(props, "app.backfill.http.response-timeout-ms")));
            http.setFollowRedirects(true);
        }
        HttpComponent llmHttp = new HttpComponent();
        long llmConnectMs = Long.parseLong(prop(props, "app.llm.connect-timeout-ms"));
        long llmResponseMs = Long.parseLong(prop(props, "app.llm.response-timeout-ms"));
        llmHttp.setConnectTimeout(llmConnectMs);
        llmHttp.setResponseTimeout(llmResponseMs);
        llmHttp.setSoTimeout(llmResponseMs);
        // each attempt's own limits come with the request; these are the fallbacks
        llmHttp.setHttpClientConfigurer(new LlmHttpGuard(llmResponseMs, llmConnectMs,
                Long.parseLong(prop(props, "app.llm.max-response-bytes"))));
        context.addComponent("llm-http", llmHttp);
        BackfillSettings backfill = new BackfillSettings(prop(props, "app.backfill.base-url"),
                prop(props, "app.backfill.rest.base-url"), Boolean.parseBoolean(prop(props, "app.backfill.rest.enabled")),
                Integer.parseInt(prop(props, "app.backfill.rest.max-requests")),
                store.klinesDir().getParent().resolve("downloads"));
        CamelBackfillPorts ports = new CamelBackfillPorts(context.createProducerTemplate());
        BackfillService backfillService = new BackfillService(store, backfill, clock, ports);
        context.getRegistry().bind("storeRepair", new StoreRepair(store, backfill, ports));
        backfillService.removeLeftovers().forEach(run -> LOG.warn("removed the download folder of a killed run: {}", run));
        context.getRegistry().bind("backfillService", backfillService);
        // on stop, a backfill in flight ends at once (its download aborted) rather than holding the shutdown
        context.addLifecycleStrategy(new StopOnShutdown(backfillService::stop, backfillHttp::stop));
        context.getRegistry().bind("downloadSink", new DownloadSink());
        List<FeatureSpec> standing = new ArrayList<>();
        GapPolicy gapPolicy = GapPolicy.parse(prop(props, "app.features.gap-policy"));
        for (String set : prop(props, "app.features.refresh").split(";")) {
            if (!set.isBlank()) {
                standing.add(FeatureSpec.parse(set, gapPolicy));
            }
        }
        FeatureService features = new FeatureService(store, store.klinesDir().getParent().resolve("features"), standing,
                new CrashPoints(crashAt));
        features.recover().forEach(action -> LOG.warn("features recovery: {}", action));
        context.getRegistry().bind("featureService", features);
        String version = PipelineBeans.class.getPackage().getImplementationVersion();
        context.getRegistry().bind("backtestService", new BacktestService(store, version == null ? "dev" : version,
                new LlmStrategies(new CamelLlmPort(context.createProducerTemplate()), llmSettings(props, dataDir))));
        context.getRegistry().bind("storeVerifier", new StoreVerifier(store, clock));
    }

    /** app.llm.* as settings (a run's llm block overrides any of them, the two HTTP timeouts included). */
    private static LlmSettings llmSettings(PropertiesComponent props, Path dataDir) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (String key : LlmSettings.KEYS) {
            m.put(key, props.resolveProperty("app.llm." + key.replace('_', '-')).orElse(""));
        }
        if (m.get("cache_dir").toString().isBlank()) {
            m.put("cache_dir", dataDir.resolve("llm-cache").toString());
        }
        return LlmSettings.fromMap(m);
    }

    private static String prop(PropertiesComponent props, String key) {
        return props.resolveProperty(key)
                .orElseThrow(() -> new IllegalStateException("missing setting " + key + " (application.properties)"));
    }
}
