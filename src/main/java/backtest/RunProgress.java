package backtest;

/**
 * Follows one backtest as it runs (the service shows it as progress). A listener may stop the run by throwing (e.g.
 * {@link java.util.concurrent.CancellationException}): the run ends with that exception and its folder is not
 * written. {@link Phase#PUBLISHING} is the last call before the finished folder is moved into place.
 */
@FunctionalInterface
public interface RunProgress {
    /** Ignores every update (the CLI). */
    RunProgress NONE = (phase, barsDone, barsTotal) -> { };

    /** Where a run is. */
    enum Phase { LOADING, RUNNING, WRITING, PUBLISHING }

    /** Bars counts are 0 until the frame is loaded; during {@code RUNNING} updates come every 1,024 bars
     * and before each decision of a strategy that does not decide at every bar or is an LLM. */
    void update(Phase phase, int barsDone, int barsTotal);
}
