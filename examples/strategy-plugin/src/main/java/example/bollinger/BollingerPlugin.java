package example.bollinger;

import backtest.Strategy;
import backtest.plugin.ParamException;
import backtest.plugin.ParamSpec;
import backtest.plugin.PluginParams;
import backtest.plugin.StrategyPlugin;
import java.util.List;

/**
 * Bollinger mean reversion, {@code strategy.type: bollinger}: BUY {@code size_pct} of the cash when the close falls
 * below the lower band (mean - k standard deviations of the last {@code period} closes), SELL {@code size_pct} of the
 * position when it rises above the upper band, HOLD inside. Parameters: {@code period} (whole, 2..1000, default 20),
 * {@code k} (0.1..10, default 2); {@code size_pct} and {@code decision_every} are every strategy's.
 */
public final class BollingerPlugin implements StrategyPlugin {
    @Override
    public String name() {
        return "bollinger";
    }

    @Override
    public String description() {
        return "Bollinger mean reversion: BUY below the lower band, SELL above the upper band";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(ParamSpec.integer("period", 20, 2, 1000).describe("closes in the moving mean and deviation"),
                ParamSpec.decimal("k", 2.0, 0.1, 10).describe("band width in standard deviations"));
    }

    @Override
    public void validate(PluginParams params) {
        if (params.sizePct() == 0) {
            throw new ParamException("size_pct", "bollinger trades nothing with size_pct 0");
        }
    }

    @Override
    public int warmupBars(PluginParams params) {
        return params.getInt("period"); // the first full window ends at row period - 1
    }

    @Override
    public Strategy create(PluginParams params) {
        return new BollingerStrategy(params.getInt("period"), params.getDouble("k"), params.sizePct());
    }
}
