package api;

import runs.RunIndex;

/** Run ids as the API accepts them in paths: {@code <strategy>-<12 hex>}; anything else names no run (404). */
public final class RunIds {
    private RunIds() {
    }

    public static boolean valid(String id) {
        return RunIndex.validId(id);
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
