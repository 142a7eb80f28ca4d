package backtest;

/** The built-in strategy a config names. {@code llm} and {@code replay} are wired elsewhere (they need routes). */
public final class Strategies {
    private Strategies() {
    }

    public static Strategy of(StrategyConfig s) {
        return switch (s.params()) {
            case StrategyParams.EmaCross p -> new EmaCrossStrategy(s.sizePct());
            case StrategyParams.RsiThreshold p -> new RsiThresholdStrategy(s.sizePct(), p.buyBelow(), p.sellAbove());
            case StrategyParams.Llm p -> throw new UnsupportedOperationException(
                    "strategy type llm needs the LLM route: build it there and pass it to BacktestEngine.run");
            case StrategyParams.Replay p -> throw new UnsupportedOperationException(
                    "strategy type replay is not built here: pass a replaying Strategy to BacktestEngine.run");
        };
    }
}
