package backtest.plugin;

/**
 * A plug-in's refusal of a combination of parameter values ({@link StrategyPlugin#validate}); {@link #key} names the
 * parameter, and the config parser reports it as {@code strategy.<key>: <message>}.
 */
public final class ParamException extends IllegalArgumentException {
    private final String key;

    public ParamException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The parameter's key under {@code strategy}. */
    public String key() {
        return key;
    }
}
