package api;

import features.FeatureSpec;
import features.GapPolicy;
import features.Interval;
import features.indicators.IndicatorKind;
import features.indicators.IndicatorSpec;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * The feature parameters the features endpoints share, read as {@code features compute} reads its options (same
 * defaults: interval 1m, indicators ema,rsi,cmf, gap policy ffill); a bad value is a 400 naming the parameter.
 */
final class FeatureParams {
    static final String DEFAULT_INTERVAL = "1m";
    static final String DEFAULT_INDICATORS = "ema,rsi,cmf";
    static final String DEFAULT_GAP_POLICY = "ffill";
    /** Times outside these are refused (a year 1e9 would overflow epoch milliseconds). */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("3000-01-01T00:00:00Z");

    private FeatureParams() {
    }

    static FeatureSpec spec(QueryParams q) {
        Interval interval;
        String i = or(q.text("interval"), DEFAULT_INTERVAL);
        try {
            interval = Interval.parse(i);
        } catch (IllegalArgumentException e) {
            throw QueryParams.invalid("interval", "must be one of 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 1w, got '"
                    + Printable.of(i) + "'");
        }
        IndicatorSpec indicators;
        String list = or(q.text("indicators"), DEFAULT_INDICATORS);
        try {
            indicators = IndicatorSpec.parse(list);
        } catch (IllegalArgumentException e) {
            throw QueryParams.invalid("indicators", "a comma-separated list of ema, rsi, cmf, macd, atr; got '"
                    + Printable.of(list) + "'");
        }
        String policy = or(q.text("gap_policy"), DEFAULT_GAP_POLICY);
        if (!List.of("ffill", "drop", "none").contains(policy)) {
            throw QueryParams.invalid("gap_policy", "must be one of ffill, drop, none, got '" + Printable.of(policy) + "'");
        }
        return new FeatureSpec(interval, indicators, GapPolicy.parse(policy));
    }

    /** The indicator names of a spec, in column order ({@code ema,rsi,cmf}). */
    static List<String> indicatorNames(FeatureSpec spec) {
        return java.util.Arrays.stream(IndicatorKind.values()).filter(spec.indicators()::has).map(IndicatorKind::code)
                .toList();
    }

    static String policyName(FeatureSpec spec) {
        return spec.gapPolicy().name().toLowerCase(Locale.ROOT);
    }

    /** A UTC time as the CLI reads {@code --start}/{@code --end}: YYYY-MM, YYYY-MM-DD or an ISO instant; null if absent. */
    static Instant time(QueryParams q, String name) {
        String text = q.text(name);
        if (text == null) {
            return null;
        }
        try {
            Instant t = text.length() == 7 ? YearMonth.parse(text).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
            if (t.isBefore(EARLIEST) || !t.isBefore(LATEST)) {
                throw QueryParams.invalid(name, "must be from " + EARLIEST + " to before " + LATEST + ", got '"
                        + Printable.of(text) + "'");
            }
            return t;
        } catch (DateTimeParseException e) {
            throw QueryParams.invalid(name, "'" + Printable.of(text) + "' is not a UTC time: give YYYY-MM, YYYY-MM-DD"
                    + " or an instant like 2024-01-01T00:00:00Z");
        }
    }

    private static String or(String v, String dflt) {
        return v == null ? dflt : v;
    }
}
