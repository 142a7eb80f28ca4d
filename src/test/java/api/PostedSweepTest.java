package api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A posted sweep body: the grid's three forms in the CLI's words, defaults, caps, and refusals naming the key path. */
class PostedSweepTest {
    @TempDir
    Path base;

    private PostedSweep read(String type, String body, int maxGrid) {
        ConfigPolicy policy = new ConfigPolicy(base, Path.of("data/backtests"), Path.of("data/llm-cache"),
                "http://llm:11434/v1", "LLM_API_KEY");
        return PostedSweep.read(body.getBytes(StandardCharsets.UTF_8), type, policy, maxGrid);
    }

    private String key(String body) {
        try {
            read("application/json", body, 100);
        } catch (ApiException e) {
            assertThat(e.problem().status()).isEqualTo(400);
            return String.valueOf(e.problem().where().get("key"));
        }
        throw new AssertionError("accepted: " + body);
    }

    private static final String CONFIG = "{\"start\": \"2024-01-01\", \"end\": \"2024-02-01\", \"strategy\": {\"type\": \"ema-cross\"}}";

    @Test
    void ranges_lists_and_arrays_become_the_clis_grid_and_defaults_apply() {
        PostedSweep s = read("application/json", "{\"config\": " + CONFIG + ", \"grid\": {\"ema_fast\": \"5:20:5\","
                + " \"ema_slow\": [30, 60.0], \"size_pct\": 0.5, \"fee_rate\": \"0.001,0.002\"}}", 100);
        assertThat(s.grid()).containsExactly("ema_fast=5:20:5", "ema_slow=30,60", "size_pct=0.5", "fee_rate=0.001,0.002");
        assertThat(s.combinations()).isEqualTo(16);
        assertThat(s.rankBy()).isEqualTo("sharpe");
        assertThat(s.rerunBest()).isZero();
        assertThat(s.top()).isNull();
        assertThat(s.base().outputDir()).isEqualTo("data/backtests");
    }

    @Test
    void yaml_keeps_unquoted_ranges_as_text() {
        PostedSweep s = read("application/yaml", "config: {start: 2024-01-01, end: 2024-02-01, strategy: {type: ema-cross}}\n"
                + "grid: {ema_fast: 5:20:5}\nrank_by: max_drawdown_pct\nrerun_best: 2\ntop: all\n", 100);
        assertThat(s.grid()).isEqualTo(List.of("ema_fast=5:20:5"));
        assertThat(s.rankBy()).isEqualTo("max_drawdown_pct");
        assertThat(s.rerunBest()).isEqualTo(2);
        assertThat(s.top()).isEqualTo(100);
    }

    @Test
    void refusals_name_the_key_path() {
        String grid = ", \"grid\": {\"ema_fast\": [5]}";
        assertThat(key("{\"config\": " + CONFIG + ", \"grid\": {\"ema_fast\": \"1:200:1\"}}")).isEqualTo("grid");
        assertThat(key("{\"config\": " + CONFIG + ", \"grid\": {\"ema_fast\": [5, null]}}")).isEqualTo("grid.ema_fast[1]");
        assertThat(key("{\"config\": " + CONFIG + ", \"grid\": {\"ema\": [5]}}")).isEqualTo("grid.ema");
        assertThat(key("{\"config\": " + CONFIG + ", \"grid\": {\"ema_fast\": {}}}")).isEqualTo("grid.ema_fast");
        assertThat(key("{\"config\": " + CONFIG + ", \"grid\": {\"ema_fast\": \"5:20\"}}")).isEqualTo("grid.ema_fast");
        assertThat(key("{\"config\": " + CONFIG.replace("ema-cross", "ema-crosss") + grid + "}")).isEqualTo("config.strategy.type");
        assertThat(key("{\"config\": " + CONFIG + grid + ", \"top\": \"some\"}")).isEqualTo("top");
        assertThat(key("{\"config\": " + CONFIG + grid + ", \"rerun_best\": -1}")).isEqualTo("rerun_best");
        assertThat(key("{\"config\": " + CONFIG + grid + ", \"rank_by\": \"sharp\"}")).isEqualTo("rank_by");
        assertThat(key("{\"config\": " + CONFIG + grid + ", \"rankby\": \"sharpe\"}")).isEqualTo("rankby");
        assertThat(key("[1]")).isEqualTo("null");
        assertThatThrownBy(() -> read("text/csv", "{}", 100)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.problem().status()).isEqualTo(415));
    }
}
