package api;

import java.util.List;
import java.util.Map;

/**
 * Runs compared: {@code runs} in the order asked (id, strategy, start, end, interval, metrics.json whole), {@code params}
 * every config key (flattened: {@code strategy.type}) with each run's value (null: the run has no such key), and
 * {@code differing} the keys not the same in every run.
 */
public record RunCompareView(List<Map<String, Object>> runs, Map<String, List<String>> params, List<String> differing) {
}
