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
        return render(symbol, asOf, decisionEvery, rows.spec().interval().code(), rows.size(),
                features(new StringBuilder(rows.size() * (48 + 12 * rows.columns().size()) + 64), rows), sevenDay,
                account);
    }

    /**
     * The prompt for one decision whose feature rows are given as text: {@code features} as {@link #features} writes
     * them ({@link #header}, then a {@link #row} line per row), {@code rows} of them, on bars of {@code interval}.
     */
    String render(String symbol, Instant asOf, String decisionEvery, String interval, int rows, CharSequence features,
                  String sevenDay, AccountSnapshot account) {
        StringBuilder sb = new StringBuilder(template.length() + 256 + features.length() + sevenDay.length());
        for (Object part : parts) {
            if (part instanceof String text) {
                sb.append(text);
                continue;
            }
            switch ((Slot) part) {
                case SYMBOL -> sb.append(symbol);
                case AS_OF -> DecimalText.instant(sb, asOf);
                case DECISION_EVERY -> sb.append(decisionEvery);
                case INTERVAL -> sb.append(interval);
                case ROWS -> sb.append(rows);
                case FEATURES -> sb.append(features);
                case SEVEN_DAY -> stripped(sb, sevenDay);
                case ACCOUNT -> account(sb, account);
            }
        }
        return sb.toString();
    }

    /** {@code sb.append(s.strip())} without the copy (no supplementary code point is white space). */
    private static void stripped(StringBuilder sb, String s) {
        int from = 0;
        int to = s.length();
        while (from < to && Character.isWhitespace(s.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(s.charAt(to - 1))) {
            to--;
        }
        sb.append(s, from, to);
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
        header(sb, f.columns().keySet());
        double[][] cols = f.columns().values().toArray(double[][]::new);
        var b = f.bars();
        for (int i = 0; i < f.size(); i++) {
            row(sb, b.openTime[i], b.open[i], b.high[i], b.low[i], b.close[i], b.volume[i]);
            for (double[] c : cols) {
                cell(sb, c[i]);
            }
            sb.append('\n');
        }
        return sb;
    }

    /** The CSV header line of the feature rows: ts, OHLCV, then the indicator columns. */
    static StringBuilder header(StringBuilder sb, Iterable<String> columns) {
        sb.append("ts,open,high,low,close,volume");
        for (String c : columns) {
            sb.append(',').append(c);
        }
        return sb.append('\n');
    }

    /** A feature row's ts and OHLCV; the row goes on with a {@link #cell} per indicator column, then a newline. */
    static StringBuilder row(StringBuilder sb, long ts, double open, double high, double low, double close,
                             double volume) {
        DecimalText.instant(sb, ts).append(',');
        num(sb, open).append(',');
        num(sb, high).append(',');
        num(sb, low).append(',');
        num(sb, close).append(',');
        return num(sb, volume);
    }

    /** One indicator value of a feature row: a comma, then n/a inside warm-up or the value. */
    static StringBuilder cell(StringBuilder sb, double v) {
        return num(sb.append(','), v);
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
