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

    /** Eight 15m bars from 00:00, worked by hand below; rsi = 10 x row (NaN at row 0). */
    private static final double[][] OHLCV = {
        {100, 104, 99, 103, 1.5},   // 00:00
        {103, 106, 101, 102, 2},    // 00:15
        {102, 103, 97, 98, 0.5},    // 00:30
        {98, 101, 96, 100, 3},      // 00:45 - closes hour 00
        {100, 102, 99, 101, 1},     // 01:00
        {101, 108, 100, 107, 2.25}, // 01:15
        {107, 107, 95, 96, 4},      // 01:30
        {96, 99, 94, 97, 0.75},     // 01:45 - closes hour 01
    };

    private static FeatureFrame handWorked(int from) {
        Bars b = new Bars(Interval.M15, OHLCV.length);
        double[] rsi = new double[OHLCV.length - from];
        for (int i = from; i < OHLCV.length; i++) {
            double[] r = OHLCV[i];
            b.add(T0 + i * Interval.M15.millis(), r[0], r[1], r[2], r[3], r[4], r[4] * 100, 10, r[4] / 2, 0, (byte) 0);
            rsi[i - from] = i == 0 ? Double.NaN : 10 * i;
        }
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put("rsi", rsi);
        return new FeatureFrame(new FeatureSpec(Interval.M15, IndicatorSpec.parse("rsi"), GapPolicy.FFILL), b, cols);
    }

    @Test
    void rows_at_the_decision_interval_aggregate_its_bars() {
        FeatureFrame hours = LlmStrategy.perInterval(handWorked(0), 4, 2);
        // hour 00: open 100 (00:00), high max(104,106,103,101) = 106, low min(99,101,97,96) = 96, close 100 (00:45),
        // volume 1.5+2+0.5+3 = 7, rsi of 00:45 = 30; hour 01: 100, 108, 94, 97, 1+2.25+4+0.75 = 8, rsi 70
        assertThat(PromptBuilder.features(hours)).isEqualTo("ts,open,high,low,close,volume,rsi\n"
                + "2024-01-10T00:00:00Z,100,106,96,100,7,30\n"
                + "2024-01-10T01:00:00Z,100,108,94,97,8,70\n");
        assertThat(hours.bars().trades[1]).isEqualTo(40);
        assertThat(hours.bars().quoteVolume[0]).isEqualTo(700);
        assertThat(hours.bars().takerBase[1]).isEqualTo(4);
    }

    @Test
    void only_the_last_window_intervals_are_kept_and_a_cut_interval_holds_the_bars_there_are() {
        assertThat(PromptBuilder.features(LlmStrategy.perInterval(handWorked(0), 4, 1)))
                .isEqualTo("ts,open,high,low,close,volume,rsi\n2024-01-10T01:00:00Z,100,108,94,97,8,70\n");
        // history starting at 00:30: hour 00 has two bars, 00:30 and 00:45
        assertThat(PromptBuilder.features(LlmStrategy.perInterval(handWorked(2), 4, 2)).split("\n")[1])
                .isEqualTo("2024-01-10T00:00:00Z,102,103,96,100,3.5,30");
        // decisions every bar: the bars themselves
        FeatureFrame same = LlmStrategy.perInterval(handWorked(0), 1, 3);
        assertThat(PromptBuilder.features(same).split("\n")).containsExactly("ts,open,high,low,close,volume,rsi",
                "2024-01-10T01:15:00Z,101,108,100,107,2.25,50", "2024-01-10T01:30:00Z,107,107,95,96,4,60",
                "2024-01-10T01:45:00Z,96,99,94,97,0.75,70");
    }

    @Test
    void decision_v2_says_what_each_column_is() {
        AccountSnapshot a = AccountSnapshot.mark(T0, 100, 10000, 0, 0, 0, 10000);
        String p = new PromptBuilder("decision-v2").render("BTCUSDT", Instant.parse("2024-01-10T02:00:00Z"), "1h",
                LlmStrategy.perInterval(handWorked(0), 4, 2), "SEVEN DAYS\n", a);
        assertThat(p).contains("Last 2 rows, one per 1h interval, oldest first. ts is the interval's start (UTC)",
                "summed volume of\nits 15m bars", "computed on 15m bars and taken at the interval's last\n15m bar",
                "ts,open,high,low,close,volume,rsi\n2024-01-10T00:00:00Z,100,106,96,100,7,30\n"
                        + "2024-01-10T01:00:00Z,100,108,94,97,8,70\n")
                .doesNotContain("{{");
        assertThat(LlmSettings.defaults().promptVersion()).isEqualTo("decision-v2");
    }
}
