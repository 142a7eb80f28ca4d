package backtest;

import static org.assertj.core.api.Assertions.assertThat;

import backtest.strategy.EmaCrossStrategy;
import features.FeatureFrame;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link EmaCrossStrategy#skipHolds} (what a metrics-only run uses to pass the bars between crosses) stops exactly at
 * the rows where asking {@code decide} row by row gives something other than HOLD, and leaves the strategy so that
 * {@code decide} there gives that answer: random EMA columns with a NaN warm-up, equal values (no side), long
 * stretches on one side and rapid crosses, scanned in random chunks.
 */
class EmaCrossSkipTest {
    @Test
    void skipping_stops_at_every_cross_decide_finds_and_nowhere_else() {
        SplittableRandom rnd = new SplittableRandom(14);
        int crosses = 0;
        for (int c = 0; c < 200; c++) {
            int n = 1 + rnd.nextInt(3_000);
            double[] fast = new double[n];
            double[] slow = new double[n];
            int warm = rnd.nextInt(Math.min(n, 100) + 1);
            boolean slowLater = rnd.nextBoolean(); // one column warms up later than the other
            double level = 100;
            int sideLen = 0;
            double sign = 1;
            for (int i = 0; i < n; i++) {
                if (sideLen-- <= 0) {
                    sign = -sign;
                    sideLen = rnd.nextInt(rnd.nextBoolean() ? 3 : 300);
                }
                level += rnd.nextDouble() - 0.5;
                slow[i] = level;
                fast[i] = rnd.nextInt(20) == 0 ? level : level + sign * rnd.nextDouble(); // sometimes equal
                if (i < warm) {
                    slow[i] = slowLater || i < warm / 2 ? Double.NaN : slow[i];
                    fast[i] = slowLater && i >= warm / 2 ? fast[i] : Double.NaN;
                }
            }
            FeatureFrame frame = TestFrames.of(features.Interval.M1, new double[n], Map.of("ema_fast", fast,
                    "ema_slow", slow));
            // row by row, as the engine asks at every bar
            EmaCrossStrategy stepped = new EmaCrossStrategy(0.5);
            DecisionContext a = new DecisionContext(frame, new Account(10_000, 0, 0, 0, 0.00001));
            stepped.begin(a);
            Decision[] want = new Decision[n];
            for (int i = 0; i < n; i++) {
                a.moveTo(i, 10_000);
                want[i] = stepped.decide(a);
            }
            // skipping in random chunks, asking only where the scan stops
            EmaCrossStrategy skipping = new EmaCrossStrategy(0.5);
            DecisionContext b = new DecisionContext(frame, new Account(10_000, 0, 0, 0, 0.00001));
            skipping.begin(b);
            int i = 0;
            while (i < n) {
                int to = Math.min(n, i + 1 + rnd.nextInt(rnd.nextBoolean() ? 10 : 2_000));
                b.moveTo(to - 1, 10_000);
                int j = skipping.skipHolds(b, i, to);
                for (int k = i; k < j; k++) {
                    assertThat(want[k].action()).as("case %d row %d skipped", c, k).isEqualTo(Action.HOLD);
                }
                if (j == to) {
                    i = to;
                    continue;
                }
                assertThat(j).as("case %d: the scan stops inside its range", c).isLessThan(to);
                b.moveTo(j, 10_000);
                Decision d = skipping.decide(b);
                assertThat(d.action()).as("case %d row %d", c, j).isNotEqualTo(Action.HOLD);
                assertThat(d).as("case %d row %d", c, j).isEqualTo(want[j]);
                crosses++;
                i = j + 1;
            }
        }
        assertThat(crosses).as("the columns cross often").isGreaterThan(1_000);
    }
}
