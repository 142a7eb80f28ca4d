package cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code backtest check-bias}: a built-in passes (exit 0), the JSON form, and bad options refused in one line. */
class CheckBiasCommandTest extends CliTestBase {

    @Test
    void a_built_in_passes_prints_every_run_and_refuses_bad_options_in_one_line() throws Exception {
        assertThat(run("generate", "--month", "2024-01", "--seed", "8", "--out", root.resolve("g").toString())).isZero();
        assertThat(run("ingest", root.resolve("g/BTCUSDT-1m-2024-01.zip").toString())).isZero();
        Path cfg = Files.writeString(root.resolve("bias.yaml"), """
                start: 2024-01-15
                end: 2024-01-25
                interval: 15m
                indicators: {ema_fast: 12, ema_slow: 26}
                strategy: {type: ema-cross}
                output_dir: %s
                """.formatted(root.resolve("bt").toString().replace("\\", "/")));
        out.reset();
        assertThat(run("backtest", "check-bias", "--config", cfg.toString(), "--cuts", "4")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("check-bias ema-cross 2024-01-15T00:00:00Z..2024-01-25T00:00:00Z: 960 bars",
                "look-ahead (4 truncated runs against the full run)", "  2x ", "  1/2 ", "  1/4 ", "  none ",
                "the declared warm-up is enough", "verdict: PASS");
        assertThat(root.resolve("bt")).as("nothing written").doesNotExist();

        out.reset();
        assertThat(run("backtest", "check-bias", "--config", cfg.toString(), "--cuts", "2", "--json", "-")).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> json = new ObjectMapper().readValue(out.toString(), Map.class);
        assertThat(json).containsEntry("verdict", "PASS").containsEntry("passed", true).containsEntry("bars", 960);
        assertThat((java.util.List<?>) json.get("cuts")).hasSizeBetween(1, 2);

        assertThat(refused(2, "backtest", "check-bias", "--config", cfg.toString(), "--cuts", "0"))
                .isEqualTo("kline-pipeline backtest check-bias: --cuts must be from 1 to 100, got 0 (see kline-pipeline backtest check-bias --help)");
        Path empty = Files.writeString(root.resolve("empty.yaml"), Files.readString(cfg)
                .replace("2024-01-15", "2023-05-01").replace("2024-01-25", "2023-05-10"));
        assertThat(refused(2, "backtest", "check-bias", "--config", empty.toString()))
                .contains("no bars stored between 2023-05-01T00:00:00Z and 2023-05-10T00:00:00Z");
    }
}
