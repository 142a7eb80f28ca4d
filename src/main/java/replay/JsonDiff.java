package replay;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/** The first difference between two JSON trees, as a JSON path ({@code $.output.body.json.metrics.trades}). */
public final class JsonDiff {
    private JsonDiff() {
    }

    /** The path of the first difference, or null when equal; object fields named in {@code ignored} are skipped. */
    public static String first(JsonNode a, JsonNode b, Set<String> ignored) {
        return first("$", a, b, ignored);
    }

    private static String first(String path, JsonNode a, JsonNode b, Set<String> ignored) {
        if (a == null || b == null || a.isMissingNode() || b.isMissingNode()) {
            return (a == null || a.isMissingNode()) == (b == null || b.isMissingNode()) ? null : path;
        }
        if (a.getNodeType() != b.getNodeType()) {
            return path;
        }
        if (a.isObject()) {
            Set<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                if (ignored.contains(n)) {
                    continue;
                }
                String d = first(path + "." + n, a.path(n), b.path(n), ignored);
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (a.isArray()) {
            Iterator<JsonNode> ia = a.elements();
            Iterator<JsonNode> ib = b.elements();
            for (int i = 0; ia.hasNext() || ib.hasNext(); i++) {
                if (!ia.hasNext() || !ib.hasNext()) {
                    return path + "[" + i + "]";
                }
                String d = first(path + "[" + i + "]", ia.next(), ib.next(), ignored);
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (a.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0 ? null : path;
        }
        return a.equals(b) ? null : path;
    }
}
