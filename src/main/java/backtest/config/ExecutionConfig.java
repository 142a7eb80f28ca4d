package backtest.config;

import backtest.Outcome;
import java.util.Locale;

/**
 * The {@code execution} block: when a strategy's order fills. {@code close} (the default): at the close of the bar the
 * strategy decided on, which it has just seen. {@code next_open}: at the open of the next bar (the first later bar with
 * a real minute), as backtesting.py does; an order decided on the last bar is not filled (outcome
 * {@link Outcome#NOT_FILLED}). Slippage applies either way: buys above, sells below the reference price.
 */
public record ExecutionConfig(FillAt fill) {
    /** Today's behaviour; left out of the resolved config so that existing run ids do not change. */
    public static final ExecutionConfig DEFAULT = new ExecutionConfig(FillAt.CLOSE);

    public enum FillAt {
        CLOSE, NEXT_OPEN;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean isDefault() {
        return fill == FillAt.CLOSE;
    }
}
