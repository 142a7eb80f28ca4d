package llm;

import backtest.AccountSnapshot;
import features.FeatureFrame;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a versioned prompt template ({@code src/main/resources/prompts/<version>.txt}) with the decision's inputs:
 * feature rows (CSV, oldest first), the seven-day summary text and the account. Placeholders are
 * {@code {{name}}}: symbol, as_of, decision_every, interval (the bar interval the indicators are computed on), rows,
 * features, seven_day, account. {@code decision-v1} said its rows were "one per decision interval" without saying
 * what they held; {@code decision-v2} (the default) says what each column is. The rendered text and the version go into the request hash, so editing a template means a new
 * version file, never a silent change under an old name.
 */
public final class PromptBuilder {
    private final String version;
    private final String template;

    /** A user's template (strategy.llm.prompt_file) under its own version label ({@code file:<sha256>}). */
    public PromptBuilder(String version, String template) {
        this.version = version;
        this.template = template;
    }

    public PromptBuilder(String version) {
        this.version = version;
        String res = "/prompts/" + version + ".txt";
        try (InputStream in = PromptBuilder.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalArgumentException("no prompt template " + res + " (prompt_version '" + version + "')");
            }
            this.template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read prompt template " + res, e);
        }
    }

    public String version() {
        return version;
    }

    /** The prompt for one decision. */
    public String render(String symbol, Instant asOf, String decisionEvery, FeatureFrame rows, String sevenDay,
                         AccountSnapshot account) {
        Map<String, String> values = Map.of("symbol", symbol, "as_of", asOf.toString(), "decision_every", decisionEvery,
                "interval", rows.spec().interval().code(), "rows", Integer.toString(rows.size()), "features",
                features(rows), "seven_day", sevenDay.strip(), "account", account(account));
        String out = template;
        for (var e : values.entrySet()) {
            out = out.replace("{{" + e.getKey() + "}}", e.getValue());
        }
        return out;
    }

    /** One CSV header line and one line per row: ts, OHLCV, then the indicator columns (n/a inside warm-up). */
    static String features(FeatureFrame f) {
        List<String> cols = new ArrayList<>(f.columns().keySet());
        StringBuilder sb = new StringBuilder("ts,open,high,low,close,volume");
        cols.forEach(c -> sb.append(',').append(c));
        sb.append('\n');
        var b = f.bars();
        for (int i = 0; i < f.size(); i++) {
            sb.append(Instant.ofEpochMilli(b.openTime[i])).append(',').append(num(b.open[i])).append(',')
                    .append(num(b.high[i])).append(',').append(num(b.low[i])).append(',').append(num(b.close[i]))
                    .append(',').append(num(b.volume[i]));
            for (String c : cols) {
                sb.append(',').append(num(f.columns().get(c)[i]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String account(AccountSnapshot a) {
        return String.format(Locale.ROOT, "equity %s, cash %s, position %s BTC, average entry price %s, "
                        + "unrealised PnL %s, realised PnL %s, drawdown %.2f%%",
                num(a.equity()), num(a.cash()), num(a.position()), num(a.avgEntryPrice()), num(a.unrealizedPnl()),
                num(a.realizedPnl()), a.drawdown() * 100);
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(8)).stripTrailingZeros().toPlainString();
    }
}
