package backtest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spot ledger of one run: cash, position and cost basis, and the fills that changed them.
 *
 * <p>Rounding: the position is held as a whole number of {@code step_size} units (a {@code long}), so quantities
 * never drift; a quantity is floored to the step, never rounded up. Prices, notionals, fees and cash are plain
 * doubles with no rounding to cents: each fill changes cash by exactly {@code -(notional + fee)} or
 * {@code +(notional - fee)}, which keeps {@code equity = initial + sells - buys - fees + position x close} to well
 * under a cent over millions of fills (a test). The cost basis includes buy fees; a partial sell releases the
 * basis in proportion to the units sold, a full sell all of it.
 */
final class Account {
    private static final Logger LOG = LoggerFactory.getLogger(Account.class);

    private final double feeRate;
    private final double slippage;
    private final double minNotional;
    private final double stepSize;
    private final BigDecimal stepDecimal;
    /** The step as {@code stepUnits / stepScale} exactly (both doubles exact), for {@link #qty}; 0 when it is not. */
    private final long stepUnits;
    private final double stepScale;
    private final long maxExactUnits;
    private final List<Fill> fills = new ArrayList<>();
    private final List<RoundTrip> roundTrips = new ArrayList<>();
    /** False: the fills and round trips are counted (below), not kept, and no note is built (a sweep's runs). */
    private final boolean keep;
    // what the metrics need of the fills and round trips, kept whether or not the lists are
    int fillCount;
    int buyCount;
    int tripCount;
    int tripWins;
    double grossProfit;
    double grossLoss;
    private double lastBuyPrice = Double.NaN;

    double cash;
    private long units;
    private double basis;
    double realized;
    double buyCosts;
    double sellProceeds;
    double fees;
    double slippageCost;
    private long tripOpenTs;
    private int tripFills;
    private double tripPnl;
    private double tripBuyNotional;
    private long tripBuyUnits;

    Account(double initialCash, double feeRate, double slippageBps, double minNotional, double stepSize) {
        this(initialCash, feeRate, slippageBps, minNotional, stepSize, true);
    }

    /**
     * @param keep false: the fills and round trips are only counted ({@link #fillCount}, {@link #grossProfit} ...),
     *             the lists stay empty and no fill note is built - what a metrics-only run needs, nothing more
     */
    Account(double initialCash, double feeRate, double slippageBps, double minNotional, double stepSize,
            boolean keep) {
        this.keep = keep;
        this.cash = initialCash;
        this.feeRate = feeRate;
        this.slippage = slippageBps / 10_000.0;
        this.minNotional = minNotional;
        this.stepSize = stepSize;
        this.stepDecimal = BigDecimal.valueOf(stepSize);
        BigDecimal d = stepDecimal.stripTrailingZeros();
        boolean exact = d.signum() > 0 && d.scale() >= 0 && d.scale() <= 22 && d.unscaledValue().bitLength() < 53;
        this.stepUnits = exact ? d.unscaledValue().longValueExact() : 0;
        this.stepScale = exact ? Math.pow(10, d.scale()) : 0; // 10^k for k <= 22 is exact in a double
        this.maxExactUnits = exact ? (1L << 53) / stepUnits : -1;
    }

    double position() {
        return qty(units);
    }

    /**
     * {@code u} steps as a quantity: the double nearest the exact decimal product, so 31,910 steps of 0.00001 print as
     * {@code 0.3191}, not {@code 0.31910000000000005}.
     */
    double qty(long u) {
        if (u >= 0 && u <= maxExactUnits) {
            // u x m and 10^k are exact doubles: the division rounds the exact decimal product (u x m) / 10^k once, to
            // nearest even - the double BigDecimal gives, without building two of them per call
            return (double) (u * stepUnits) / stepScale;
        }
        return qtyDecimal(u);
    }

    /** {@link #qty} through BigDecimal: the reference, and the path for steps or counts beyond exact doubles. */
    double qtyDecimal(long u) {
        return stepDecimal.multiply(BigDecimal.valueOf(u)).doubleValue();
    }

    /** The trip still open, marked at {@code lastClose}; null when flat. */
    OpenTrade openTrade(double lastClose) {
        if (units == 0) {
            return null;
        }
        double q = position();
        return new OpenTrade(tripOpenTs, tripFills, q, avgEntry(), lastClose, tripPnl, q * (lastClose - avgEntry()));
    }

    /** Whole step units held (0: flat). */
    long units() {
        return units;
    }

    /**
     * Average fill price (slippage included, fees not) of the buys of the open trip: what the {@code risk} levels are
     * relative to; NaN when flat.
     */
    double entryPrice() {
        return units == 0 ? Double.NaN : tripBuyNotional / qty(tripBuyUnits);
    }

    /** Fee-inclusive cost basis per unit of the open position; 0 when flat. */
    double avgEntry() {
        return units == 0 ? 0 : basis / position();
    }

    List<Fill> fills() {
        return fills;
    }

