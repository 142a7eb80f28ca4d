package llm;

import java.util.function.LongSupplier;

/**
 * Closed: calls pass; {@code failures} consecutive failed decisions open it. Open: calls are refused
 * ({@code circuit_open}) for {@code openMs}. Then half-open: one probe passes; its success closes the breaker,
 * its failure opens it again for another {@code openMs}. So a dead server costs HOLDs, not minutes.
 */
public final class CircuitBreaker {
    private final int failures;
    private final long openMs;
    private final LongSupplier millis;
    private int consecutive;
    private long openUntil = -1;
    private boolean probing;

    public CircuitBreaker(int failures, long openMs, LongSupplier millis) {
        this.failures = failures;
        this.openMs = openMs;
        this.millis = millis;
    }

    /** Whether a call may go out now (in half-open state only the first caller gets through). */
    public synchronized boolean allow() {
        if (openUntil < 0) {
            return true;
        }
        if (millis.getAsLong() < openUntil || probing) {
            return false;
        }
        probing = true;
        return true;
    }

    public synchronized void success() {
        consecutive = 0;
        openUntil = -1;
        probing = false;
    }

    public synchronized void failure() {
        consecutive++;
        if (probing || consecutive >= failures) {
            openUntil = millis.getAsLong() + openMs;
            probing = false;
        }
    }

    public synchronized boolean open() {
        return openUntil >= 0;
    }
}
