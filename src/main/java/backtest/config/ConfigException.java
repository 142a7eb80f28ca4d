package backtest.config;

/** A backtest config that cannot be used; the message starts with the offending key path ({@code strategy.size_pct}). */
public final class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String key, String message) {
        super(key.isEmpty() ? message : key + ": " + message);
        this.key = key;
    }

    private ConfigException(String key, String fullMessage, Void raw) {
        super(fullMessage);
        this.key = key;
    }

    /** The same refusal, its message prefixed with the file it came from. */
    public ConfigException in(java.nio.file.Path file) {
        return new ConfigException(key, file + ": " + getMessage(), null);
    }

    /** Dotted key path, e.g. {@code strategy.size_pct}; empty for the document as a whole. */
    public String key() {
        return key;
    }
}