    /** Fill price (slippage included) of the last buy; NaN before the first. */
    double lastBuyPrice() {
        return lastBuyPrice;
    }

    List<RoundTrip> roundTrips() {
        return roundTrips;
    }

    /**
     * Executes a BUY or SELL at the reference price {@code close} (the bar's close, or the next bar's open with
     * next-open fills) plus or minus slippage; returns the outcome (a fill is recorded when it trades).
     */
    Outcome execute(Decision d, long ts, double close) {
        return d.action() == Action.BUY ? buy(d, ts, close)
                : sell(d.sizePct(), d.note(), ExitReason.SIGNAL, Double.NaN, ts, close);
    }

    /**
     * Sells the whole position for a {@code risk} rule at {@code level} minus slippage ({@code level} is the rule's
     * price, or the 1m open when it gapped through it; {@code trigger} the price the rule was set at, for the note).
     * Returns the outcome: DUST when the position is worth less than the minimum notional (it stays open).
     */
    Outcome exit(ExitReason reason, double trigger, long ts, double level) {
        return sell(1.0, null, reason, trigger, ts, level);
    }

    private Outcome buy(Decision d, long ts, double close) {
        if (cash < minNotional) {
            return Outcome.NO_CASH;
        }
        double price = close * (1 + slippage);
        double want = cash * d.sizePct();
        double affordable = cash / (1 + feeRate);
        boolean trimmed = want > affordable;
        // + 1e-9 of a step: 110 / 0.001 must floor to 110000, not 109999 when the division lands a hair below
        long u = (long) Math.floor(Math.min(want, affordable) / price / stepSize + 1e-9);
        while (u > 0 && cost(u, price) > cash) {
            u--; // never spend more than the cash
        }
        double q = qty(u);
        double notional = q * price;
        if (u == 0 || notional < minNotional) {
            return Outcome.DUST;
        }
        double fee = notional * feeRate;
        String note = d.note();
        if (trimmed && keep) {
            note = note + (note.isEmpty() ? "" : "; ") + "trimmed from " + want + " to " + notional + " notional";
        }
        if (trimmed && LOG.isDebugEnabled()) { // the guard saves boxing four values at every trimmed buy
            LOG.debug("BUY at {} trimmed: {} of cash {} would overdraw with fee; bought {} notional", ts, want, cash,
                    notional);
        }
        if (units == 0) {
            tripOpenTs = ts;
            tripFills = 0;
            tripPnl = 0;
            tripBuyNotional = 0;
            tripBuyUnits = 0;
        }
        tripBuyNotional += notional;
        tripBuyUnits += u;
        cash -= notional + fee;
        units += u;
        basis += notional + fee;
        buyCosts += notional;
        fees += fee;
        double slip = q * (price - close);
        slippageCost += slip;
        tripFills++;
        fillCount++;
        buyCount++;
        lastBuyPrice = price;
        if (keep) {
            fills.add(new Fill(ts, Action.BUY, q, price, notional, fee, slip, 0, note, ExitReason.SIGNAL));
        }
        return trimmed ? Outcome.TRIMMED : Outcome.FILLED;
    }

    private double cost(long u, double price) {
        double notional = qty(u) * price;
        return notional + notional * feeRate;
    }

    private Outcome sell(double sizePct, String decisionNote, ExitReason reason, double trigger, long ts,
                         double close) {
        if (units == 0) {
            return Outcome.NOTHING_TO_SELL;
        }
        double price = close * (1 - slippage);
        long u = sizePct == 1.0 ? units : (long) Math.floor(units * sizePct);
        double q = qty(u);
        double notional = q * price;
        if (u == 0 || notional < minNotional) {
            return Outcome.DUST;
        }
        double fee = notional * feeRate;
        double released = u == units ? basis : basis * u / units;
        double pnl = notional - fee - released;
        cash += notional - fee;
        units -= u;
        basis = units == 0 ? 0 : basis - released;
        realized += pnl;
        sellProceeds += notional;
        fees += fee;
        double slip = q * (close - price);
        slippageCost += slip;
        if (keep) {
            String note = decisionNote != null ? decisionNote : reason.code() + " at " + trigger
                    + (close == trigger ? "" : " (gapped: filled at the 1m open " + close + ")");
            fills.add(new Fill(ts, Action.SELL, q, price, notional, fee, slip, pnl, note, reason));
        }
        fillCount++;
        tripFills++;
        tripPnl += pnl;
        if (units == 0) {
            // counted in trip order, as MetricsCalculator once summed the list: the same sums bit for bit
            tripCount++;
            if (tripPnl > 0) { // RoundTrip.win()
                tripWins++;
                grossProfit += tripPnl;
            } else {
                grossLoss += tripPnl;
            }
            if (keep) {
                roundTrips.add(new RoundTrip(tripOpenTs, ts, tripFills, tripPnl, reason));
            }
        }
        return Outcome.FILLED;
    }
}
