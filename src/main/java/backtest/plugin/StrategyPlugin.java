package backtest.plugin;

import backtest.Strategy;
import features.indicators.IndicatorKind;
import java.util.List;
import java.util.Set;

/**
 * A strategy the backtester can run, selected by {@code strategy.type: <name()>} in a config. Implement it in your
 * own jar, list the class in {@code META-INF/services/backtest.plugin.StrategyPlugin}, and put the jar in the folder
 * named by {@code app.plugins.dir} ({@code bin/run --plugins DIR}); the {@link StrategyRegistry} finds it with
 * {@link java.util.ServiceLoader}, as it finds the built-in strategies. See {@code docs/plugins.md} and
 * {@code examples/strategy-plugin/}.
 *
 * <p>The contract:
 * <ul>
 * <li>{@link #parameters()} declares the keys the strategy block takes beyond {@code type}, {@code decision_every} and
 * {@code size_pct}; the parser validates each value and fills defaults, then calls {@link #validate} for rules
 * between parameters. Unknown keys are refused. Numeric parameters can be swept ({@code --grid period=10:30:5}).
 * <li>{@link #indicators} names the frame columns the strategy reads (always computed); {@link #warmupBars} is how
 * many bars of history a decision needs: the strategy is not asked before row {@code warmupBars - 1} (HOLD instead).
 * <li>{@link #create} builds the per-run {@link Strategy}. Its {@code decide} gets a {@link backtest.DecisionContext}
 * that shows rows 0..decision bar only (a later row throws {@link backtest.LookAheadException}) and the account
 * marked at that bar's close; it returns a {@link backtest.Decision}. One instance serves one run, on one thread.
 * <li>An exception, a bad decision (size outside [0, 1], NaN) or a look-ahead read ends that run with a message
 * naming the plug-in and the bar; other runs (a sweep's other combinations) and the store are untouched.
 * </ul>
 * Implementations need a public no-argument constructor and must be stateless: state belongs in the Strategy.
 */
public interface StrategyPlugin {
    /** The {@code strategy.type} value, e.g. {@code bollinger}: lower-case letters, digits and '-'; unique. */
    String name();

    /** One line for the CLI help and the docs. */
    default String description() {
        return "";
    }

    /** The parameters the strategy block takes, in order (the order of the resolved config and of lineage). */
    default List<ParamSpec> parameters() {
        return List.of();
    }

    /** Rules between parameters (throw {@link ParamException} naming the key); single values are checked already. */
    default void validate(PluginParams params) {
    }

    /** The indicators the strategy reads (their columns, e.g. {@code ema_fast}, are then always in the frame). */
    default Set<IndicatorKind> indicators(PluginParams params) {
        return Set.of();
    }

    /** Bars of history a decision needs (the strategy is asked from row {@code warmupBars - 1} on); 0 = from the start. */
    default int warmupBars(PluginParams params) {
        return 0;
    }

    /**
     * Whether a sweep may run it (true for rule strategies; the built-in llm and replay need the application and say
     * false). Its numeric parameters are sweep keys only when true.
     */
    default boolean sweepable() {
        return true;
    }

    /** A fresh strategy for one run with these (validated) parameters. */
    Strategy create(PluginParams params);
}
