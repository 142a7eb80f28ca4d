package report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Escaping and fixed, locale-independent number and time formatting for the report. */
final class HtmlText {
    private static final DateTimeFormatter UTC_MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private HtmlText() {
    }

    /** Text safe inside element content and inside double- or single-quoted attributes. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Grouped thousands, fixed decimals, "–" for NaN. */
    static String num(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "–";
        }
        // String.format(Locale.ROOT, "%,." + decimals + "f", v), the same characters, without the formatter
        return features.DecimalText.grouped(new StringBuilder(24), v, decimals).toString();
    }

    /** Like {@link #num} with an explicit "+" for positive values. */
    static String signed(double v, int decimals) {
        String s = num(v, decimals);
        return v > 0 ? "+" + s : s;
    }

    static String utc(long ts) {
        return ts == Long.MIN_VALUE ? "open" : UTC_MINUTE.format(Instant.ofEpochMilli(ts));
    }

    /** An SVG coordinate with one decimal; fast and deterministic for thousands of points. */
    static void coord(StringBuilder out, double v) {
        long tenths = Math.round(v * 10);
        if (tenths < 0) {
            out.append('-');
            tenths = -tenths;
        }
        out.append(tenths / 10);
        long frac = tenths % 10;
        if (frac != 0) {
            out.append('.').append(frac);
        }
    }
}
