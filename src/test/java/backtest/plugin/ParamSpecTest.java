package backtest.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A plug-in's declared parameters: which numbers each takes and the exact words of a refusal (a config or sweep
 * prefixes the key), the factories' types, defaults and bounds, and the values a plug-in reads back.
 */
class ParamSpecTest {

    private static String refusal(ParamSpec p, double v) {
        try {
            p.number(v);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError(p.name() + " took " + v);
    }

    @Test
    void whole_numbers_take_their_inclusive_bounds_and_say_them_when_refused() {
        ParamSpec period = ParamSpec.integer("period", 20, 2, 500);
        assertThat(period.number(2)).isEqualTo(2);
        assertThat(period.number(500)).isEqualTo(500);
        assertThat(period.number(20.0)).isInstanceOf(Integer.class);
        assertThat(refusal(period, 1)).isEqualTo("must be a whole number within [2, 500], got 1");
        assertThat(refusal(period, 501)).isEqualTo("must be a whole number within [2, 500], got 501");
        assertThat(refusal(period, 2.5)).isEqualTo("must be a whole number within [2, 500], got 2.5");
        assertThat(refusal(period, Double.NaN)).isEqualTo("must be a whole number within [2, 500], got NaN");
        // no upper bound worth naming: only the lower
        assertThat(refusal(ParamSpec.integer("n", 5, 1, Integer.MAX_VALUE), 0)).isEqualTo("must be a whole number > 0, got 0");
        assertThat(refusal(ParamSpec.integer("n", 5, 3, Integer.MAX_VALUE), 2)).isEqualTo("must be a whole number >= 3, got 2");
        assertThat(refusal(new ParamSpec("n", ParamSpec.Type.INT, 5, null, (double) Integer.MAX_VALUE, null, null), 0.5))
                .isEqualTo("must be a whole number, got 0.5");
        assertThat(ParamSpec.integer("n", 5, 1, Integer.MAX_VALUE).number(Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void decimals_take_any_finite_value_within_the_bounds_given() {
        ParamSpec k = ParamSpec.decimal("k", 2, 0.5, 4.25);
        assertThat(k.number(0.5)).isEqualTo(0.5);
        assertThat(k.number(4.25)).isEqualTo(4.25);
        assertThat(k.number(3)).isEqualTo(3.0).isInstanceOf(Double.class);
        assertThat(refusal(k, 0.49)).isEqualTo("must be within [0.5, 4.25], got 0.49");
        assertThat(refusal(k, 4.26)).isEqualTo("must be within [0.5, 4.25], got 4.26");
        ParamSpec low = new ParamSpec("low", ParamSpec.Type.DOUBLE, 1.0, -1.0, null, List.of(), null);
        assertThat(low.number(-1)).isEqualTo(-1.0);
        assertThat(low.number(1e300)).isEqualTo(1e300);
        assertThat(refusal(low, -2)).isEqualTo("must be >= -1, got -2");
        ParamSpec high = new ParamSpec("high", ParamSpec.Type.DOUBLE, 1.0, null, 10.0, List.of(), null);
        assertThat(high.number(-1e300)).isEqualTo(-1e300);
        assertThat(refusal(high, 10.5)).isEqualTo("must be <= 10, got 10.5");
        ParamSpec free = new ParamSpec("free", ParamSpec.Type.DOUBLE, 1.0, null, null, List.of(), null);
        assertThat(refusal(free, Double.POSITIVE_INFINITY)).isEqualTo("must be a finite number, got Infinity");
        assertThat(free.number(-7.5)).isEqualTo(-7.5);
        assertThat(refusal(high, 1e15)).isEqualTo("must be <= 10, got 1.0E15");
        assertThat(refusal(high, 123456789012345.0)).isEqualTo("must be <= 10, got 123456789012345");
    }

    @Test
    void only_numbers_are_numeric_and_the_others_say_what_they_are() {
        assertThat(ParamSpec.integer("a", 1, 1, 2).numeric()).isTrue();
        assertThat(ParamSpec.decimal("a", 1, 1, 2).numeric()).isTrue();
        for (ParamSpec p : List.of(ParamSpec.bool("flag", true), ParamSpec.text("label", null),
                ParamSpec.choice("side", "long", "long", "short"),
                new ParamSpec("block", ParamSpec.Type.MAPPING, Map.of(), null, null, null, null))) {
            assertThat(p.numeric()).as(p.name()).isFalse();
            assertThat(refusal(p, 1)).isEqualTo("is a " + p.type().name().toLowerCase() + " parameter, not a number");
        }
    }

    @Test
    void the_factories_set_type_default_bounds_and_choices_and_names_must_be_snake_case() {
        assertThat(ParamSpec.integer("period", 20, 2, 500)).isEqualTo(
                new ParamSpec("period", ParamSpec.Type.INT, 20, 2.0, 500.0, List.of(), ""));
        assertThat(ParamSpec.decimal("k", 2, 0.5, 4)).isEqualTo(
                new ParamSpec("k", ParamSpec.Type.DOUBLE, 2.0, 0.5, 4.0, List.of(), ""));
        assertThat(ParamSpec.bool("flag", true)).isEqualTo(
                new ParamSpec("flag", ParamSpec.Type.BOOL, true, null, null, List.of(), ""));
        assertThat(ParamSpec.text("label", null)).isEqualTo(
                new ParamSpec("label", ParamSpec.Type.STRING, null, null, null, List.of(), ""));
        assertThat(ParamSpec.choice("side", "long", "long", "short")).isEqualTo(
                new ParamSpec("side", ParamSpec.Type.ENUM, "long", null, null, List.of("long", "short"), ""));
        assertThat(ParamSpec.integer("period", 20, 2, 500).describe("bars back").description()).isEqualTo("bars back");
        assertThat(ParamSpec.integer("period", 20, 2, 500).describe("bars back"))
                .isEqualTo(new ParamSpec("period", ParamSpec.Type.INT, 20, 2.0, 500.0, List.of(), "bars back"));
        for (String bad : new String[] {"Period", "2x", "fast-ema", "", "a b"}) {
            assertThatThrownBy(() -> ParamSpec.bool(bad, true)).as(bad)
                    .hasMessage("parameter name must be snake_case, got '" + bad + "'");
        }
        assertThatThrownBy(() -> ParamSpec.bool(null, true)).hasMessage("parameter name must be snake_case, got 'null'");
        assertThat(ParamSpec.bool("a_1", true).name()).isEqualTo("a_1");
    }

    @Test
    void plugin_params_read_back_by_type_and_change_one_value_at_a_time() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("period", 20);
        v.put("k", 2.5);
        v.put("flag", true);
        v.put("side", "long");
        PluginParams p = new PluginParams(v, 0.5, Duration.ofHours(1));
        v.put("period", 99); // a copy: the caller's map changes nothing
        assertThat(p.getInt("period")).isEqualTo(20);
        assertThat(p.getDouble("k")).isEqualTo(2.5);
        assertThat(p.getDouble("period")).isEqualTo(20.0);
        assertThat(p.getBool("flag")).isTrue();
        assertThat(p.getString("side")).isEqualTo("long");
        assertThat(p.get("k")).isEqualTo(2.5);
        assertThatThrownBy(() -> p.get("perod")).hasMessage("no parameter 'perod' (declared: [period, k, flag, side])");
        assertThatThrownBy(() -> p.values().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);

        PluginParams q = p.with("period", 30);
        assertThat(q.getInt("period")).isEqualTo(30);
        assertThat(p.getInt("period")).isEqualTo(20);
        assertThat(q.values().keySet()).containsExactly("period", "k", "flag", "side");
        assertThat(q.sizePct()).isEqualTo(0.5);
        assertThat(q.decisionEvery()).isEqualTo(Duration.ofHours(1));
        PluginParams r = p.withSizePct(0.25);
        assertThat(r.sizePct()).isEqualTo(0.25);
        assertThat(r.values()).isEqualTo(p.values());
        assertThat(r.decisionEvery()).isEqualTo(Duration.ofHours(1));
    }
}
