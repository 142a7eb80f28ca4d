package routes;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import storage.KlineStores;

/**
 * Readiness of the store: DOWN when the process may not write the store of one of its symbols (the default one, every
 * listed and every stored one: permissions, a read-only file system), the message naming each such symbol and why
 * ({@code ETHUSDT: the store ... is not writable: ...}). Registered after start-up recovery has finished, so it also
 * means "recovered".
 */
final class StoreHealthCheck extends AbstractHealthCheck {
    private final KlineStores stores;

    StoreHealthCheck(KlineStores stores) {
        super("kline-pipeline", "store");
        this.stores = stores;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            Map<String, String> failed = stores.unwritable();
            if (failed.isEmpty()) {
                builder.up();
                return;
            }
            StringBuilder message = new StringBuilder();
            failed.forEach((symbol, why) -> message.append(message.isEmpty() ? "" : "; ").append(symbol).append(": ")
                    .append(why));
            builder.message(message.toString()).down();
        } catch (Exception e) {
            builder.message(e.getMessage()).down();
        }
    }
}
