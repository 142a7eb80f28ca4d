package routes;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import storage.KlineStore;

/**
 * Readiness of the store: DOWN with the reason when the process may not write it (permissions, read-only file
 * system). Registered after start-up recovery has finished, so it also means "recovered".
 */
final class StoreHealthCheck extends AbstractHealthCheck {
    private final KlineStore store;

    StoreHealthCheck(KlineStore store) {
        super("kline-pipeline", "store");
        this.store = store;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            store.probeWritable();
            builder.up();
        } catch (Exception e) {
            builder.message(e.getMessage()).down();
        }
    }
}
