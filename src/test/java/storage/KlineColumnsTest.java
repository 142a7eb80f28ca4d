package storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The column block ingest fills and the store merges: growth, row identity to the bit, ordering. */
class KlineColumnsTest {
    private static final long T0 = 1_704_067_200_000L;
    private static final long M = 60_000L;

    private static void row(KlineColumns c, long minute, double base) {
        long t = T0 + minute * M;
        c.add(t, base, base + 2, base - 2, base + 1, 10, t + M - 1, 100, 7, 4, 40);
    }

    @Test
    void grows_past_its_capacity_keeping_every_value() {
        KlineColumns c = new KlineColumns(1);
        for (int i = 0; i < 100; i++) {
            assertThat(c.add(T0 + i * M, i, i + 2, i - 2, i + 1, 10 + i, T0 + i * M + M - 1, 100 + i, i, 4 + i, 40 + i))
                    .isEqualTo(i);
        }
        assertThat(c.size()).isEqualTo(100);
        for (int i = 0; i < 100; i++) {
            assertThat(new double[] {c.open[i], c.high[i], c.low[i], c.close[i], c.volume[i], c.quoteVolume[i],
                    c.takerBase[i], c.takerQuote[i]}).containsExactly(i, i + 2, i - 2, i + 1, 10 + i, 100 + i, 4 + i, 40 + i);
            assertThat(c.openTime[i]).isEqualTo(T0 + i * M);
            assertThat(c.closeTime[i]).isEqualTo(T0 + i * M + M - 1);
            assertThat(c.trades[i]).isEqualTo(i);
        }
    }

    @Test
    void reserve_hands_out_rows_to_fill_and_grows_as_needed() {
        KlineColumns c = new KlineColumns(16);
        row(c, 0, 5);
        assertThat(c.reserve(3)).isEqualTo(1);
        assertThat(c.size()).isEqualTo(4);
        assertThat(c.reserve(100)).isEqualTo(4);
        assertThat(c.size()).isEqualTo(104);
        assertThat(c.openTime.length).isGreaterThanOrEqualTo(104);
        c.openTime[103] = 42;
        assertThat(c.reserve(0)).isEqualTo(104);
        assertThat(c.openTime[103]).isEqualTo(42);
        assertThat(c.open[0]).isEqualTo(5);
        KlineColumns exact = new KlineColumns(16);
        assertThat(exact.reserve(16)).isZero();
        assertThat(exact.openTime).hasSize(16);
    }

    @Test
    void same_row_compares_every_field_bit_for_bit() {
        KlineColumns a = new KlineColumns(4);
        row(a, 0, 5);
        KlineColumns b = new KlineColumns(4);
        b.addRow(a, 0);
        assertThat(a.sameRow(0, b, 0)).isTrue();
        for (int field = 0; field < 11; field++) {
            KlineColumns c = new KlineColumns(4);
            c.addRow(a, 0);
            switch (field) {
                case 0 -> c.openTime[0]++;
                case 1 -> c.open[0] = Math.nextUp(c.open[0]);
                case 2 -> c.high[0] = Math.nextUp(c.high[0]);
                case 3 -> c.low[0] = Math.nextUp(c.low[0]);
                case 4 -> c.close[0] = Math.nextUp(c.close[0]);
                case 5 -> c.volume[0] = Math.nextUp(c.volume[0]);
                case 6 -> c.closeTime[0]--;
                case 7 -> c.quoteVolume[0] = Math.nextUp(c.quoteVolume[0]);
                case 8 -> c.trades[0]++;
                case 9 -> c.takerBase[0] = Math.nextUp(c.takerBase[0]);
                default -> c.takerQuote[0] = Math.nextUp(c.takerQuote[0]);
            }
            assertThat(a.sameRow(0, c, 0)).as("field %d", field).isFalse();
            assertThat(c.sameRow(0, a, 0)).as("field %d", field).isFalse();
        }
        KlineColumns zero = new KlineColumns(4);
        zero.add(T0, 0.0, 0, 0, 0, 0, T0 + M - 1, 0, 0, 0, 0);
        KlineColumns negativeZero = new KlineColumns(4);
        negativeZero.add(T0, -0.0, 0, 0, 0, 0, T0 + M - 1, 0, 0, 0, 0);
        assertThat(zero.sameRow(0, negativeZero, 0)).as("bitwise: -0.0 is another value").isFalse();
    }

    @Test
    void strict_order_and_a_stable_sort_by_open_time() {
        KlineColumns c = new KlineColumns(4);
        row(c, 0, 1);
        row(c, 1, 2);
        assertThat(c.isSortedStrict()).isTrue();
        assertThat(c.sortedByOpenTime()).isSameAs(c);
        row(c, 1, 3); // the same minute again
        assertThat(c.isSortedStrict()).isFalse();
        assertThat(c.sortedByOpenTime()).as("sorted, not strictly: returned as it is").isSameAs(c);
        row(c, 0, 4);
        row(c, 5, 5);
        row(c, 3, 6);
        assertThat(c.isSortedStrict()).isFalse();
        KlineColumns s = c.sortedByOpenTime();
        assertThat(s).isNotSameAs(c);
        assertThat(s.size()).isEqualTo(6);
        assertThat(java.util.Arrays.copyOf(s.open, 6)).containsExactly(1, 4, 2, 3, 6, 5); // ties keep input order
        assertThat(java.util.Arrays.copyOf(s.openTime, 6)).isSorted();
        assertThat(new KlineColumns(1).isSortedStrict()).isTrue();
        KlineColumns one = new KlineColumns(1);
        row(one, 3, 1);
        assertThat(one.isSortedStrict()).isTrue();
    }
}
