package routes;

import api.BackfillApi;
import backfill.BackfillRequest;
import backfill.BackfillRuns;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a backfill the REST API started on a thread of its own, through {@code direct:backfill} with the ticket the API
 * reserved (so the timer cannot take its turn). A run that fails before the backfill bean records it is ended here.
 */
final class CamelBackfillLauncher implements BackfillApi.Launcher {
    private static final Logger LOG = LoggerFactory.getLogger(CamelBackfillLauncher.class);
    private final ProducerTemplate template;
    private final BackfillRuns runs;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "api-backfill");
        t.setDaemon(true); // a stop ends the run itself (BackfillService.stop); never holds the JVM
        return t;
    });

    private final Runnable alsoOnStop;

    /** @param alsoOnStop stopped with this launcher (the features' background recomputation) */
    CamelBackfillLauncher(ProducerTemplate template, BackfillRuns runs, Runnable alsoOnStop) {
        this.template = template;
        this.runs = runs;
        this.alsoOnStop = alsoOnStop;
    }

    @Override
    public void launch(BackfillRequest request, BackfillRuns.Ticket ticket) {
        executor.execute(() -> {
            try {
                template.requestBodyAndHeader(Endpoints.BACKFILL, request, Endpoints.HEADER_BACKFILL_TICKET, ticket);
            } catch (RuntimeException e) {
                LOG.warn("backfill {}..{} started by the API failed: {}", request.from(), request.to(),
                        e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
                runs.finish(ticket, null, e.getCause() != null ? e.getCause() : e, 0);
            }
        });
    }

    void stop() {
        executor.shutdownNow();
        alsoOnStop.run();
    }
}
