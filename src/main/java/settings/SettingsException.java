package settings;

/**
 * A setting that stops start-up: an unknown {@code app.*} key, or a value out of its range. The message is one line
 * naming the key, where it came from, the bad value and what is allowed (the CLI prints it and exits 2).
 */
public final class SettingsException extends IllegalArgumentException {
    private final String key;

    public SettingsException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The offending key, e.g. {@code app.inbox.poll-ms}. */
    public String key() {
        return key;
    }
}
