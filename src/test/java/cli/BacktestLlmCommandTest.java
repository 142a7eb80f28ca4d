package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code backtest} with strategy llm: the summary says how many decisions fell back, and warns when most did. */
class BacktestLlmCommandTest extends CliTestBase {

    @Test
    void an_llm_run_without_a_server_prints_its_fallbacks_by_reason_and_a_warning() throws Exception {
        assertThat(run("generate", "--month", "2024-01", "--months", "1", "--seed", "6", "--out", root.resolve("g").toString()))
                .isZero();
        assertThat(run("ingest", root.resolve("g/BTCUSDT-1m-2024-01.zip").toString())).isZero();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort(); // nothing listens there once closed: connection refused
        }
        Path cfg = Files.writeString(root.resolve("llm.yaml"), """
                start: 2024-01-10
                end: 2024-01-10T06:00:00Z
                interval: 1h
                strategy:
                  type: llm
                  decision_every: 1h
                  window: 4
                  llm: {base_url: 'http://127.0.0.1:%d/v1', retries: 0, breaker_failures: 5}
                output_dir: %s
                """.formatted(closedPort, root.resolve("bt").toString().replace("\\", "/")));
        out.reset();
        assertThat(run("backtest", "--config", cfg.toString())).as(err.toString()).isZero();
        String printed = out.toString();
        assertThat(printed).contains("bars / decisions / fills", "6 / 6 / 0");
        assertThat(printed).containsPattern("llm fallbacks +6 of 6 decisions: circuit_open 1, connection 5");
        assertThat(printed).contains("WARNING: 6 of 6 LLM decisions (100%) fell back to HOLD");
    }
}
