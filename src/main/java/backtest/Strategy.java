package backtest;

/**
 * Decides at each decision bar. {@link #decide} may block for as long as it needs (the LLM strategy sends a
 * request to the LLM route and waits): the engine calls it once per decision bar, in bar order, from the thread
 * that runs the backtest, and moves on only when it answers, so nothing assumes a decision is instant or local.
 *
 * <p>A strategy sees the frame only through its {@link DecisionContext}: rows 0 to the decision bar, never a later
 * one. One instance serves one run at a time: {@link #begin} resets its state at the start of a run.
 */
public interface Strategy {
    /** Called once before the first decision of a run, with the context every decision of the run will get. */
    default void begin(DecisionContext ctx) {
    }

    /** The decision at bar {@code ctx.index()}: may read rows 0..index and the account marked at that bar's close. */
    Decision decide(DecisionContext ctx);

    /** Short name for logs and outputs, e.g. {@code ema-cross}. */
    String name();
}
