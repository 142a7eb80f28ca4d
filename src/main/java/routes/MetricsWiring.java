package routes;

import api.JobQueue;
import backtest.config.ConfigException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Connects {@link PipelineMeters} to Camel Main's Prometheus registry (bound as {@code metricsRegistry} when
 * {@code camel.metrics.enabled}, i.e. in the long-lived process only): once the context has started - before any
 * consumer takes work - the meters attach, with the JVM's memory, GC, thread, class and CPU meters and the job
 * queue's depth. As an event notifier it times every exchange of {@code direct:backtest} and
 * {@code direct:backtest-sweep} (the CLI's and the API's runs) and counts it by outcome.
 */
final class MetricsWiring extends EventNotifierSupport implements StartupListener {
    /** The name camel-micrometer-prometheus binds its registry under. */
    static final String REGISTRY = "metricsRegistry";

    private final PipelineMeters meters;
    private final AtomicReference<JvmGcMetrics> gc = new AtomicReference<>();

    MetricsWiring(PipelineMeters meters) {
        this.meters = meters;
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        MeterRegistry registry = context.getRegistry().lookupByNameAndType(REGISTRY, MeterRegistry.class);
        if (registry == null || gc.get() != null) {
            return;
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        gc.set(gcMetrics);
        meters.attach(registry, context.getRegistry().lookupByNameAndType("jobQueue", JobQueue.class),
                context.getRegistry().lookupByNameAndType("sweepQueue", JobQueue.class));
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent
                || event.getType() == CamelEvent.Type.CamelContextStopped;
    }

    @Override
    public void notify(CamelEvent event) {
        if (event.getType() == CamelEvent.Type.CamelContextStopped) {
            JvmGcMetrics gcMetrics = gc.getAndSet(null);
            if (gcMetrics != null) {
                gcMetrics.close(); // its GC listeners would outlive the context (tests start many in one JVM)
            }
            return;
        }
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        String route = exchange.getFromRouteId();
        String kind = Endpoints.ROUTE_BACKTEST.equals(route) ? "run"
                : Endpoints.ROUTE_BACKTEST_SWEEP.equals(route) ? "sweep" : null;
        if (kind != null) {
            meters.backtestEnded(kind, outcome(exchange.getException()), exchange.getClock().elapsed());
        }
    }

    /** done, invalid_config (a config the run refused), cancelled (a job cancelled or stopped) or failed. */
    static String outcome(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CancellationException) {
                return "cancelled";
            }
            if (t instanceof ConfigException) {
                return "invalid_config";
            }
        }
        return failure == null ? "done" : "failed";
    }
}
