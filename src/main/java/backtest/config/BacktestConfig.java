package backtest.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import features.FeatureSpec;
import features.GapPolicy;
import features.Interval;
import features.indicators.IndicatorKind;
import features.indicators.IndicatorSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A backtest run's configuration ({@code configs/backtest.yaml}, snake_case keys), every value validated and every
 * default filled in. Defaults: symbol BTCUSDT, interval 1m, initial_cash 10000, fee_rate 0.001, slippage_bps 1,
 * min_notional 5 and step_size 0.00001 (Binance BTCUSDT NOTIONAL and LOT_SIZE filters), gap_policy ffill,
 * indicators ema/rsi/cmf at 12/26/14/20, data.min_coverage 0.99, output_dir data/backtests, decision_log compact,
 * execution.fill close, no risk rules ({@link ExecutionConfig}, {@link RiskConfig}). {@code start} and {@code end} are required: ISO dates
 * (UTC midnight) or ISO instants in UTC ({@code 2024-01-01T00:00:00Z}); the run covers bars with open time in
 * [start, end). See {@link BacktestConfigParser} for the rules and {@link StrategyConfig} for the strategy block.
 */
public record BacktestConfig(String symbol, Instant start, Instant end, Interval interval, double initialCash,
                             double feeRate, double slippageBps, double minNotional, double stepSize,
                             GapPolicy gapPolicy, IndicatorSpec indicators, StrategyConfig strategy, String outputDir,
                             double minCoverage, boolean fullDecisionLog, ExecutionConfig execution,
                             RiskConfig risk) {
    /** Default {@code data.min_coverage}: a run needs 99 % of its window's minutes in the store. */
    public static final double DEFAULT_MIN_COVERAGE = 0.99;

    public static BacktestConfig load(Path file) {
        try {
            Path folder = file.toAbsolutePath().getParent();
            return PromptFile.resolve(parse(Files.readString(file, StandardCharsets.UTF_8)), folder);
        } catch (NoSuchFileException e) {
            throw new ConfigException("", "cannot read config " + file + ": no such file");
        } catch (IOException e) {
            String reason = Files.isDirectory(file) ? "a folder, not a file"
                    : e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
            throw new ConfigException("", "cannot read config " + file + ": " + reason);
        } catch (ConfigException e) {
            throw e.in(file);
        }
    }

    public static BacktestConfig parse(String yaml) {
        return BacktestConfigParser.parse(yaml);
    }

    /** A config read from text whose relative paths ({@code strategy.llm.prompt_file}) lie under {@code base}. */
    public static BacktestConfig parse(String yaml, Path base) {
        return PromptFile.resolve(parse(yaml), base);
    }

    /** A copy with other indicators or periods (the parameter sweep's variants); the caller validates. */
    public BacktestConfig withIndicators(IndicatorSpec newIndicators) {
        return new BacktestConfig(symbol, start, end, interval, initialCash, feeRate, slippageBps, minNotional, stepSize,
                gapPolicy, newIndicators, strategy, outputDir, minCoverage, fullDecisionLog, execution, risk);
    }

    /** A copy with another strategy block; the caller validates. */
    public BacktestConfig withStrategy(StrategyConfig newStrategy) {
        return new BacktestConfig(symbol, start, end, interval, initialCash, feeRate, slippageBps, minNotional, stepSize,
                gapPolicy, indicators, newStrategy, outputDir, minCoverage, fullDecisionLog, execution, risk);
    }

    /** A copy over another window [start, end) starting with {@code cash} (a walk-forward fold); the caller validates. */
    public BacktestConfig withWindow(Instant newStart, Instant newEnd, double cash) {
        return new BacktestConfig(symbol, newStart, newEnd, interval, cash, feeRate, slippageBps, minNotional, stepSize,
                gapPolicy, indicators, strategy, outputDir, minCoverage, fullDecisionLog, execution, risk);
    }

    /** A copy with other frictions ({@code fee_rate}, {@code slippage_bps}); the caller validates. */
    public BacktestConfig withFrictions(double newFeeRate, double newSlippageBps) {
        return new BacktestConfig(symbol, start, end, interval, initialCash, newFeeRate, newSlippageBps, minNotional,
                stepSize, gapPolicy, indicators, strategy, outputDir, minCoverage, fullDecisionLog, execution, risk);
    }

    /** A copy with other {@code execution} and {@code risk} blocks; the caller validates. */
    public BacktestConfig withExecution(ExecutionConfig newExecution, RiskConfig newRisk) {
        return new BacktestConfig(symbol, start, end, interval, initialCash, feeRate, slippageBps, minNotional, stepSize,
                gapPolicy, indicators, strategy, outputDir, minCoverage, fullDecisionLog, newExecution, newRisk);
    }

    /** Whether fills or exits differ from the defaults (next-open fills or any risk rule): then the run writes exit reasons. */
    public boolean executionAware() {
        return !execution.isDefault() || risk.any();
    }

    /** The feature frame this run needs. */
    public FeatureSpec featureSpec() {
        return new FeatureSpec(interval, indicators, gapPolicy);
    }

    /** The fully resolved config (every default filled in) as YAML; the same config always gives the same text. */
    public String toYaml() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("symbol", symbol);
        m.put("start", start.toString());
        m.put("end", end.toString());
        m.put("interval", interval.code());
        m.put("initial_cash", initialCash);
        m.put("fee_rate", feeRate);
        m.put("slippage_bps", slippageBps);
        m.put("min_notional", minNotional);
        m.put("step_size", stepSize);
        m.put("gap_policy", gapPolicy.name().toLowerCase(Locale.ROOT));
        m.put("data", Map.of("min_coverage", minCoverage));
        Map<String, Object> ind = new LinkedHashMap<>();
        for (IndicatorKind k : IndicatorKind.values()) {
            if (indicators.has(k)) {
                BacktestConfigParser.periodKeys(k).forEach(p -> ind.put(p, indicators.periods().get(p)));
            }
        }
        m.put("indicators", ind);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", strategy.type().code());
        s.put("decision_every", durationCode(strategy.decisionEvery()));
        s.put("size_pct", strategy.sizePct());
        s.putAll(strategy.params().values());
        m.put("strategy", s);
        // the defaults are left out, so that the resolved config - and the run id hashed from it - of a config
        // without these blocks stays what it was before they existed
        if (!execution.isDefault()) {
            m.put("execution", Map.of("fill", execution.fill().code()));
        }
        if (risk.any()) {
            Map<String, Object> r = new LinkedHashMap<>();
            putSet(r, "stop_loss_pct", risk.stopLossPct());
            putSet(r, "take_profit_pct", risk.takeProfitPct());
            putSet(r, "trailing_stop_pct", risk.trailingStopPct());
            m.put("risk", r);
        }
        m.put("output_dir", outputDir);
        m.put("decision_log", fullDecisionLog ? "full" : "compact");
        try {
            return YAML.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putSet(Map<String, Object> m, String key, double v) {
        if (!Double.isNaN(v)) {
            m.put(key, v);
        }
    }

    /** {@code 15m}, {@code 4h}, {@code 1d}, {@code 1w}: the largest unit that divides the duration. */
    static String durationCode(Duration d) {
        long min = d.toMinutes();
        if (min % 10_080 == 0) {
            return min / 10_080 + "w";
        }
        if (min % 1440 == 0) {
            return min / 1440 + "d";
        }
        return min % 60 == 0 ? min / 60 + "h" : min + "m";
    }

    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());
}
