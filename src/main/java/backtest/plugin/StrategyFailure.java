package backtest.plugin;

/**
 * A strategy plug-in broke the contract during a run (threw, answered no or a bad decision, read a row after the
 * decision bar): the run ends with this message naming the plug-in and the bar. Nothing of the run is written.
 */
public final class StrategyFailure extends IllegalStateException {
    private final String plugin;

    public StrategyFailure(String plugin, String where, String what, Throwable cause) {
        super("strategy plug-in '" + plugin + "' " + what + " " + where, cause);
        this.plugin = plugin;
    }

    /** The plug-in's name ({@code strategy.type}). */
    public String plugin() {
        return plugin;
    }
}
