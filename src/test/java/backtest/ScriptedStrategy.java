package backtest;

import java.util.Map;

/** Answers a fixed decision at given frame rows and HOLD elsewhere. */
final class ScriptedStrategy implements Strategy {
    private final Map<Integer, Decision> script;

    ScriptedStrategy(Map<Integer, Decision> script) {
        this.script = script;
    }

    @Override
    public Decision decide(DecisionContext ctx) {
        return script.getOrDefault(ctx.index(), Decision.HOLD);
    }

    @Override
    public String name() {
        return "scripted";
    }
}
