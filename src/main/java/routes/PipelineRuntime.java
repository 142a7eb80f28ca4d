package routes;

import backfill.BackfillProgress;
import backtest.BacktestConfig;
import backtest.RunSummary;
import backtest.SweepRequest;
import backtest.SweepSummary;
import backfill.BackfillReport;
import backfill.BackfillRequest;
import features.FeatureRequest;
import features.FeatureResult;
import ingest.IngestOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import verify.VerifyReport;
import verify.VerifyRequest;

/**
 * Boots the one Camel application in either mode. Long-lived: every route runs until SIGTERM. One-shot (CLI):
 * the same context and routes, with the long-lived consumers (inbox watcher, timers, HTTP) left stopped; the
 * command sends its request to a {@code direct:} route and the runtime closes.
 */
public final class PipelineRuntime implements AutoCloseable {
    private final Main main;
    private final ProducerTemplate template;

    private PipelineRuntime(Main main) throws Exception {
        this.main = main;
        this.template = main.getCamelTemplate();
    }

    private static Main newMain(Map<String, String> overrides) {
        Main main = new Main();
        main.configure().addRoutesBuilder(new RequestRouteConfiguration());
        main.configure().addRoutesBuilder(new IngestRoutes());
        main.configure().addRoutesBuilder(new BackfillRoutes());
        main.configure().addRoutesBuilder(new VerifyRoutes());
        main.configure().addRoutesBuilder(new FeatureRoutes());
        main.configure().addRoutesBuilder(new BacktestRoutes());
        main.configure().addRoutesBuilder(new LlmRoutes());
        main.configure().addRoutesBuilder(new ApiRouteConfiguration());
        main.configure().addRoutesBuilder(new ApiRoutes()); // no routes when app.api.enabled=false (one-shot)
        main.configure().addConfiguration(PipelineBeans.class);
        main.configure().addConfiguration(ApiBeans.class);
        main.setOverrideProperties(new LinkedHashMap<String, Object>(overrides));
        return main;
    }

    /** Starts every route and blocks until the JVM is asked to stop. */
    public static void runLongLived(Map<String, String> overrides) throws Exception {
        newMain(overrides).run();
    }

    /** Starts the context with the long-lived consumers stopped; close it when done. */
    public static PipelineRuntime startOneShot(Map<String, String> overrides) throws Exception {
        Map<String, String> props = new LinkedHashMap<>(overrides);
        props.put("app.inbox.enabled", "false");
        props.put("app.backfill.enabled", "false");
        props.put("app.api.enabled", "false"); // no HTTP server, no API routes, no job workers
        return start(props);
    }

    /** Starts the context as the long-lived process would, without blocking (tests). */
    public static PipelineRuntime start(Map<String, String> overrides) throws Exception {
        Main main = newMain(overrides);
        try {
            main.start();
        } catch (Exception | Error e) { // e.g. app.data.dir is a file: leave nothing running behind the error
            main.stop();
            throw e;
        }
        return new PipelineRuntime(main);
    }

    public IngestOutcome ingest(Path file, boolean replace) {
        return unwrapped(() -> template.requestBodyAndHeaders(Endpoints.INGEST_FILE, file.toAbsolutePath().toString(),
                Map.of(Endpoints.HEADER_REPLACE, replace), IngestOutcome.class));
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

    public FeatureResult features(FeatureRequest request) {
        return unwrapped(() -> template.requestBody(Endpoints.FEATURES, request, FeatureResult.class));
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
    private static <T> T unwrapped(Supplier<T> request) {
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

    /** A resolved setting of the running context (e.g. {@code app.symbol}), or null when it is not set. */
    public String setting(String key) {
        return main.getCamelContext().getPropertiesComponent().resolveProperty(key).orElse(null);
    }

    /** For tests: the running context's Camel main. */
    public Main main() {
        return main;
    }

    @Override
    public void close() {
        main.stop();
    }
}
