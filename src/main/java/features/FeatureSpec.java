package features;

import features.indicators.IndicatorSpec;

/** What a feature frame holds: bar interval, indicators and their periods, and the gap policy used for 1m. */
public record FeatureSpec(Interval interval, IndicatorSpec indicators, GapPolicy gapPolicy) {

    /** {@code 1m:ema,rsi,cmf} -> interval 1m with those indicators at their default periods. */
    public static FeatureSpec parse(String text, GapPolicy gapPolicy) {
        String[] parts = text.trim().split(":", 2);
        if (parts.length != 2) {
            throw new IllegalArgumentException("feature set must look like INTERVAL:INDICATORS, e.g. 1m:ema,rsi,cmf; got '"
                    + text + "'");
        }
        return new FeatureSpec(Interval.parse(parts[0].trim()), IndicatorSpec.parse(parts[1].trim()), gapPolicy);
    }

    /** Folder-friendly name, e.g. {@code 1m-ema-rsi-cmf}. */
    public String slug() {
        StringBuilder sb = new StringBuilder(interval.code());
        for (features.indicators.IndicatorKind k : features.indicators.IndicatorKind.values()) {
            if (indicators.has(k)) {
                sb.append('-').append(k.code());
            }
        }
        return sb.toString();
    }
}
