package features.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import features.Bars;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bulk engine against ta4j 0.21.0 itself: every row after the warm-up agrees bit for bit (the same double: the
 * loops repeat ta4j's double operations, as docs/features.md promises), every row inside it is NaN in ours. ta4j gets a whole generated
 * year of 1m bars (527,040) here: about 5 s and a few hundred MB, well inside the test JVM's 2 GB.
 */
class IndicatorEngineAgreesWithTa4jTest {

    @Test
    void agrees_on_the_real_day() {
        Bars day = TestBars.realDay();
        assertAgreement(day, IndicatorSpec.defaults());
        assertAgreement(day, IndicatorSpec.defaults().withPeriods(Map.of("ema_fast", 5, "ema_slow", 9, "rsi", 3,
                "cmf", 4, "macd_fast", 3, "macd_slow", 7, "macd_signal", 5, "atr", 2)));
    }

    @Test
    void agrees_on_a_generated_year_of_minutes(@TempDir Path dir) {
        Bars year = TestBars.generatedMinutes(42, Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2025-01-01T00:00:00Z"), dir);
        assertThat(year.size()).isEqualTo(527_040);
        assertAgreement(year, IndicatorSpec.defaults());
    }

    @Test
    void agrees_where_ta4j_has_a_value_when_minutes_are_forward_filled() {
        Bars day = TestBars.realDay();
        for (int i : new int[] {600, 601, 602, 900, 1200}) { // FFILL bars: O=H=L=C=previous close, no volume
            double c = day.close[i - 1];
            day.open[i] = c;
            day.high[i] = c;
            day.low[i] = c;
            day.close[i] = c;
            day.volume[i] = 0;
        }
        assertAgreement(day, IndicatorSpec.defaults());
        double[] ta4jCmf = Ta4jIndicators.compute(day, IndicatorSpec.parse("cmf")).get("cmf");
        assertThat(ta4jCmf[1210]).as("ta4j: NaN while a flat bar is in the window").isNaN();
        assertThat(IndicatorEngine.compute(day, IndicatorSpec.parse("cmf")).get("cmf")[1210]).isBetween(-1.0, 1.0);
    }

    /** Ours NaN inside the warm-up; after it the very same double as ta4j, where ta4j has a value. */
    private static void assertAgreement(Bars bars, IndicatorSpec spec) {
        Map<String, double[]> ours = IndicatorEngine.compute(bars, spec);
        Map<String, double[]> ta4j = Ta4jIndicators.compute(bars, spec);
        assertThat(ours.keySet()).containsExactlyElementsOf(ta4j.keySet());
        for (IndicatorKind kind : IndicatorKind.values()) {
            int warm = spec.warmupBars(kind);
            for (String col : kind.columns()) {
                double[] a = ours.get(col);
                double[] b = ta4j.get(col);
                for (int i = 0; i < bars.size(); i++) {
                    if (i < warm) {
                        assertThat(a[i]).as("%s row %d inside the warm-up %d", col, i, warm).isNaN();
                    } else if (Double.isNaN(b[i])) {
                        assertThat(col.equals("cmf") && flatBarInWindow(bars, i, spec.cmf()))
                                .as("%s row %d: ta4j NaN outside a CMF window over a flat bar", col, i).isTrue();
                    } else {
                        assertThat(Double.doubleToLongBits(a[i])).as("%s row %d: ours %s, ta4j %s (bit for bit)",
                                col, i, a[i], b[i]).isEqualTo(Double.doubleToLongBits(b[i]));
                    }
                }
            }
        }
    }

    private static boolean flatBarInWindow(Bars bars, int i, int n) {
        for (int j = Math.max(0, i - n + 1); j <= i; j++) {
            if (bars.high[j] == bars.low[j]) {
                return true;
            }
        }
        return false;
    }
}
