package api;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Which methods a path answers to, from the served path templates ({@code /backtests/{id}}): 405 or 404. */
public final class KnownPaths {
    private KnownPaths() {
    }

    /** The methods of every template matching {@code path} (empty: no such path). */
    public static Set<String> methods(String path, Map<String, Set<String>> templates) {
        Set<String> out = new TreeSet<>();
        String[] parts = split(path);
        templates.forEach((template, verbs) -> {
            String[] t = split(template);
            if (t.length == parts.length && matches(t, parts)) {
                out.addAll(verbs);
            }
        });
        return out;
    }

    /** The problem for a request no served path and method takes. */
    public static ApiException refusal(String method, String path, Set<String> allowed) {
        if (allowed.isEmpty()) {
            return new ApiException(Problem.Kind.NOT_FOUND.problem("no resource at " + Printable.of(path)));
        }
        String allow = String.join(", ", new java.util.TreeSet<>(allowed)); // the same answer in every JVM
        return new ApiException(Problem.Kind.METHOD_NOT_ALLOWED.problem(Printable.of(method) + " is not allowed on "
                + Printable.of(path) + "; allowed: " + allow), Map.of("Allow", allow));
    }

    private static boolean matches(String[] template, String[] parts) {
        for (int i = 0; i < template.length; i++) {
            boolean param = template[i].startsWith("{") && template[i].endsWith("}");
            if (!param && !template[i].equals(parts[i]) || param && parts[i].isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Segments; a trailing slash is ignored, as the HTTP server's router ignores it ({@code /backtests/} is served). */
    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }
}
