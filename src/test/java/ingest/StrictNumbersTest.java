package ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictNumbersTest {

    private static double parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return StrictNumbers.parseDecimal(b, 0, b.length);
    }

    @Test
    void equals_the_jdk_parser_bit_for_bit_on_binance_style_decimals() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long whole = rnd.nextLong(100_000_000L);
            long frac = rnd.nextLong(100_000_000L);
            String s = whole + "." + String.format("%08d", frac);
            assertThat(Double.doubleToLongBits(parse(s))).as(s).isEqualTo(Double.doubleToLongBits(Double.parseDouble(s)));
        }
        for (int i = 0; i < 100_000; i++) {
            String s = rnd.nextLong(1_000_000_000_000L) + "." + String.format("%08d", rnd.nextLong(100_000_000L));
            assertThat(Double.doubleToLongBits(parse(s))).as(s).isEqualTo(Double.doubleToLongBits(Double.parseDouble(s)));
        }
        for (String s : new String[] {"0", "0.0", "22666.00000000", "7680391.66219380", "123456789012345678.12345678", "25000000.12345678", "0.000000000000000000000012345",
            "0.00000001", "99999999999.99999999", "-5.5", "000012.50"}) {
            assertThat(parse(s)).as(s).isEqualTo(Double.parseDouble(s));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", ".", "1.", ".5", "+1", "1e5", "1E5", "0x1A", "NaN", "Infinity", "-Infinity", "1.5d",
        "1.5f", "1,5", " 1", "1 ", "1.2.3", "--1", "abc", "١٢"})
    void refuses_anything_but_plain_decimals(String text) {
        assertThat(parse(text)).isNaN();
    }

    @Test
    void equals_the_jdk_parser_around_the_number_of_decimals_its_fast_path_handles() {
        for (int frac = 20; frac <= 25; frac++) { // the fast path divides by 10^frac up to 10^22
            String s = "0." + "0".repeat(frac - 3) + "125";
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            assertThat(StrictNumbers.parseDecimal(b, 0, b.length)).as(s).isEqualTo(Double.parseDouble(s));
        }
    }

    @Test
    void parses_digits_strictly() {
        byte[] ok = "1674259200000".getBytes(StandardCharsets.US_ASCII);
        assertThat(StrictNumbers.parseDigits(ok, 0, ok.length)).isEqualTo(1674259200000L);
        for (String edge : new String[] {"7", "123456789012345678"}) { // the shortest and the longest taken
            byte[] b = edge.getBytes(StandardCharsets.US_ASCII);
            assertThat(StrictNumbers.parseDigits(b, 0, b.length)).as(edge).isEqualTo(Long.parseLong(edge));
        }
        for (String bad : new String[] {"", "-1", "1.0", "12a", "1234567890123456789"}) {
            byte[] b = bad.getBytes(StandardCharsets.UTF_8);
            assertThat(StrictNumbers.parseDigits(b, 0, b.length)).as(bad).isEqualTo(StrictNumbers.INVALID_LONG);
        }
    }
}
