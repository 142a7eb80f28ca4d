package llm;

import backtest.AccountSnapshot;
import features.DecimalText;
import features.FeatureFrame;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
    private final List<Object> parts;

    /** A user's template (strategy.llm.prompt_file) under its own version label ({@code file:<sha256>}). */
    public PromptBuilder(String version, String template) {
        this.version = version;
        this.template = template;
        this.parts = parse(template);
    }

    public PromptBuilder(String version) {
        this.version = version;
        String res = "/prompts/" + version + ".txt";
        try (InputStream in = PromptBuilder.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalArgumentException("no prompt template " + res + " (prompt_version '" + version + "')");
            }
            this.template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            this.parts = parse(template);
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
        StringBuilder sb = new StringBuilder(template.length() + 256 + rows.size() * (48 + 12 * rows.columns().size())
                + sevenDay.length());
        for (Object part : parts) {
            if (part instanceof String text) {
                sb.append(text);
                continue;
            }
            switch ((Slot) part) {
                case SYMBOL -> sb.append(symbol);
                case AS_OF -> DecimalText.instant(sb, asOf);
                case DECISION_EVERY -> sb.append(decisionEvery);
                case INTERVAL -> sb.append(rows.spec().interval().code());
                case ROWS -> sb.append(rows.size());
                case FEATURES -> features(sb, rows);
                case SEVEN_DAY -> sb.append(sevenDay.strip());
                case ACCOUNT -> account(sb, account);
            }
        }
        return sb.toString();
    }

    /**
     * The template cut at its placeholders: literal text (String) and {@link Slot}s, in order. Filling them in one pass
     * gives the text the former {@code String.replace} per placeholder gave, since no value holds a {@code {{name}}}.
     */
    private static List<Object> parse(String template) {
        List<Object> out = new ArrayList<>();
        int from = 0;
        int i = 0;
        while ((i = template.indexOf("{{", i)) >= 0) {
            Slot hit = null;
            for (Slot s : Slot.values()) {
                if (template.startsWith(s.placeholder, i)) {
                    hit = s;
                    break;
                }
            }
            if (hit == null) {
                i++;
                continue;
            }
            if (i > from) {
                out.add(template.substring(from, i));
            }
            out.add(hit);
            i += hit.placeholder.length();
            from = i;
        }
        if (from < template.length()) {
            out.add(template.substring(from));
        }
        return List.copyOf(out);
    }

    private enum Slot {
        SYMBOL("symbol"), AS_OF("as_of"), DECISION_EVERY("decision_every"), INTERVAL("interval"), ROWS("rows"),
        FEATURES("features"), SEVEN_DAY("seven_day"), ACCOUNT("account");

        final String placeholder;

        Slot(String name) {
            this.placeholder = "{{" + name + "}}";
        }
    }

    /** One CSV header line and one line per row: ts, OHLCV, then the indicator columns (n/a inside warm-up). */
    static String features(FeatureFrame f) {
        return features(new StringBuilder(), f).toString();
    }

    private static StringBuilder features(StringBuilder sb, FeatureFrame f) {
        sb.append("ts,open,high,low,close,volume");
        double[][] cols = new double[f.columns().size()][];
        int k = 0;
        for (var e : f.columns().entrySet()) {
            sb.append(',').append(e.getKey());
            cols[k++] = e.getValue();
        }
        sb.append('\n');
        var b = f.bars();
        for (int i = 0; i < f.size(); i++) {
            DecimalText.instant(sb, b.openTime[i]).append(',');
            num(sb, b.open[i]).append(',');
            num(sb, b.high[i]).append(',');
            num(sb, b.low[i]).append(',');
            num(sb, b.close[i]).append(',');
            num(sb, b.volume[i]);
            for (double[] c : cols) {
                num(sb.append(','), c[i]);
            }
            sb.append('\n');
        }
        return sb;
    }

    static String account(AccountSnapshot a) {
        return account(new StringBuilder(), a).toString();
    }

    /**
     * "equity %s, cash %s, position %s BTC, average entry price %s, unrealised PnL %s, realised PnL %s, drawdown
     * %.2f%%" with {@link #num} for the %s.
     */
    private static StringBuilder account(StringBuilder sb, AccountSnapshot a) {
        num(sb.append("equity "), a.equity());
        num(sb.append(", cash "), a.cash());
        num(sb.append(", position "), a.position());
        num(sb.append(" BTC, average entry price "), a.avgEntryPrice());
        num(sb.append(", unrealised PnL "), a.unrealizedPnl());
        num(sb.append(", realised PnL "), a.realizedPnl());
        return DecimalText.fixed2(sb.append(", drawdown "), a.drawdown() * 100, false).append('%');
    }

    /** n/a, or v rounded half up to 8 significant digits, trailing zeros stripped, plain (no exponent). */
    private static StringBuilder num(StringBuilder sb, double v) {
        return Double.isNaN(v) ? sb.append("n/a") : DecimalText.significant8(sb, v);
    }
}
