package export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CsvTextTest {

    @Test
    void numbers_are_the_shortest_round_trip_text_without_exponent_and_with_a_decimal_point() {
        assertThat(CsvText.number(0.1 + 0.2)).isEqualTo("0.30000000000000004"); // what is stored, exactly
        assertThat(CsvText.number(0.3191)).isEqualTo("0.3191");
        assertThat(CsvText.number(42000.0)).isEqualTo("42000.0");
        assertThat(CsvText.number(12345678.9)).isEqualTo("12345678.9");
        assertThat(CsvText.number(1.0E7)).isEqualTo("10000000.0");
        assertThat(CsvText.number(1.0E-5)).isEqualTo("0.00001");
        assertThat(CsvText.number(0.0)).isEqualTo("0.0");
        assertThat(CsvText.number(1.2345E-8)).isEqualTo("0.000000012345");
    }

    @Test
    void every_number_parses_back_to_the_identical_double() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            double v = switch (i % 4) {
                case 0 -> r.nextDouble() * Math.pow(10, r.nextInt(-12, 16));
                case 1 -> Math.round(r.nextDouble() * 1e8) / 100.0;
                case 2 -> Double.longBitsToDouble(r.nextLong() & 0x7fefffffffffffffL);
                default -> r.nextInt(1_000_000) / 1e6;
            };
            String s = CsvText.number(v);
            assertThat(s).doesNotContain("E").contains(".");
            assertThat(Double.doubleToLongBits(Double.parseDouble(s))).as(s).isEqualTo(Double.doubleToLongBits(v));
        }
    }

    @Test
    void times_are_iso_utc_with_milliseconds_only_when_not_zero() {
        assertThat(CsvText.time(Instant.parse("2024-01-01T00:00:00Z").toEpochMilli())).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(CsvText.time(Instant.parse("2024-01-01T00:00:59.999Z").toEpochMilli())).isEqualTo("2024-01-01T00:00:59.999Z");
        assertThat(CsvText.time(Instant.parse("2024-02-29T23:59:00.010Z").toEpochMilli())).isEqualTo("2024-02-29T23:59:00.010Z");
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 10_000; i++) {
            long t = r.nextLong(0, 4_102_444_800_000L);
            assertThat(CsvText.time(t)).isEqualTo(Instant.ofEpochMilli(t).toString());
        }
    }
}
