package features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link DecimalText} gives exactly the characters of the standard calls it stands in for (prompt text is a cache
 * key), on hundreds of thousands of random values of every kind: any bit pattern, every magnitude, prices and sizes as trading
 * produces them, decimal ties, signed zeros, infinities.
 */
class DecimalTextTest {
    private static final MathContext EIGHT = new MathContext(8);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    /** Values of every kind, seeded. */
    static List<Double> values(long seed, int n) {
        Random r = new Random(seed);
        List<Double> out = new ArrayList<>(List.of(0.0, -0.0, 1.0, -1.0, 0.5, 0.005, 0.015, 0.125, 1.005, 2.675,
                1.115, 99.995, 999999.995, 0.045, 12345678.5, 123456785.0, 1.23456785, 0.123456785, 99999999.5,
                99999999.4, 9.9999999e-5, 1e7, 1e8, 1e15, 1e-20, 1e20, 5e-324, Double.MIN_NORMAL, Double.MAX_VALUE,
                0.1 + 0.2, 42_123.45, 42_123.455, 1e14 + 0.5, 999999999999999.9, 4.35, 0.0049999999999999, 1e-3,
                9.999999e-4, Math.PI, -Math.E));
        for (int i = 0; i < n; i++) {
            double v = switch (i % 8) {
                case 0 -> Double.longBitsToDouble(r.nextLong()); // any bit pattern
                case 1 -> Math.pow(10, r.nextDouble() * 40 - 20) * (r.nextBoolean() ? 1 : -1); // every magnitude
                case 2 -> (r.nextInt(10_000_000) + 1) / 100.0; // cents
                case 3 -> r.nextLong(1_000_000_000_000L) / 1e3 + 0.0005; // half cents and near-ties
                case 4 -> r.nextLong(10_000_000_000L) / 1e9 * Math.pow(10, r.nextInt(16) - 8); // 10 digits, ties at 8
                case 5 -> (r.nextInt(200_000_000) * 10L + 5) * Math.pow(10, r.nextInt(20) - 15); // 9th digit 5
                case 6 -> 40_000 * Math.exp(r.nextGaussian() * 0.1) * (r.nextDouble() - 0.3); // prices, PnL
                default -> r.nextGaussian() * 0.05; // returns, percents
            };
            if (!Double.isNaN(v)) {
                out.add(v);
            }
        }
        return out;
    }

    @Test
    void fixed2_is_string_format_percent_dot_2f() {
        List<Double> all = values(1, 400_000);
        all.addAll(List.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN));
        for (double v : all) {
            assertThat(DecimalText.fixed2(v, false)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.2f", v));
            assertThat(DecimalText.fixed2(v, true)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%+.2f", v));
        }
    }

    @Test
    void grouped_is_string_format_percent_comma_dot_nf() {
        List<Double> all = values(4, 120_000);
        all.addAll(List.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 999.9995, 999_999.5,
                -999_999.5, 1e16 - 1, 99_999_999.999_999_5, 123_456.000_000_5, -0.000_000_4, 0.000_000_5));
        StringBuilder sb = new StringBuilder();
        int fast = 0;
        for (int decimals = 0; decimals <= 10; decimals++) {
            for (double v : all) {
                sb.setLength(0);
                String want = String.format(Locale.ROOT, "%,." + decimals + "f", v);
                assertThat(DecimalText.grouped(sb, v, decimals).toString()).as("%s %d", v, decimals).isEqualTo(want);
                fast += Math.abs(v) < 1e8 ? 1 : 0;
            }
        }
        assertThat(fast).as("values on the fast path").isGreaterThan(500_000);
    }

    @Test
    void significant8_is_the_exact_value_rounded_half_up_to_8_digits() {
        for (double v : values(2, 400_000)) {
            assertThat(DecimalText.significant8(v)).as("%s", v)
                    .isEqualTo(new BigDecimal(v).round(EIGHT).stripTrailingZeros().toPlainString());
        }
        // what the BigDecimal path does with infinities, kept
        assertThatThrownBy(() -> DecimalText.significant8(Double.POSITIVE_INFINITY))
                .isInstanceOf(NumberFormatException.class);
    }

    @Test
    void times_are_instant_to_string_and_the_utc_patterns() {
        Random r = new Random(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            long ms = switch (i % 4) {
                case 0 -> r.nextLong(4_102_444_800_000L); // 1970..2100, any millisecond
                case 1 -> r.nextLong(4_102_444_800_000L) / 60_000 * 60_000; // whole minutes
                case 2 -> r.nextLong(-62_135_596_800_000L * 2, 400_000_000_000_000L) / 60_000 * 60_000; // years -1970..14000
                default -> r.nextLong(-400_000_000_000_000L, 400_000_000_000_000L);
            };
            Instant t = Instant.ofEpochMilli(ms);
            sb.setLength(0);
            assertThat(DecimalText.instant(sb, ms).toString()).isEqualTo(t.toString());
            sb.setLength(0);
            assertThat(DecimalText.instant(sb, t).toString()).isEqualTo(t.toString());
            sb.setLength(0);
            assertThat(DecimalText.minute(sb, ms).toString()).isEqualTo(MINUTE.format(t));
            sb.setLength(0);
            assertThat(DecimalText.day(sb, ms).toString()).isEqualTo(DAY.format(t));
        }
        Instant odd = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);
        sb.setLength(0);
        assertThat(DecimalText.instant(sb, odd).toString()).isEqualTo(odd.toString());
    }
}
