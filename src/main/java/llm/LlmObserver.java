package llm;

/**
 * Told of every decision as it is made (a port: the service counts them for its metrics in package {@code routes};
 * the CLI and unit tests pass {@link #NONE}). Called on the run's thread: keep it quick, never throw.
 */
@FunctionalInterface
public interface LlmObserver {
    /** Ignores every decision. */
    LlmObserver NONE = outcome -> { };

    /** {@code outcome}: the decision as the strategy uses it, from the server or from the cache. */
    void decided(LlmOutcome outcome);
}
