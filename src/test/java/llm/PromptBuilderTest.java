package llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backtest.AccountSnapshot;
import features.Bars;
import features.FeatureFrame;
import features.FeatureSpec;
import features.GapPolicy;
import features.Interval;
import features.indicators.IndicatorSpec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptBuilderTest {
    private static final long T0 = Instant.parse("2024-01-10T00:00:00Z").toEpochMilli();

    /** n 15m bars, close 100 + i, one indicator column rsi = i (NaN at row 0). */
    private static FeatureFrame frame(int n) {
        Bars b = new Bars(Interval.M15, n);
        double[] rsi = new double[n];
        for (int i = 0; i < n; i++) {
            b.add(T0 + i * Interval.M15.millis(), 100 + i, 101 + i, 99 + i, 100 + i, 2.5, 250, 10, 1, 100, (byte) 0);
            rsi[i] = i == 0 ? Double.NaN : i;
        }
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put("rsi", rsi);
        return new FeatureFrame(new FeatureSpec(Interval.M15, IndicatorSpec.parse("rsi"), GapPolicy.FFILL), b, cols);
    }

    @Test
    void renders_rows_seven_day_text_and_account_into_the_versioned_template() {
        AccountSnapshot a = AccountSnapshot.mark(T0, 100, 5000, 0.5, 90, 0, 10000);
        String p = new PromptBuilder("decision-v1").render("BTCUSDT", Instant.parse("2024-01-10T01:00:00Z"), "15m",
                frame(2), "SEVEN DAYS\n", a);
        assertThat(p).contains("spot trader of BTCUSDT", "bar at 2024-01-10T01:00:00Z", "Last 2 feature rows",
                "(15m)", "ts,open,high,low,close,volume,rsi\n2024-01-10T00:00:00Z,100,101,99,100,2.5,n/a\n"
                        + "2024-01-10T00:15:00Z,101,102,100,101,2.5,1\n", "SEVEN DAYS\nAccount",
                "equity 5050, cash 5000, position 0.5 BTC, average entry price 90, unrealised PnL 5")
                .doesNotContain("{{");
    }

    @Test
    void unknown_version_is_refused() {
        assertThatThrownBy(() -> new PromptBuilder("decision-v0")).hasMessageContaining("prompts/decision-v0.txt");
    }

    @Test
    void samples_every_kth_row_ending_at_the_decision_bar() {
        FeatureFrame s = LlmStrategy.sample(frame(9), 4); // rows 0, 4, 8
        assertThat(s.size()).isEqualTo(3);
        assertThat(java.util.Arrays.copyOf(s.bars().close, 3)).containsExactly(100, 104, 108); // arrays have spare capacity
        double[] rsi = s.columns().get("rsi");
        assertThat(Double.isNaN(rsi[0])).isTrue();
        assertThat(rsi[1]).isEqualTo(4);
        assertThat(rsi[2]).isEqualTo(8);
        assertThat(java.util.Arrays.copyOf(LlmStrategy.sample(frame(6), 4).bars().close, 2)).containsExactly(101, 105); // rows 1, 5
    }
}
