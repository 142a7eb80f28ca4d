package backtest.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import backtest.plugin.ParamException;
import backtest.plugin.ParamSpec;
import backtest.plugin.PluginParams;
import backtest.plugin.StrategyPlugin;
import backtest.plugin.StrategyRegistry;
import backtest.plugin.WiredPlugin;
import features.GapPolicy;
import features.Interval;
import features.indicators.IndicatorKind;
import features.indicators.IndicatorSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads and validates a backtest YAML. The YAML is read as a tree (duplicate keys refused) and walked key by key,
 * so an unknown key anywhere - including a parameter another strategy type takes - is refused with its full path
 * and the closest known key ({@code strategy.typ: unknown key (did you mean strategy.type?)}), as is an empty value
 * ({@code fee_rate:}, which would otherwise read as the default) and every bad value:
 * {@code strategy.size_pct: must be within [0, 1], got 1.5}.
 */
public final class BacktestConfigParser {
    private static final Set<String> TOP = Set.of("symbol", "start", "end", "interval", "initial_cash", "fee_rate",
            "slippage_bps", "min_notional", "step_size", "gap_policy", "data", "indicators", "strategy", "output_dir",
            "decision_log", "execution", "risk");
    private static final Set<String> TOP_REQUIRED = Set.of("start", "end", "strategy");
    private static final Set<String> STRATEGY_COMMON = Set.of("type", "decision_every", "size_pct");
    private static final Pattern DURATION = Pattern.compile("([1-9][0-9]*)([mhdw])");
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private BacktestConfigParser() {
    }

