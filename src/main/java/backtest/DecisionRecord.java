package backtest;

/** One decision in the log: the decision bar's open time, what was asked, what became of it, the account before. */
public record DecisionRecord(long ts, Decision decision, Outcome outcome, AccountSnapshot before) {
}
