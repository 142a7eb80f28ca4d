package backtest.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GridSpecTest {

    @Test
    void expands_ranges_inclusively_and_lists_every_combination() {
        GridSpec g = GridSpec.parse(List.of("ema_fast=5:50:5", "ema_slow=20:200:20"));
        assertThat(g.axes().get("ema_fast")).containsExactly(5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 35.0, 40.0, 45.0, 50.0);
        assertThat(g.axes().get("ema_slow")).hasSize(10).startsWith(20.0).endsWith(200.0);
        assertThat(g.combinations()).isEqualTo(100);
        List<Map<String, Double>> points = g.points();
        assertThat(points).hasSize(100);
        assertThat(points.get(0)).containsExactly(Map.entry("ema_fast", 5.0), Map.entry("ema_slow", 20.0));
        assertThat(points.get(1)).containsEntry("ema_slow", 40.0).containsEntry("ema_fast", 5.0);
        assertThat(points.get(99)).containsEntry("ema_fast", 50.0).containsEntry("ema_slow", 200.0);
    }

    @Test
    void takes_lists_and_fractional_steps() {
        GridSpec g = GridSpec.parse(List.of("rsi=7,14,21", "size_pct=0.25:1:0.25"));
        assertThat(g.axes().get("rsi")).containsExactly(7.0, 14.0, 21.0);
        assertThat(g.axes().get("size_pct")).containsExactly(0.25, 0.5, 0.75, 1.0);
    }

    @Test
    void refuses_malformed_grids_with_the_name() {
        assertThatThrownBy(() -> GridSpec.parse(List.of("ema_fast")))
                .hasMessageContaining("NAME=START:END:STEP");
        assertThatThrownBy(() -> GridSpec.parse(List.of("ema_fast=5:50")))
                .hasMessageContaining("ema_fast");
        assertThatThrownBy(() -> GridSpec.parse(List.of("ema_fast=5:50:0")))
                .hasMessageContaining("STEP > 0");
        assertThatThrownBy(() -> GridSpec.parse(List.of("x=1", "x=2"))).hasMessageContaining("twice");
        assertThatThrownBy(() -> GridSpec.parse(List.of("x=a,b"))).hasMessageContaining("not a number");
    }
}
