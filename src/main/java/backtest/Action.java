package backtest;

/** What a strategy asks for at a decision bar. Spot, long only: SELL reduces the position, never shorts. */
public enum Action {
    BUY, SELL, HOLD
}
