package llm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link CircuitBreaker} on a hand-driven clock at the edges of its state: a breaker that opened for no time lets
 * exactly one probe through at once, like any breaker whose pause has ended.
 */
class CircuitBreakerTest {
    @Test
    void a_breaker_opened_for_no_time_lets_one_probe_through_at_once() {
        CircuitBreaker zero = new CircuitBreaker(1, 0, () -> 0);
        assertThat(zero.allow()).isTrue();
        zero.failure();
        assertThat(zero.open()).isTrue();
        assertThat(zero.allow()).as("the probe").isTrue();
        assertThat(zero.allow()).as("one probe only").isFalse();
        zero.failure();
        assertThat(zero.allow()).as("the next probe after the failed one").isTrue();
        assertThat(zero.allow()).isFalse();
        zero.success();
        assertThat(zero.open()).isFalse();
        assertThat(zero.allow()).isTrue();
        assertThat(zero.allow()).isTrue();
    }
}
