package routes;

import ingest.InboxOutcomes;
import ingest.IngestService;
import ingest.IngestSettings;
import ingest.ZipLimits;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
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
        String symbol = prop(props, "app.symbol");
        String crashAt = props.resolveProperty("app.debug.crash-at").filter(s -> !s.isBlank()).orElse(null);
        KlineStore store = new KlineStore(dataDir, symbol, Clock.systemUTC(), new CrashPoints(crashAt));
        boolean keepRaw = Boolean.parseBoolean(prop(props, "app.ingest.keep-raw-csv"));
        IngestSettings settings = new IngestSettings(symbol,
                new ZipLimits(Long.parseLong(prop(props, "app.ingest.max-entry-bytes")),
                        Long.parseLong(prop(props, "app.ingest.max-compression-ratio"))),
                Integer.parseInt(prop(props, "app.ingest.batch-lines")),
                keepRaw ? store.klinesDir().resolve("raw_csv") : null);

        List<String> recovered = store.recover();
        recovered.forEach(action -> LOG.warn("store recovery: {}", action));

        context.getRegistry().bind("klineStore", store);
        context.getRegistry().bind("ingestService", new IngestService(store, settings, Clock.systemUTC()));
        context.getRegistry().bind("inboxOutcomes", new InboxOutcomes());
        context.getRegistry().bind("storeVerifier", new StoreVerifier(store, Clock.systemUTC()));
    }

    private static String prop(PropertiesComponent props, String key) {
        return props.resolveProperty(key)
                .orElseThrow(() -> new IllegalStateException("missing setting " + key + " (application.properties)"));
    }
}
