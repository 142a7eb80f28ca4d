package api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The query string of one request, checked against the parameters its endpoint takes: an unknown name, a name given
 * twice or a value that does not decode is refused (400) naming the parameter.
 */
public final class QueryParams {
    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    /** Parses the raw (still percent-encoded) query, null or empty for none. */
    public static QueryParams parse(String rawQuery, Set<String> allowed) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), "query parameter name");
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), name);
                if (!allowed.contains(name)) {
                    throw new ApiException(Problem.Kind.UNKNOWN_PARAMETER.at("parameter", Printable.of(name),
                            "unknown query parameter '" + Printable.of(name) + "'" + (allowed.isEmpty()
                                    ? "; this endpoint takes none" : "; known: " + String.join(", ", new java.util.TreeSet<>(allowed)))));
                }
                if (values.put(name, value) != null) {
                    throw new ApiException(Problem.Kind.INVALID_PARAMETER.at("parameter", name,
                            "query parameter '" + name + "' given more than once"));
                }
            }
        }
        return new QueryParams(values);
    }

    /** The value, or null when absent; an empty value counts as given ("?status=") and is refused by the readers. */
    public String text(String name) {
        return values.get(name);
    }

    /** One of {@code choices}, or null when absent. */
    public String oneOf(String name, Set<String> choices) {
        String v = values.get(name);
        if (v != null && !choices.contains(v)) {
            throw invalid(name, "must be one of " + String.join(", ", new java.util.TreeSet<>(choices)) + ", got '"
                    + Printable.of(v) + "'");
        }
        return v;
    }

    /** A whole number in [min, max], or {@code dflt} when absent. */
    public int intIn(String name, int min, int max, int dflt) {
        String v = values.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw invalid(name, "must be a whole number from " + min + " to " + max + ", got '" + Printable.of(v) + "'");
    }

    /**
     * Query parameter {@code name} as a month {@code YYYY-MM} within [{@code min}, {@code max}], or null when absent;
     * anything else is a 400 naming the parameter and the range.
     */
    public YearMonth month(String name, YearMonth min, YearMonth max) {
        String text = text(name);
        if (text == null) {
            return null;
        }
        YearMonth m = null;
        if (text.matches("\\d{4}-\\d{2}")) {
            try {
                m = YearMonth.parse(text);
            } catch (DateTimeParseException e) {
                m = null;
            }
        }
        if (m == null || m.isBefore(min) || m.isAfter(max)) {
            throw invalid(name, "a month YYYY-MM from " + min + " to " + max + ", got '" + Printable.of(text) + "'");
        }
        return m;
    }

    public static ApiException invalid(String name, String why) {
        return new ApiException(Problem.Kind.INVALID_PARAMETER.at("parameter", name, name + ": " + why));
    }

    private static String decode(String s, String what) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(Problem.Kind.INVALID_PARAMETER.problem("bad percent-encoding in " + what));
        }
    }
}
