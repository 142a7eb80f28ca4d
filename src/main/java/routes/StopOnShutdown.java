package routes;

import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * Runs its actions when the context begins to stop - before Camel's graceful shutdown waits for exchanges in flight -
 * so that long work in flight (a backfill downloading) ends promptly instead of holding the shutdown until its
 * timeout and being forced.
 */
final class StopOnShutdown extends LifecycleStrategySupport {
    private final List<Runnable> actions;

    StopOnShutdown(Runnable... actions) {
        this.actions = List.of(actions);
    }

    @Override
    public void onContextStopping(CamelContext context) {
        actions.forEach(Runnable::run);
    }
}
