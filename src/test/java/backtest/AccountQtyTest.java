package backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Account#qty} (whole step units as a quantity, by one double division where that is exact) gives the double
 * the BigDecimal product gives, for the usual exchange steps and odd ones, counts from 0 to past 2^53 / step units.
 */
class AccountQtyTest {
    @Test
    void quantities_equal_the_decimal_products_bit_for_bit() {
        double[] steps = {0.00001, 0.001, 0.1, 1, 0.5, 0.00025, 10, 1e-8, 0.3, 123.456, 1e-22, 1e-23, 1000, 7e-7};
        SplittableRandom rnd = new SplittableRandom(14);
        int compared = 0;
        for (double step : steps) {
            Account a = new Account(10_000, 0.001, 1, 5, step);
            for (int k = 0; k < 20_000; k++) {
                long u = switch (k % 4) {
                    case 0 -> k / 4; // the small counts of real positions
                    case 1 -> rnd.nextLong(1L << 40);
                    case 2 -> rnd.nextLong(1L << 55); // past the exact range of some steps: the BigDecimal path
                    default -> (1L << 53) / Math.max(1, (long) (step * 1e8)) + rnd.nextInt(-3, 4); // at the edge
                };
                u = Math.max(0, u);
                assertThat(Double.doubleToRawLongBits(a.qty(u))).as("%s x %d", step, u)
                        .isEqualTo(Double.doubleToRawLongBits(a.qtyDecimal(u)));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(steps.length * 20_000);
    }
}
