package features.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import features.Bars;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link IndicatorEngine.Streamed} over the real day cut into chunks of random sizes (empty and one-bar chunks
 * included, cuts inside every warm-up): the chunks' columns end to end are {@link IndicatorEngine#compute}'s, bit for
 * bit, for the default periods and for short ones whose warm-ups end inside the first chunks.
 */
class StreamedIndicatorsTest {

    @Test
    void chunks_end_to_end_are_the_whole_series_columns() {
        Bars day = TestBars.realDay();
        IndicatorSpec all = IndicatorSpec.parse("ema,rsi,cmf,macd,atr");
        IndicatorSpec shortPeriods = all.withPeriods(Map.of("ema_fast", 5, "ema_slow", 9, "rsi", 3, "cmf", 4,
                "macd_fast", 3, "macd_slow", 7, "macd_signal", 5, "atr", 2));
        for (IndicatorSpec spec : new IndicatorSpec[] {all, shortPeriods, IndicatorSpec.parse("rsi,atr")}) {
            Map<String, double[]> whole = IndicatorEngine.compute(day, spec);
            for (long seed = 1; seed <= 20; seed++) {
                SplittableRandom random = new SplittableRandom(seed);
                IndicatorEngine.Streamed streamed = new IndicatorEngine.Streamed(spec);
                int from = 0;
                int chunks = 0;
                while (from < day.size()) {
                    int length = random.nextInt(4) == 0 ? random.nextInt(2) : random.nextInt(200); // 0 and 1 too
                    int to = Math.min(day.size(), from + length);
                    Map<String, double[]> part = streamed.next(day, from, to);
                    assertThat(part.keySet()).containsExactlyElementsOf(whole.keySet());
                    for (Map.Entry<String, double[]> e : part.entrySet()) {
                        double[] w = whole.get(e.getKey());
                        for (int i = 0; i < to - from; i++) {
                            long got = Double.doubleToRawLongBits(e.getValue()[i]);
                            if (got != Double.doubleToRawLongBits(w[from + i])) {
                                assertThat(e.getValue()[i]).as(e.getKey() + " at " + (from + i) + " seed " + seed)
                                        .isEqualTo(w[from + i]);
                            }
                        }
                    }
                    from = to;
                    chunks++;
                }
                assertThat(chunks).isGreaterThan(day.size() / 200);
            }
        }
    }

    @Test
    void a_chunk_starting_inside_the_bars_is_the_series_from_that_bar() {
        Bars day = TestBars.realDay();
        IndicatorSpec spec = IndicatorSpec.parse("ema,rsi,cmf,macd,atr");
        Map<String, double[]> fromZero = IndicatorEngine.compute(TestBars.slice(day, 300, day.size()), spec);
        Map<String, double[]> from300 = IndicatorEngine.compute(day, 300, spec);
        fromZero.forEach((col, v) -> assertThat(from300.get(col)).as(col).containsExactly(v));
    }
}
