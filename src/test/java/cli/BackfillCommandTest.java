package cli;

import static org.assertj.core.api.Assertions.assertThat;

import backfill.VisionFile;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import support.FakeBinance;

/** {@code backfill} from the command line against WireMock: --base-url, progress lines, summary, exit codes. */
class BackfillCommandTest extends CliTestBase {
    private FakeBinance binance;

    @BeforeEach
    void binance() {
        binance = new FakeBinance(root.resolve("binance"), 8);
        System.setProperty("app.backfill.http.retries", "1");
        System.setProperty("app.backfill.http.backoff-ms", "10");
    }

    @AfterEach
    void stop() {
        binance.close();
        System.clearProperty("app.backfill.http.retries");
        System.clearProperty("app.backfill.http.backoff-ms");
    }

    @Test
    void downloads_verifies_ingests_and_prints_progress_and_a_summary() throws Exception {
        binance.publishMonth(YearMonth.of(2024, 4), List.of());
        binance.publishMonth(YearMonth.of(2024, 5), List.of());
        int code = run("backfill", "--symbol", "BTCUSDT", "--interval", "1m", "--from", "2024-04", "--to", "2024-05",
                "--base-url", binance.baseUrl());
        assertThat(code).as(err.toString()).isZero();
        String printed = out.toString();
        assertThat(printed).contains("[1/2] INGESTED      BTCUSDT-1m-2024-04.zip", "[2/2] INGESTED      BTCUSDT-1m-2024-05.zip",
                "MB/s", "backfill: 2 downloaded, 0 up to date, 0 refused, 0 failed");
        assertThat(root.resolve("data/spot/BTCUSDT/klines_1m/2024-05.parquet")).exists();

        out.reset();
        assertThat(run("backfill", "--from", "2024-04", "--to", "2024-05", "--base-url", binance.baseUrl())).isZero();
        assertThat(out.toString()).contains("backfill: 0 downloaded, 2 up to date");
    }

    @Test
    void exits_3_when_an_archive_is_refused() throws Exception {
        YearMonth m = YearMonth.of(2024, 4);
        binance.publishMonth(m, List.of());
        binance.serveChecksum(VisionFile.month("BTCUSDT", m), "0".repeat(64));
        assertThat(run("backfill", "--from", "2024-04", "--to", "2024-04", "--base-url", binance.baseUrl())).isEqualTo(3);
        assertThat(err.toString()).contains("REFUSED", "CHECKSUM_MISMATCH");
        assertThat(out.toString()).contains("1 refused");
    }

    @Test
    void refuses_other_intervals_and_conflicting_options() {
        assertThat(run("backfill", "--interval", "5m")).isEqualTo(2);
        assertThat(err.toString()).contains("only 1m");
        assertThat(run("backfill", "--months", "2", "--from", "2024-01")).isEqualTo(2);
    }
}
