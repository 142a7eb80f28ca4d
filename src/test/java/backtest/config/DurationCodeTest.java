package backtest.config;

import static org.assertj.core.api.Assertions.assertThat;

import backtest.TestConfigs;
import org.junit.jupiter.api.Test;

/** The resolved YAML writes {@code decision_every} in the largest unit that divides it, and reads back the same. */
class DurationCodeTest {
    private static String every(String given) {
        BacktestConfig c = TestConfigs.of("strategy: {type: ema-cross, decision_every: " + given + "}");
        String yaml = c.toYaml();
        assertThat(BacktestConfig.parse(yaml)).isEqualTo(c);
        return yaml.lines().filter(l -> l.strip().startsWith("decision_every:")).findFirst().orElseThrow().strip();
    }

    @Test
    void weeks_days_hours_and_minutes() {
        assertThat(every("10080m")).isEqualTo("decision_every: 1w");
        assertThat(every("2w")).isEqualTo("decision_every: 2w");
        assertThat(every("2880m")).isEqualTo("decision_every: 2d");
        assertThat(every("8d")).isEqualTo("decision_every: 8d");
        assertThat(every("180m")).isEqualTo("decision_every: 3h");
        assertThat(every("25h")).isEqualTo("decision_every: 25h");
        assertThat(every("90m")).isEqualTo("decision_every: 90m");
        assertThat(every("1m")).isEqualTo("decision_every: 1m");
    }
}
