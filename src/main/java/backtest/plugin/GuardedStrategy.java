package backtest.plugin;

import backtest.Decision;
import backtest.DecisionContext;
import backtest.LookAheadException;
import backtest.Strategy;
import java.time.Instant;

/**
 * A plug-in's strategy as the engine runs it: not asked inside its declared warm-up (HOLD), and any exception, null or
 * invalid decision, or look-ahead read turned into a {@link StrategyFailure} naming the plug-in and the bar. The
 * built-ins are not wrapped (their core loop stays as it was).
 */
final class GuardedStrategy implements Strategy {
    private final String plugin;
    private final Strategy inner;
    private final int firstRow;
    private final Decision warming;

    GuardedStrategy(String plugin, Strategy inner, int warmupBars) {
        this.plugin = plugin;
        this.inner = inner;
        this.firstRow = Math.max(0, warmupBars - 1);
        this.warming = Decision.hold(plugin + " warming up (needs " + warmupBars + " bars)");
    }

    @Override
    public void begin(DecisionContext ctx) {
        try {
            inner.begin(ctx);
        } catch (RuntimeException | LinkageError e) {
            throw failure("before the first bar", e);
        }
    }

    @Override
    public Decision decide(DecisionContext ctx) {
        int i = ctx.index();
        if (i < firstRow) {
            return warming;
        }
        Decision d;
        try {
            d = inner.decide(ctx);
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            throw failure(at(ctx), e);
        }
        if (d == null) {
            throw new StrategyFailure(plugin, at(ctx), "gave no decision (null)", null);
        }
        return d;
    }

    private StrategyFailure failure(String where, Throwable e) {
        if (e instanceof LookAheadException) {
            return new StrategyFailure(plugin, where, "looked ahead (" + e.getMessage() + ")", e);
        }
        String what = e instanceof IllegalArgumentException && String.valueOf(e.getMessage()).startsWith("decision ")
                ? "gave an invalid decision (" + e.getMessage() + ")"
                : "failed (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
        return new StrategyFailure(plugin, where, what, e);
    }

    private static String at(DecisionContext ctx) {
        return "at bar " + Instant.ofEpochMilli(ctx.time()) + " (row " + ctx.index() + ")";
    }

    @Override
    public String name() {
        return plugin;
    }
}
