package api;

import java.util.regex.Pattern;

/** Run ids as the API accepts them in paths: {@code <strategy>-<12 hex>}; anything else names no run (404). */
public final class RunIds {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]{0,19}(-[a-z0-9]{1,20}){0,3}-[0-9a-f]{12}");

    private RunIds() {
    }

    public static boolean valid(String id) {
        return id != null && id.length() <= 80 && ID.matcher(id).matches();
    }

    /** The id, or a 404 that names no file and reads none. */
    public static String require(String id) {
        if (!valid(id)) {
            throw new ApiException(Problem.Kind.NOT_FOUND.at("parameter", "id", "no run '" + Printable.of(String.valueOf(id))
                    + "' (run ids look like ema-cross-0123456789ab)"));
        }
        return id;
    }

    /** The strategy part of a run id. */
    public static String strategy(String id) {
        return id.substring(0, id.lastIndexOf('-'));
    }
}
