package llm;

import static org.assertj.core.api.Assertions.assertThat;

import backtest.AccountSnapshot;
import features.Bars;
import features.FeatureFrame;
import features.FeatureSpec;
import features.GapPolicy;
import features.Interval;
import features.SevenDayView;
import features.indicators.IndicatorSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The prompt text (and so every request hash, the decision cache's key) is exactly what it was before prompts were
 * built with StringBuilder and {@link features.DecimalText}: the former code is kept here, verbatim, as the reference
 * ({@code Legacy}), and both render thousands of random decisions - random rows with warm-up n/a, random seven-day
 * views with missing, filled and incomplete days, random accounts - through each template, the built-in ones and a
 * user's with repeated and brace-wrapped placeholders.
 */
class PromptTextUnchangedTest {

    /** The code as it was (PromptBuilder.render/features/account/num, SevenDayView.toText), for comparison. */
    static final class Legacy {
        private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'")
                .withZone(ZoneOffset.UTC);
        private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

        static String render(String template, String symbol, Instant asOf, String decisionEvery, FeatureFrame rows,
                             String sevenDay, AccountSnapshot account) {
            Map<String, String> values = Map.of("symbol", symbol, "as_of", asOf.toString(), "decision_every",
                    decisionEvery, "interval", rows.spec().interval().code(), "rows", Integer.toString(rows.size()),
                    "features", features(rows), "seven_day", sevenDay.strip(), "account", account(account));
            String out = template;
            for (var e : values.entrySet()) {
                out = out.replace("{{" + e.getKey() + "}}", e.getValue());
            }
            return out;
        }

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

        static String num(double v) {
            if (Double.isNaN(v)) {
                return "n/a";
            }
            return new java.math.BigDecimal(v).round(new java.math.MathContext(8)).stripTrailingZeros().toPlainString();
        }

        static String toText(SevenDayView v) {
            Bars days = v.days();
            StringBuilder sb = new StringBuilder();
            sb.append(v.symbol()).append(" as of ").append(MINUTE.format(v.asOf())).append('\n');
            sb.append(String.format(Locale.ROOT,
                    "last 7d (%s..%s, 1m): change %s, high %s, low %s, volume %s, realised vol %s/day, missing minutes %d%n",
                    MINUTE.format(v.from()), MINUTE.format(v.to()), percent(v.change()), price(v.high()),
                    price(v.low()), price(v.volume()), percent(v.realizedVolatility()).replace("+", ""),
                    v.missingMinutes()));
            sb.append("UTC days (open high low close volume change):\n");
            long firstDay = Interval.D1.bucketStart(v.asOf().toEpochMilli()) - SevenDayView.DAYS * Interval.D1.millis();
            for (int d = 0; d < SevenDayView.DAYS; d++) {
                long t = firstDay + d * Interval.D1.millis();
                int i = days.indexAtOrAfter(t);
                sb.append(DAY.format(Instant.ofEpochMilli(t)));
                if (i == days.size() || days.openTime[i] != t) {
                    sb.append(" no complete data\n");
                    continue;
                }
                sb.append(String.format(Locale.ROOT, " %s %s %s %s %s %s", price(days.open[i]), price(days.high[i]),
                        price(days.low[i]), price(days.close[i]), price(days.volume[i]),
                        percent(days.close[i] / days.open[i] - 1)));
                if (days.filled(i)) {
                    sb.append(" (has filled minutes)");
                }
                if (days.incomplete(i)) {
                    sb.append(" (incomplete)");
                }
                sb.append('\n');
            }
            return sb.toString();
        }

        private static String price(double v) {
            return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
        }

        private static String percent(double v) {
            return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%+.2f%%", v * 100);
        }
    }

    private static String resource(String version) throws IOException {
        try (InputStream in = PromptBuilder.class.getResourceAsStream("/prompts/" + version + ".txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A price-like value, sometimes an odd one (NaN for indicators in warm-up, tiny, huge, negative, a tie). */
    private static double value(Random r, double around) {
        return switch (r.nextInt(12)) {
            case 0 -> Double.NaN;
            case 1 -> r.nextGaussian() * 1e-6;
            case 2 -> -around * r.nextDouble();
            case 3 -> Math.round(around * 100) / 100.0 + 0.005;
            case 4 -> (r.nextInt(900_000_000) + 100_000_000) * 10L + 5.0; // 9th digit 5
            default -> around * Math.exp(r.nextGaussian() * 0.02);
        };
    }

    private static FeatureFrame frame(Random r, Interval iv, int rows, int columns) {
        Bars b = new Bars(iv, rows);
        long t0 = iv.bucketStart(1_700_000_000_000L + r.nextLong(200_000_000_000L));
        double p = 20_000 + r.nextDouble() * 60_000;
        Map<String, double[]> cols = new LinkedHashMap<>();
        for (int c = 0; c < columns; c++) {
            cols.put(List.of("ema_12", "ema_26", "rsi_14", "cmf_20", "macd", "macd_signal", "atr_14").get(c),
                    new double[rows]);
        }
        for (int i = 0; i < rows; i++) {
            double o = p;
            p *= Math.exp(r.nextGaussian() * 0.004);
            b.add(t0 + i * iv.millis(), o, Math.max(o, p) * 1.001, Math.min(o, p) * 0.999, p, r.nextDouble() * 500,
                    0, 0, 0, 0, (byte) 0);
            for (double[] col : cols.values()) {
                col[i] = i < r.nextInt(3) ? Double.NaN : value(r, p);
            }
        }
        return new FeatureFrame(new FeatureSpec(iv, IndicatorSpec.parse("ema"), GapPolicy.FFILL), b, cols);
    }

    private static SevenDayView view(Random r) {
        long asOf = 1_700_000_000_000L + r.nextLong(200_000_000_000L);
        if (r.nextBoolean()) {
            asOf = asOf / 60_000 * 60_000;
        }
        long firstDay = Interval.D1.bucketStart(asOf) - 7 * Interval.D1.millis();
        Bars days = new Bars(Interval.D1, 7);
        for (int d = 0; d < 7; d++) {
            if (r.nextInt(5) == 0) {
                continue;
            }
            double o = value(r, 40_000);
            byte flags = (byte) (r.nextInt(4) == 0 ? Bars.FILLED : 0);
            flags |= (byte) (r.nextInt(4) == 0 ? Bars.INCOMPLETE : 0);
            days.add(firstDay + d * Interval.D1.millis(), o, value(r, 41_000), value(r, 39_000), value(r, 40_000),
                    value(r, 12_000), 0, 0, 0, 0, flags);
        }
        long to = asOf / 60_000 * 60_000;
        return new SevenDayView("BTCUSDT", Instant.ofEpochMilli(asOf), Instant.ofEpochMilli(to - 10_080 * 60_000L),
                Instant.ofEpochMilli(to), days, r.nextGaussian() * 0.05, value(r, 45_000), value(r, 35_000),
                Math.abs(value(r, 90_000)), r.nextInt(10) == 0 ? Double.NaN : Math.abs(r.nextGaussian() * 0.03),
                r.nextInt(5) == 0 ? r.nextInt(10_080) : 0);
    }

    private static AccountSnapshot account(Random r) {
        double close = 20_000 + r.nextDouble() * 60_000;
        boolean flat = r.nextBoolean();
        return AccountSnapshot.mark(0, close, r.nextDouble() * 10_000, flat ? 0 : r.nextDouble() * 0.5,
                flat ? 0 : close * (1 + r.nextGaussian() * 0.01), r.nextGaussian() * 300, 10_000 + r.nextDouble() * 500);
    }

    @Test
    void seven_day_text_is_unchanged() {
        Random r = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            SevenDayView v = view(r);
            assertThat(v.toText()).isEqualTo(Legacy.toText(v));
        }
    }

    @Test
    void prompts_and_request_hashes_are_unchanged() throws IOException {
        String user = "{{symbol}} {{{{symbol}}}} {{ symbol}} {{unknown}} {{as_of}}/{{as_of}} {{rows}}x{{interval}}"
                + "\n{{features}}--{{seven_day}}--{{account}}{{decision_every}}{{";
        Map<String, PromptBuilder> builders = new LinkedHashMap<>();
        Map<String, String> templates = new LinkedHashMap<>();
        for (String version : List.of("decision-v1", "decision-v2")) {
            builders.put(version, new PromptBuilder(version));
            templates.put(version, resource(version));
        }
        builders.put("file:user", new PromptBuilder("file:user", user));
        templates.put("file:user", user);
        LlmSettings settings = LlmSettings.defaults();
        Random r = new Random(9);
        Interval[] intervals = {Interval.M1, Interval.M15, Interval.H1, Interval.D1};
        for (int i = 0; i < 1_000; i++) {
            FeatureFrame rows = frame(r, intervals[r.nextInt(intervals.length)], 1 + r.nextInt(48), r.nextInt(8));
            SevenDayView v = view(r);
            AccountSnapshot a = account(r);
            Instant asOf = v.asOf();
            String every = List.of("15m", "1h", "4h", "1d").get(r.nextInt(4));
            for (var e : builders.entrySet()) {
                String want = Legacy.render(templates.get(e.getKey()), "BTCUSDT", asOf, every, rows,
                        Legacy.toText(v), a);
                String got = e.getValue().render("BTCUSDT", asOf, every, rows, v.toText(), a);
                assertThat(got).isEqualTo(want);
                assertThat(LlmRequest.of(settings, e.getKey(), got).hash())
                        .isEqualTo(LlmRequest.of(settings, e.getKey(), want).hash());
            }
        }
    }
}
