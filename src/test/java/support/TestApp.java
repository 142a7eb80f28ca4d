package support;

import gen.BinanceArchive;
import gen.KlineGenerator;
import ingest.IngestOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import routes.PipelineRuntime;
import storage.CrashPoints;
import storage.KlineStore;

/** Starts the real application (Camel Main, all routes) on temp folders, with a fast inbox poll. */
public final class TestApp {
    private TestApp() {
    }

    public static Map<String, String> settings(Path root) {
        Map<String, String> p = new HashMap<>();
        p.put("app.data.dir", root.resolve("data").toString());
        p.put("app.inbox.dir", root.resolve("inbox").toString());
        p.put("app.inbox.poll-ms", "100");
        p.put("app.inbox.settle-ms", "300");
        p.put("app.inbox.lock-timeout-ms", "1500");
        p.put("app.backfill.enabled", "false");
        p.put("app.features.refresh", ""); // tests that want standing features turn them on
        p.put("app.backfill.http.retries", "3");
        p.put("app.backfill.http.backoff-ms", "20");
        p.put("app.backfill.http.max-backoff-ms", "200");
        p.put("app.backfill.http.connect-timeout-ms", "1000");
        p.put("app.backfill.http.response-timeout-ms", "2000");
        // the long-lived runtime serves the API: on a free port (never 8080, which another process may hold), its run
        // folders under the temp folder (the default data/backtests is relative to the working directory)
        p.put("app.api.port", Integer.toString(freePort()));
        p.put("app.api.runs-dir", root.resolve("data/backtests").toString());
        return p;
    }

    /** A TCP port nothing listens on right now. */
    public static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static PipelineRuntime longLived(Path root, Map<String, String> extra) throws Exception {
        Map<String, String> p = settings(root);
        p.putAll(extra);
        return PipelineRuntime.start(p);
    }

    public static PipelineRuntime oneShot(Path root) throws Exception {
        return PipelineRuntime.startOneShot(settings(root));
    }

    public static PipelineRuntime oneShot(Path root, Map<String, String> extra) throws Exception {
        Map<String, String> p = settings(root);
        p.putAll(extra);
        return PipelineRuntime.startOneShot(p);
    }

    /**
     * Generates the given months (seeded, Binance format), ingests each as a ZIP + CHECKSUM through the real
     * ingest route into {@code root}'s store, and returns that store.
     */
    public static KlineStore ingestGeneratedMonths(Path root, long seed, YearMonth... months) throws Exception {
        Path in = Files.createDirectories(root.resolve("in"));
        KlineGenerator g = new KlineGenerator(seed);
        try (PipelineRuntime app = oneShot(root)) {
            for (YearMonth m : months) {
                Path csv = in.resolve("BTCUSDT-1m-" + m + ".csv");
                g.writeMonth(m, csv, List.of());
                IngestOutcome o = app.ingest(BinanceArchive.zipWithChecksum(csv, in), false);
                if (!o.ok()) {
                    throw new AssertionError("generated month refused: " + o.summary());
                }
            }
        }
        return new KlineStore(root.resolve("data"), "BTCUSDT", Clock.systemUTC(), CrashPoints.NONE);
    }

    public static Path monthFile(Path root, String month) {
        return root.resolve("data/spot/BTCUSDT/klines_1m/" + month + ".parquet");
    }
}
