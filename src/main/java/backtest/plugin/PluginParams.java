package backtest.plugin;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The validated {@code strategy} block of one run as a plug-in sees it: every declared parameter with its value (the
 * default filled in), in declaration order, plus the common {@code size_pct} and {@code decision_every}. Values are
 * Integer (INT), Double (DOUBLE), Boolean (BOOL), String (STRING, ENUM) or a Map (MAPPING). Immutable.
 */
public record PluginParams(Map<String, Object> values, double sizePct, Duration decisionEvery) {
    public PluginParams {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The same block with {@code name} set to {@code value}, e.g. one combination of a sweep. */
    public PluginParams with(String name, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(values);
        m.put(name, value);
        return new PluginParams(m, sizePct, decisionEvery);
    }

    /** The same block with another size_pct. */
    public PluginParams withSizePct(double newSizePct) {
        return new PluginParams(values, newSizePct, decisionEvery);
    }

    public int getInt(String name) {
        return ((Number) get(name)).intValue();
    }

    public double getDouble(String name) {
        return ((Number) get(name)).doubleValue();
    }

    public boolean getBool(String name) {
        return (Boolean) get(name);
    }

    public String getString(String name) {
        return (String) get(name);
    }

    /** The value of a declared parameter; an undeclared name throws (a typo in the plug-in, not in the config). */
    public Object get(String name) {
        if (!values.containsKey(name)) {
            throw new IllegalArgumentException("no parameter '" + name + "' (declared: " + values.keySet() + ")");
        }
        return values.get(name);
    }
}
