package backtest.strategy;

import backtest.Strategy;
import backtest.config.ConfigNode;
import backtest.config.StrategyParams;
import backtest.plugin.ParamException;
import backtest.plugin.ParamSpec;
import backtest.plugin.PluginParams;
import backtest.plugin.StrategyPlugin;
import backtest.plugin.WiredPlugin;
import features.indicators.IndicatorKind;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The built-in strategies, registered like any plug-in ({@code META-INF/services/backtest.plugin.StrategyPlugin}).
 */
public final class BuiltInPlugins {
    private BuiltInPlugins() {
    }

    /** ema-cross: see {@link EmaCrossStrategy}. */
    public static final class EmaCross implements StrategyPlugin {
        @Override
        public String name() {
            return "ema-cross";
        }

        @Override
        public String description() {
            return "BUY when ema_fast crosses above ema_slow, SELL when it crosses below";
        }

        @Override
        public Set<IndicatorKind> indicators(PluginParams params) {
            return Set.of(IndicatorKind.EMA);
        }

        @Override
        public Strategy create(PluginParams params) {
            return new EmaCrossStrategy(params.sizePct());
        }
    }

    /** rsi-threshold: see {@link RsiThresholdStrategy}. */
    public static final class RsiThreshold implements StrategyPlugin {
        @Override
        public String name() {
            return "rsi-threshold";
        }

        @Override
        public String description() {
            return "BUY when rsi < buy_below, SELL when rsi > sell_above";
        }

        @Override
        public List<ParamSpec> parameters() {
            return List.of(ParamSpec.decimal("buy_below", 30, 0, 100).describe("BUY when rsi is below this"),
                    ParamSpec.decimal("sell_above", 70, 0, 100).describe("SELL when rsi is above this"));
        }

        @Override
        public void validate(PluginParams p) {
            double buy = p.getDouble("buy_below");
            double sell = p.getDouble("sell_above");
            if (!(buy < sell)) {
                throw new ParamException("buy_below", "must be below sell_above (" + ConfigNode.fmt(sell) + "), got "
                        + ConfigNode.fmt(buy));
            }
        }

        @Override
        public Set<IndicatorKind> indicators(PluginParams params) {
            return Set.of(IndicatorKind.RSI);
        }

        @Override
        public Strategy create(PluginParams p) {
            return new RsiThresholdStrategy(p.sizePct(), p.getDouble("buy_below"), p.getDouble("sell_above"));
        }
    }

    /** llm: decisions asked of an LLM; built by the application's {@link LlmStrategyFactory}. */
    public static final class Llm implements StrategyPlugin, WiredPlugin {
        @Override
        public String name() {
            return "llm";
        }

        @Override
        public String description() {
            return "asks an LLM at each decision bar (strategy.llm block: model, prompt_file, ...)";
        }

        @Override
        public List<ParamSpec> parameters() {
            return List.of(ParamSpec.integer("window", StrategyParams.Llm.DEFAULT_WINDOW, 1, Integer.MAX_VALUE)
                            .describe("feature rows the prompt shows"),
                    new ParamSpec("llm", ParamSpec.Type.MAPPING, Map.of(), null, null, List.of(),
                            "the LLM block (model, temperature, prompt_file, ...)"));
        }

        @Override
        @SuppressWarnings("unchecked")
        public StrategyParams params(Map<String, Object> values) {
            return new StrategyParams.Llm((Map<String, Object>) values.get("llm"), (Integer) values.get("window"));
        }

        @Override
        public boolean sweepable() {
            return false;
        }

        @Override
        public Strategy create(PluginParams params) {
            throw new UnsupportedOperationException(
                    "strategy type llm needs the LLM route: build it there and pass it to BacktestEngine.run");
        }
    }

    /** replay: the decisions of an earlier run folder. */
    public static final class Replay implements StrategyPlugin, WiredPlugin {
        @Override
        public String name() {
            return "replay";
        }

        @Override
        public String description() {
            return "replays the decisions of an earlier run (from_run: its folder)";
        }

        @Override
        public List<ParamSpec> parameters() {
            return List.of(ParamSpec.text("from_run", null).describe("the run folder whose decisions to replay"));
        }

        @Override
        public StrategyParams params(Map<String, Object> values) {
            return new StrategyParams.Replay((String) values.get("from_run"));
        }

        @Override
        public boolean sweepable() {
            return false;
        }

        @Override
        public Strategy create(PluginParams params) {
            throw new UnsupportedOperationException(
                    "strategy type replay is not built here: pass a replaying Strategy to BacktestEngine.run");
        }
    }
}
