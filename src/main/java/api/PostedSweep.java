package api;

import backtest.config.BacktestConfig;
import backtest.sweep.SweepMetric;
import backtest.sweep.SweepParameter;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import settings.ClosestKey;

/**
 * A sweep posted to the API ({@code POST /sweeps}), JSON or YAML:
 * {@code {config: {<backtest config>}, grid: {<key>: "START:END:STEP" | "V1,V2" | [v1, v2, ...]}, rank_by, rerun_best,
 * top}}. The config is read as a posted backtest config ({@link PostedConfig}: the CLI's parser and the service's path
 * policy); grid axes, {@code rank_by} and {@code rerun_best} mean what {@code backtest sweep --grid/--rank-by/--rerun-best}
 * mean and are checked by the same code ({@code backtest.sweep.GridSpec}, {@code SweepParameter}, {@code SweepMetric}). Every
 * refusal is a 400 naming the key path ({@code config.strategy.size_pct}, {@code grid.ema_fast}, {@code grid},
 * {@code rank_by}).
 *
 * @param grid the axes in the CLI's form ({@code ema_fast=5:50:5}, {@code rsi=7,14}), one per key, in posted order
 * @param top  how many ranking rows the answer shows (null: the default)
 */
public record PostedSweep(BacktestConfig base, List<String> grid, long combinations, String rankBy, int rerunBest,
                          Integer top) {
    /** Most full runs a sweep may ask for ({@code rerun_best}). */
    public static final int MAX_RERUNS = 10;
    static final Set<String> KEYS = new LinkedHashSet<>(List.of("config", "grid", "rank_by", "rerun_best", "top"));
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper YAML = new YAMLMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Pattern GRID_KEY = Pattern.compile("^--grid ([A-Za-z0-9_]+)[: ]");

    public PostedSweep {
        grid = List.copyOf(grid);
    }

    /** Reads and checks a posted body: a grid of more than {@code maxGrid} combinations is refused ({@code grid}). */
    public static PostedSweep read(byte[] body, String contentType, ConfigPolicy policy, int maxGrid) {
        JsonNode root = tree(body, contentType, KEYS);
        BacktestConfig base = config(root.get("config"), policy);
        List<String> grid = grid(root.get("grid"));
        long combinations = combinations(grid, maxGrid);
        String rankBy = rankBy(root.get("rank_by"));
        int rerunBest = whole(root.get("rerun_best"), "rerun_best", 0, MAX_RERUNS, 0);
        Integer top = top(root.get("top"), maxGrid);
        return new PostedSweep(base, grid, combinations, rankBy, rerunBest, top);
    }

    /** The keys of a posted walk-forward. */
    static final Set<String> WALK_FORWARD_KEYS = new LinkedHashSet<>(List.of("config", "grid", "rank_by", "train", "test",
            "step", "anchored"));

    /**
     * A posted walk-forward {@code {config, grid, train, test, step, anchored, rank_by}}: the sweep's checks for the
     * config, grid (at most {@code maxGrid} combinations) and rank_by, the CLI's for the lengths.
     */
    public static backtest.walkforward.WalkForwardRequest readWalkForward(byte[] body, String contentType,
                                                                           ConfigPolicy policy, int maxGrid) {
        JsonNode root = tree(body, contentType, WALK_FORWARD_KEYS);
        BacktestConfig base = config(root.get("config"), policy);
        List<String> grid = grid(root.get("grid"));
        combinations(grid, maxGrid);
        String rankBy = rankBy(root.get("rank_by"));
        java.time.Duration train = length(root, "train", true);
        java.time.Duration test = length(root, "test", true);
        java.time.Duration step = length(root, "step", false);
        JsonNode anchored = root.get("anchored");
        if (anchored != null && !anchored.isNull() && !anchored.isBoolean()) {
            throw invalid("anchored", "anchored: must be true or false, got " + kind(anchored));
        }
        backtest.walkforward.WalkForwardFolds folds = new backtest.walkforward.WalkForwardFolds(train, test,
                step == null ? test : step, anchored != null && anchored.asBoolean());
        try {
            folds.folds(base.start(), base.end());
        } catch (IllegalArgumentException e) {
            throw invalid("train", Printable.of(e.getMessage().replace("--train ", "train ").replace("--test ", "test ")));
        }
        return new backtest.walkforward.WalkForwardRequest(base, grid, folds, rankBy, 0);
    }

    private static java.time.Duration length(JsonNode root, String key, boolean required) {
        JsonNode v = root.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw invalid(key, key + ": required, a length such as \"30d\", \"12h\", \"90m\" or \"2w\"");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw invalid(key, key + ": must be a length such as \"30d\" (text), got " + kind(v));
        }
        try {
            return backtest.walkforward.WalkForwardFolds.parse(key, v.asText());
        } catch (IllegalArgumentException e) {
            throw invalid(key, Printable.of(e.getMessage()));
        }
    }

    private static JsonNode tree(byte[] body, String contentType, Set<String> keys) {
        boolean json = PostedConfig.mediaType(contentType);
        String text = PostedConfig.utf8(body);
        JsonNode root;
        try {
            root = (json ? JSON : YAML).readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw invalid(null, "not valid " + (json ? "JSON" : "YAML") + ": "
                    + Printable.of(e.getOriginalMessage().lines().findFirst().orElse("").strip()) + where);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw invalid(null, "empty body; send {config: {...}, grid: {...}}");
        }
        if (!root.isObject()) {
            throw invalid(null, "must be an object {" + String.join(", ", keys) + "}");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String k = names.next();
            if (!keys.contains(k)) {
                throw invalid(Printable.of(k), "unknown key '" + Printable.of(k) + "' " + ClosestKey.of(k, keys)
                        .map(near -> "(did you mean " + near + "?)").orElse("(known: " + String.join(", ", keys) + ")"));
            }
        }
        return root;
    }

    private static BacktestConfig config(JsonNode node, ConfigPolicy policy) {
        if (node == null || node.isNull()) {
            throw invalid("config", "config: required (the backtest config, the schema of configs/backtest.yaml)");
        }
        if (!node.isObject()) {
            throw invalid("config", "config: must be an object of config keys to values");
        }
        try {
            return PostedConfig.ofYaml(PostedConfig.yaml(node), policy);
        } catch (ApiException e) {
            throw new ApiException(within(e.problem()), e.headers());
        }
    }

    /** The problem with its {@code key} moved under {@code config.}. */
    private static Problem within(Problem p) {
        Map<String, Object> where = new java.util.LinkedHashMap<>(p.where());
        Object key = where.get("key");
        where.put("key", key == null ? "config" : "config." + key);
        return new Problem(p.type(), p.title(), p.status(), "config." + p.detail(), where);
    }

    private static List<String> grid(JsonNode node) {
        if (node == null || node.isNull()) {
            throw invalid("grid", "grid: required, e.g. {\"ema_fast\": \"5:50:5\", \"ema_slow\": [20, 40, 80]}");
        }
        if (!node.isObject() || node.isEmpty()) {
            throw invalid("grid", "grid: must be an object of at least one key (" + SweepParameter.codes()
                    + ") to \"START:END:STEP\", \"V1,V2,...\" or an array of numbers");
        }
        List<String> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> axis = it.next();
            String key = axis.getKey();
            String path = "grid." + Printable.of(key);
            try {
                SweepParameter.checkKey(key);
            } catch (IllegalArgumentException e) {
                throw invalid(path, message(e));
            }
            JsonNode v = axis.getValue();
            String spec;
            if (v.isTextual()) {
                spec = v.asText().trim();
                if (spec.isEmpty()) {
                    throw invalid(path, path + ": empty; give \"START:END:STEP\", \"V1,V2,...\" or an array of numbers");
                }
            } else if (v.isNumber()) {
                spec = plain(v, path);
            } else if (v.isArray()) {
                if (v.isEmpty()) {
                    throw invalid(path, path + ": give at least one value");
                }
                List<String> values = new ArrayList<>();
                for (int i = 0; i < v.size(); i++) {
                    if (!v.get(i).isNumber()) {
                        throw invalid(path + "[" + i + "]", path + "[" + i + "]: must be a number, got "
                                + kind(v.get(i)));
                    }
                    values.add(plain(v.get(i), path + "[" + i + "]"));
                }
                spec = String.join(",", values);
            } else {
                throw invalid(path, path + ": must be \"START:END:STEP\", \"V1,V2,...\" or an array of numbers, got "
                        + kind(v));
            }
            out.add(key + "=" + spec);
        }
        try {
            backtest.sweep.GridSpec.parse(out); // each axis on its own: ranges, numbers
        } catch (IllegalArgumentException e) {
            throw refusal(e);
        }
        return out;
    }

    private static long combinations(List<String> grid, int maxGrid) {
        long n = 1;
        for (List<Double> values : backtest.sweep.GridSpec.parse(grid).axes().values()) {
            n *= values.size();
            if (n > maxGrid) {
                throw invalid("grid", "grid: more than " + maxGrid + " combinations (app.api.max-grid); sweep fewer"
                        + " values or split the grid");
            }
        }
        return n;
    }

    private static String rankBy(JsonNode node) {
        if (node == null || node.isNull()) {
            return SweepMetric.SHARPE.code();
        }
        if (!node.isTextual()) {
            throw invalid("rank_by", "rank_by: must be a metric name (text), got " + kind(node));
        }
        try {
            return SweepMetric.parse(node.asText()).code();
        } catch (IllegalArgumentException e) {
            throw invalid("rank_by", "rank_by: " + Printable.of(e.getMessage()));
        }
    }

    private static Integer top(JsonNode node, int maxGrid) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual() && node.asText().equals("all")) {
            return maxGrid;
        }
        return whole(node, "top", 1, maxGrid, 0);
    }

    private static int whole(JsonNode node, String key, int min, int max, int dflt) {
        if (node == null || node.isNull()) {
            return dflt;
        }
        if (node.isIntegralNumber() && node.canConvertToInt() && node.asInt() >= min && node.asInt() <= max) {
            return node.asInt();
        }
        throw invalid(key, key + ": must be a whole number from " + min + " to " + max + (key.equals("top")
                ? " or \"all\"" : "") + ", got " + (node.isNumber() ? node.asText() : kind(node)));
    }

    /** A refusal of GridSpec or the sweep's checks ({@code --grid KEY: why}) as a 400 naming {@code grid.KEY}. */
    static ApiException refusal(IllegalArgumentException e) {
        Matcher m = GRID_KEY.matcher(String.valueOf(e.getMessage()));
        return invalid(m.find() ? "grid." + m.group(1) : "grid", message(e));
    }

    /** The CLI's message in the API's words: {@code grid.ema_fast: ...} for {@code --grid ema_fast: ...}. */
    private static String message(IllegalArgumentException e) {
        return Printable.of(String.valueOf(e.getMessage()).replace("--grid: ", "grid: ").replace("--grid ", "grid."));
    }

    private static String plain(JsonNode number, String path) {
        if (number.isFloatingPointNumber() && !Double.isFinite(number.doubleValue())) {
            throw invalid(path, path + ": must be a finite number, got " + number.asText());
        }
        BigDecimal d = number.decimalValue();
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    private static String kind(JsonNode v) {
        return v.isTextual() ? "text '" + Printable.of(v.asText()) + "'" : v.getNodeType().name().toLowerCase(
                java.util.Locale.ROOT);
    }

    static ApiException invalid(String key, String detail) {
        return new ApiException(Problem.Kind.INVALID_SWEEP.at("key", key, detail));
    }
}
