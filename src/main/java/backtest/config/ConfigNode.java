package backtest.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import settings.ClosestKey;

/** One mapping of a YAML config with its key path: typed reads that name the key in every refusal. */
public final class ConfigNode {
    private final String path;
    private final ObjectNode node;

    ConfigNode(String path, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ConfigException(path, "must be a mapping of keys to values");
        }
        this.path = path;
        this.node = (ObjectNode) node;
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /**
     * Refuses the first key (in document order) that is not in {@code known}, naming the closest known key when one
     * is near, or that has an empty value ({@code fee_rate:} with nothing after it), which would otherwise read
     * as "use the default" without a word. {@code required} keys cannot be removed, so the advice differs.
     */
    void checkKeys(Set<String> known, Set<String> required, String hint) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new ConfigException(key(k), "unknown key " + ClosestKey.of(k, known)
                        .map(near -> "(did you mean " + key(near) + "?)")
                        .orElse("(known here: " + String.join(", ", new TreeSet<>(known)) + hint + ")"));
            }
            if (node.get(k).isNull()) {
                throw new ConfigException(key(k), required.contains(k) ? "empty value; give a value"
                        : "empty value; give a value or remove the key");
            }
        }
    }

    /** Refuses an empty value anywhere inside a free-form block ({@code strategy.llm}). */
    static void noEmptyValues(String path, JsonNode node) {
        if (node.isNull()) {
            throw new ConfigException(path, "empty value; give a value or remove the key");
        }
        for (Iterator<java.util.Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            noEmptyValues(path + "." + e.getKey(), e.getValue());
        }
    }

    boolean has(String name) {
        return node.hasNonNull(name);
    }

    /** The value of {@code name} if it is text, else null; never refuses (for choosing which rules apply). */
    String peekText(String name) {
        JsonNode v = node.get(name);
        return v != null && v.isTextual() ? v.asText().trim() : null;
    }

    JsonNode raw(String name) {
        return node.get(name);
    }

    List<String> keys() {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    ConfigNode child(String name) {
        return new ConfigNode(key(name), node.get(name));
    }

    String text(String name, String dflt) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (dflt == null) {
                throw new ConfigException(key(name), "required");
            }
            return dflt;
        }
        if (!v.isValueNode() || v.asText().isBlank()) {
            throw new ConfigException(key(name), "must be a non-empty text value, got " + v);
        }
        return v.asText().trim();
    }

    double number(String name, double dflt) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new ConfigException(key(name), "must be a number, got " + v);
        }
        return v.asDouble();
    }

    double within(String name, double dflt, double min, double max) {
        double v = number(name, dflt);
        if (v < min || v > max) {
            throw new ConfigException(key(name), "must be within [" + fmt(min) + ", " + fmt(max) + "], got " + fmt(v));
        }
        return v;
    }

    double nonNegative(String name, double dflt) {
        double v = number(name, dflt);
        if (v < 0) {
            throw new ConfigException(key(name), "must be >= 0, got " + fmt(v));
        }
        return v;
    }

    double positive(String name, double dflt) {
        double v = number(name, dflt);
        if (v <= 0) {
            throw new ConfigException(key(name), "must be > 0, got " + fmt(v));
        }
        return v;
    }

    int positiveInt(String name, int dflt) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() <= 0) {
            throw new ConfigException(key(name), "must be a whole number > 0, got " + v);
        }
        return v.asInt();
    }

    public static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
