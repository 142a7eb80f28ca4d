package cli;

import static org.assertj.core.api.Assertions.assertThat;

import backfill.VisionFile;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        System.clearProperty("app.backfill.http.max-backoff-ms");
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
    void symbols_fills_every_listed_symbol_each_into_its_own_folder() throws Exception {
        YearMonth m = YearMonth.of(2024, 4);
        for (String symbol : List.of("BTCUSDT", "ETHUSDT", "SOLUSDT")) {
            binance.publishMonth(symbol, m, List.of());
        }
        System.setProperty("app.symbols", "BTCUSDT,ETHUSDT,SOLUSDT");
        try {
            int code = run("backfill", "--symbols", "BTCUSDT,ETHUSDT,SOLUSDT", "--from", "2024-04", "--to", "2024-04",
                    "--base-url", binance.baseUrl());
            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("INGESTED      ETHUSDT-1m-2024-04.zip",
                    "BTCUSDT: backfill: 1 downloaded", "ETHUSDT: backfill: 1 downloaded", "SOLUSDT: backfill: 1 downloaded");
            for (String symbol : List.of("BTCUSDT", "ETHUSDT", "SOLUSDT")) {
                assertThat(storage.OffsetsCodec.read(root.resolve("data/spot/" + symbol + "/metadata/offsets.json"))
                        .months().get("2024-04").files()).extracting(storage.Offsets.FileEntry::name)
                        .containsExactly(symbol + "-1m-2024-04.zip");
            }
            out.reset();
            assertThat(run("backfill", "--symbols", "ETHUSDT", "--from", "2024-04", "--to", "2024-04",
                    "--base-url", binance.baseUrl())).isZero();
            assertThat(out.toString()).contains("ETHUSDT: backfill: 0 downloaded, 1 up to date");
        } finally {
            System.clearProperty("app.symbols");
        }
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
    void refusals_print_one_line_and_exit_2() {
        assertThat(refused(2, "backfill", "--interval", "5m")).contains("only 1m");
        assertThat(refused(2, "backfill", "--months", "2", "--from", "2024-01")).contains("give either --months or --from/--to");
        assertThat(refused(2, "backfill", "--from", "2024-03", "--to", "2024-01"))
                .isEqualTo("kline-pipeline backfill: --from 2024-03 is after --to 2024-01 (see kline-pipeline backfill --help)");
        assertThat(refused(2, "backfill", "--from", "2024-13")).contains("'2024-13' is not a month YYYY-MM");
        assertThat(refused(2, "backfill", "--months", "-1")).contains("--months must be >= 0, got -1");
    }

    @Test
    void every_option_combination_is_checked_up_front() {
        assertThat(refused(2, "backfill", "--from", "2025-03", "--to", "2025-01"))
                .isEqualTo("kline-pipeline backfill: --from 2025-03 is after --to 2025-01 (see kline-pipeline backfill --help)");
        assertThat(refused(2, "backfill", "--to", "2020-01"))
                .contains("--to 2020-01 is before " + YearMonth.now(ZoneOffset.UTC).minusMonths(2) + ", the first month of "
                        + "the default --months 2 (give --from)");
        assertThat(refused(2, "backfill", "--months", "2", "--to", "2024-01")).contains("give either --months or --from/--to");
        YearMonth next = YearMonth.now(ZoneOffset.UTC).plusMonths(1);
        assertThat(refused(2, "backfill", "--from", next.toString()))
                .contains("--from " + next + " is in the future (this month is " + next.minusMonths(1) + ")");
        assertThat(refused(2, "backfill", "--months", "x")).contains("--months", "'x'");
        assertThat(refused(2, "backfill", "--base-url", "data.binance.vision"))
                .contains("--base-url 'data.binance.vision' is not an http(s) URL with a host");
        assertThat(refused(2, "backfill", "--rest-base-url", "ftp://api.binance.com"))
                .contains("--rest-base-url 'ftp://api.binance.com' is not an http(s) URL");
        assertThat(refused(2, "backfill", "--base-url", "http://a b")).contains("--base-url 'http://a b' is not a URL");
        assertThat(refused(2, "backfill", "--symbol", "ETHUSDT", "--base-url", "http://127.0.0.1:9"))
                .contains("this store holds BTCUSDT (app.symbols), not --symbol ETHUSDT");
        assertThat(refused(2, "backfill", "--symbols", "BTCUSDT,ETHUSDT", "--base-url", "http://127.0.0.1:9"))
                .contains("this store holds BTCUSDT (app.symbols), not --symbols ETHUSDT");
        assertThat(refused(2, "backfill", "--symbols", "BTCUSDT,eth")).contains("'eth' is not a symbol");
        assertThat(refused(2, "backfill", "--symbol", "BTCUSDT", "--symbols", "BTCUSDT"))
                .contains("give either --symbol or --symbols");
        assertThat(root.resolve("data/spot/BTCUSDT/klines_1m")).doesNotExist();
    }

    @Test
    void an_unreachable_host_is_one_line_then_the_summary_and_exit_3_without_retries() {
        System.setProperty("app.backfill.http.retries", "4");
        // one retry would take a minute: far beyond the run itself, even on a loaded machine
        System.setProperty("app.backfill.http.backoff-ms", "60000");
        System.setProperty("app.backfill.http.max-backoff-ms", "60000");
        for (String host : List.of("127.0.0.1:9", "data.binance.invalid")) { // connection refused; name not resolved
            out.reset();
            long started = System.nanoTime();
            assertThat(refused(3, "backfill", "--from", "2024-04", "--to", "2024-05", "--base-url", "http://" + host))
                    .startsWith("kline-pipeline backfill: cannot reach " + host + " (")
                    .containsAnyOf("(connection refused)", "(name not resolved")
                    .endsWith("): stopped, 2 archive(s) not tried; check the network and --base-url, then run backfill again");
            assertThat((System.nanoTime() - started) / 1_000_000).as("no retry").isLessThan(30_000);
            assertThat(out.toString()).doesNotContain("FAILED")
                    .contains("backfill: 0 downloaded, 0 up to date, 0 refused, 0 failed, 2 not tried (host unreachable)");
        }
    }

    @Test
    void progress_counts_up_to_a_fixed_total_when_a_month_falls_back_to_its_days() throws Exception {
        binance.publishMonth(YearMonth.of(2023, 1), List.of());
        for (int d = 1; d <= 28; d++) { // February is not published as a month: its 28 days are
            binance.publishDay(LocalDate.of(2023, 2, d));
        }
        binance.publishMonth(YearMonth.of(2023, 3), List.of());
        System.setProperty("app.features.refresh", "");
        try {
            assertThat(run("backfill", "--from", "2023-01", "--to", "2023-03", "--base-url", binance.baseUrl()))
                    .as(err.toString()).isZero();
        } finally {
            System.clearProperty("app.features.refresh");
        }
        List<int[]> counters = new ArrayList<>();
        Matcher m = Pattern.compile("\\[(\\d+)/(\\d+)]").matcher(out.toString());
        while (m.find()) {
            counters.add(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
        }
        assertThat(counters).as(out.toString()).hasSize(30);
        for (int i = 0; i < counters.size(); i++) {
            assertThat(counters.get(i)).as(out.toString()).containsExactly(i + 1, 30);
        }
        assertThat(out.toString()).contains("[1/30] INGESTED      BTCUSDT-1m-2023-01.zip",
                "[2/30] INGESTED      BTCUSDT-1m-2023-02-01.zip", "[30/30] INGESTED      BTCUSDT-1m-2023-03.zip",
                "backfill: 30 downloaded");
    }

    @Test
    void refuses_other_intervals_and_conflicting_options() {
        assertThat(run("backfill", "--interval", "5m")).isEqualTo(2);
        assertThat(err.toString()).contains("only 1m");
        assertThat(run("backfill", "--months", "2", "--from", "2024-01")).isEqualTo(2);
    }
}