    static BacktestConfig parse(String yaml) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException("", "not valid YAML: " + yamlProblem(e));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new ConfigException("", "empty config");
        }
        ConfigNode root = new ConfigNode("", tree);
        root.checkKeys(TOP, TOP_REQUIRED, "");
        String symbol = root.text("symbol", "BTCUSDT");
        if (!symbol.matches("[A-Z0-9]{2,20}")) {
            throw new ConfigException("symbol", "must be an upper-case exchange symbol like BTCUSDT, got '" + symbol + "'");
        }
        Instant start = instant(root, "start");
        Instant end = instant(root, "end");
        if (!start.isBefore(end)) {
            throw new ConfigException("end", "must be after start (" + start + "), got " + end);
        }
        Interval interval = interval(root);
        double cash = root.positive("initial_cash", 10_000);
        double feeRate = root.within("fee_rate", 0.001, 0, 0.1);
        double slippageBps = root.nonNegative("slippage_bps", 1);
        double minNotional = root.nonNegative("min_notional", 5);
        double stepSize = root.positive("step_size", 0.00001);
        GapPolicy gap = gapPolicy(root);
        StrategyConfig strategy = strategy(root, interval);
        IndicatorSpec indicators = indicators(root, strategy);
        String outputDir = root.text("output_dir", "data/backtests");
        double minCoverage = BacktestConfig.DEFAULT_MIN_COVERAGE;
        if (root.has("data")) {
            ConfigNode data = root.child("data");
            data.checkKeys(Set.of("min_coverage"), Set.of(), "");
            minCoverage = data.within("min_coverage", BacktestConfig.DEFAULT_MIN_COVERAGE, 0, 1);
        }
        String log = root.text("decision_log", "compact");
        if (!log.equals("compact") && !log.equals("full")) {
            throw new ConfigException("decision_log", "must be compact or full, got '" + log + "'");
        }
        return new BacktestConfig(symbol, start, end, interval, cash, feeRate, slippageBps, minNotional, stepSize, gap,
                indicators, strategy, outputDir, minCoverage, log.equals("full"), execution(root), risk(root));
    }

    /** The {@code execution} block: {@code fill: close | next_open}. */
    private static ExecutionConfig execution(ConfigNode root) {
        if (!root.has("execution")) {
            return ExecutionConfig.DEFAULT;
        }
        ConfigNode e = root.child("execution");
        e.checkKeys(Set.of("fill"), Set.of(), "");
        String fill = e.text("fill", "close");
        return switch (fill) {
            case "close" -> ExecutionConfig.DEFAULT;
            case "next_open" -> new ExecutionConfig(ExecutionConfig.FillAt.NEXT_OPEN);
            default -> throw new ConfigException("execution.fill", "must be close or next_open, got '" + fill + "'");
        };
    }

    /** The {@code risk} block: stop_loss_pct, take_profit_pct, trailing_stop_pct, each optional within (0, 1]. */
    private static RiskConfig risk(ConfigNode root) {
        if (!root.has("risk")) {
            return RiskConfig.NONE;
        }
        ConfigNode r = root.child("risk");
        r.checkKeys(Set.of("stop_loss_pct", "take_profit_pct", "trailing_stop_pct"), Set.of(), "");
        return new RiskConfig(riskPct(r, "stop_loss_pct"), riskPct(r, "take_profit_pct"),
                riskPct(r, "trailing_stop_pct"));
    }

    private static double riskPct(ConfigNode r, String key) {
        double v = r.number(key, Double.NaN);
        if (!Double.isNaN(v) && !(v > 0 && v <= 1)) {
            throw new ConfigException("risk." + key, "must be within (0, 1] (a fraction: 0.02 = 2 %), got "
                    + ConfigNode.fmt(v));
        }
        return v;
    }

    /** The parser's complaint in one line with where it is: "expected ',' or ']', but got <stream end> (line 2, column 1)". */
    private static String yamlProblem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException m && m.getProblem() != null && m.getProblemMark() != null) {
            return m.getProblem() + " (line " + (m.getProblemMark().getLine() + 1) + ", column "
                    + (m.getProblemMark().getColumn() + 1) + ")";
        }
        String first = e.getOriginalMessage().lines().findFirst().orElse("").strip();
        return e.getLocation() == null ? first
                : first + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static Instant instant(ConfigNode n, String key) {
        String v = n.text(key, null);
        try {
            return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                    : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new ConfigException(key, "must be an ISO date (2024-01-01) or UTC instant (2024-01-01T00:00:00Z), got '"
                    + v + "'");
        }
    }

    private static Interval interval(ConfigNode n) {
        try {
            return Interval.parse(n.text("interval", "1m"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("interval", e.getMessage());
        }
    }

    private static GapPolicy gapPolicy(ConfigNode n) {
        String v = n.text("gap_policy", "ffill");
        try {
            return GapPolicy.parse(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("gap_policy", "must be one of ffill, drop, none, got '" + v + "'");
        }
    }

    private static StrategyConfig strategy(ConfigNode root, Interval interval) {
        StrategyRegistry registry = StrategyRegistry.global();
        if (!root.has("strategy")) {
            throw new ConfigException("strategy", "required (type: " + StrategyType.codes() + ")");
        }
        ConfigNode s = root.child("strategy");
        // keys first, so that a misspelt "type" is named as such rather than reported as a missing type
        String peeked = s.peekText("type");
        StrategyPlugin typed = registry.find(peeked);
        Set<String> required = new HashSet<>(Set.of("type"));
        if (typed != null) {
            typed.parameters().stream().filter(p -> p.dflt() == null).forEach(p -> required.add(p.name()));
        }
        s.checkKeys(strategyKeys(registry, typed), required, typed == null ? "" : "; for type " + peeked);
        String code = s.text("type", null);
        StrategyPlugin plugin = registry.find(code);
        if (plugin == null) {
            throw new ConfigException("strategy.type", "must be one of " + StrategyType.codes() + ", got '" + code + "'");
        }
        Duration every = decisionEvery(s, interval);
        double size = s.within("size_pct", 1.0, 0, 1);
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParamSpec p : plugin.parameters()) {
            values.put(p.name(), param(s, p));
        }
        try {
            plugin.validate(new PluginParams(values, size, every));
        } catch (ParamException e) {
            throw new ConfigException(s.key(e.key()), e.getMessage());
        } catch (RuntimeException e) {
            throw new ConfigException("strategy", "refused by plug-in " + code + ": " + e.getMessage());
        }
        StrategyParams params = plugin instanceof WiredPlugin w ? w.params(values) : new StrategyParams.Declared(values);
        return new StrategyConfig(new StrategyType(code), every, size, params);
    }

    /** A declared parameter's value from the block (its default when absent), checked against its spec. */
    private static Object param(ConfigNode s, ParamSpec p) {
        String key = s.key(p.name());
        if (!s.has(p.name())) {
            if (p.dflt() == null) {
                throw new ConfigException(key, "required");
            }
            return p.numeric() ? p.number(((Number) p.dflt()).doubleValue()) : p.dflt();
        }
        JsonNode v = s.raw(p.name());
        try {
            return switch (p.type()) {
                case INT -> {
                    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                        throw new ConfigException(key, "must be a whole number, got " + v);
                    }
                    yield p.number(v.asInt());
                }
                case DOUBLE -> {
                    if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                        throw new ConfigException(key, "must be a number, got " + v);
                    }
                    yield p.number(v.asDouble());
                }
                case BOOL -> {
                    if (!v.isBoolean()) {
                        throw new ConfigException(key, "must be true or false, got " + v);
                    }
                    yield v.asBoolean();
                }
                case STRING -> s.text(p.name(), null);
                case ENUM -> {
                    String t = s.text(p.name(), null);
                    if (!p.choices().contains(t)) {
                        throw new ConfigException(key, "must be one of " + String.join(", ", p.choices()) + ", got '"
                                + t + "'");
                    }
                    yield t;
                }
                case MAPPING -> mapping(key, v);
            };
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, e.getMessage());
        }
    }

    /** The keys a strategy block of this type takes; of any type when the type is unknown (null). */
    private static Set<String> strategyKeys(StrategyRegistry registry, StrategyPlugin type) {
        Set<String> keys = new HashSet<>(STRATEGY_COMMON);
        for (String name : type == null ? registry.names() : List.of(type.name())) {
            registry.find(name).parameters().forEach(p -> keys.add(p.name()));
        }
        return keys;
    }

    private static Duration decisionEvery(ConfigNode s, Interval interval) {
        String v = s.text("decision_every", BacktestConfig.durationCode(interval.duration()));
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            throw new ConfigException("strategy.decision_every", "must look like 1m, 15m, 4h, 1d or 1w, got '" + v + "'");
        }
        long unit = switch (m.group(2)) {
            case "m" -> 1;
            case "h" -> 60;
            case "d" -> 1440;
            default -> 10_080;
        };
        Duration d = Duration.ofMinutes(Long.parseLong(m.group(1)) * unit);
        long iv = interval.minutes();
        if (d.toMinutes() % iv != 0 || (interval == Interval.W1 && d.toMinutes() != iv)) {
            throw new ConfigException("strategy.decision_every", "must be a multiple of the interval " + interval
                    + (interval == Interval.W1 ? " (weekly bars decide every bar)" : "") + ", got '" + v + "'");
        }
        return d;
    }

    private static Map<String, Object> mapping(String key, JsonNode block) {
        if (!block.isObject()) {
            throw new ConfigException(key, "must be a mapping, got " + block);
        }
        ConfigNode.noEmptyValues(key, block);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = YAML.convertValue(block, LinkedHashMap.class);
        return m;
    }

    private static IndicatorSpec indicators(ConfigNode root, StrategyConfig strategy) {
        Set<IndicatorKind> kinds = EnumSet.noneOf(IndicatorKind.class);
        Map<String, Integer> periods = new LinkedHashMap<>();
        if (!root.has("indicators")) {
            kinds.addAll(List.of(IndicatorKind.EMA, IndicatorKind.RSI, IndicatorKind.CMF));
        } else {
            ConfigNode n = root.child("indicators");
            n.checkKeys(Set.copyOf(IndicatorSpec.PERIOD_KEYS), Set.of(), "");
            for (String k : n.keys()) {
                periods.put(k, n.positiveInt(k, 0));
                kinds.add(kindOf(k));
            }
        }
        // the strategy's own inputs are always computed
        kinds.addAll(StrategyRegistry.global().find(strategy.type().code()).indicators(strategy.pluginParams()));
        try {
            return IndicatorSpec.of(kinds).withPeriods(periods);
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            String key = IndicatorSpec.PERIOD_KEYS.stream().filter(msg::contains)
                    .min(java.util.Comparator.comparingInt(msg::indexOf)).orElse("");
            throw new ConfigException(key.isEmpty() ? "indicators" : "indicators." + key, e.getMessage());
        }
    }

    private static IndicatorKind kindOf(String periodKey) {
        for (IndicatorKind k : IndicatorKind.values()) {
            if (periodKeys(k).contains(periodKey)) {
                return k;
            }
        }
        throw new IllegalStateException(periodKey);
    }

    /** The period keys that configure an indicator. */
    public static List<String> periodKeys(IndicatorKind k) {
        return switch (k) {
            case EMA -> List.of("ema_fast", "ema_slow");
            case RSI -> List.of("rsi");
            case CMF -> List.of("cmf");
            case MACD -> List.of("macd_fast", "macd_slow", "macd_signal");
            case ATR -> List.of("atr");
        };
    }
}
