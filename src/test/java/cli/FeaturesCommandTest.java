package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import support.DuckDb;

/** {@code features compute} and {@code features sample} from the command line on generated, ingested months. */
class FeaturesCommandTest extends CliTestBase {

    private void twoMonths() {
        assertThat(run("generate", "--month", "2024-05", "--months", "2", "--seed", "4", "--out", root.resolve("g").toString()))
                .isZero();
        assertThat(run("ingest", root.resolve("g/BTCUSDT-1m-2024-05.zip").toString(),
                root.resolve("g/BTCUSDT-1m-2024-06.zip").toString())).isZero();
        out.reset();
    }

    @Test
    void compute_writes_the_requested_columns_at_the_requested_interval() {
        twoMonths();
        Path file = root.resolve("f.parquet");
        assertThat(run("features", "compute", "--symbol", "BTCUSDT", "--start", "2024-06-01", "--end", "2024-06-08",
                "--interval", "15m", "--indicators", "ema,rsi,cmf,macd,atr", "--out", file.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("wrote", "672 rows (672 with every indicator warm");
        assertThat(DuckDb.single("SELECT count(*) FROM " + DuckDb.parquet(file) + " WHERE macd_hist IS NOT NULL AND atr IS NOT NULL"))
                .isEqualTo(672L);
        assertThat(DuckDb.single("SELECT min(ts)::VARCHAR FROM " + DuckDb.parquet(file))).asString().startsWith("2024-06-01 00:00:00");
    }

    @Test
    void compute_defaults_its_output_under_the_features_folder() {
        twoMonths();
        assertThat(run("features", "compute", "--start", "2024-05-10", "--end", "2024-05-11")).isZero();
        assertThat(out.toString()).contains("data/spot/BTCUSDT/features/1m-ema-rsi-cmf_20240510T000000Z_20240511T000000Z.parquet");
    }

    @Test
    void sample_prints_values_beside_their_recomputation_and_exits_zero_when_all_agree() {
        twoMonths();
        assertThat(run("features", "sample", "--n", "4", "--seed", "3", "--interval", "1h", "--indicators", "ema,rsi,cmf,macd,atr"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("recomputed", "4 rows, 52 values checked, 0 mismatches (seed 3)")
                .doesNotContain("MISMATCH");
        // a window with nothing stored is refused, not "0 rows, 0 values checked"
        assertThat(refused(2, "features", "sample", "--start", "2020-01", "--end", "2020-02"))
                .isEqualTo("kline-pipeline features sample: no bars stored between 2020-01-01T00:00:00Z and "
                        + "2020-02-01T00:00:00Z (ingest or backfill them first)");
    }

    @Test
    void gap_policy_none_reports_the_missing_minutes() {
        assertThat(run("generate", "--month", "2024-05", "--seed", "4", "--gap", "2024-05-10T12:00:00Z/30",
                "--out", root.resolve("g").toString())).isZero();
        assertThat(run("ingest", root.resolve("g/BTCUSDT-1m-2024-05.zip").toString())).isZero();
        out.reset();
        assertThat(run("features", "compute", "--start", "2024-05-10", "--end", "2024-05-11", "--gap-policy", "none"))
                .isZero();
        assertThat(out.toString()).contains("1410 rows", "30 minute(s) missing",
                "2024-05-10T12:00:00Z..2024-05-10T12:29:00Z (30 min)");
    }

    @Test
    void sample_waives_cmf_where_ta4j_has_no_value_after_forward_filled_minutes() {
        assertThat(run("generate", "--month", "2024-05", "--seed", "4", "--gap", "2024-05-10T12:00:00Z/30",
                "--out", root.resolve("g").toString())).isZero();
        assertThat(run("ingest", root.resolve("g/BTCUSDT-1m-2024-05.zip").toString())).isZero();
        out.reset();
        // right after the hole every CMF window holds flat, forward-filled minutes (high == low)
        assertThat(run("features", "sample", "--start", "2024-05-10T12:30:00Z", "--end", "2024-05-10T12:40:00Z",
                "--n", "10", "--seed", "1", "--indicators", "ema,cmf")).as(out.toString()).isZero();
        assertThat(out.toString()).contains("waived: ta4j has no value", "10 rows", "0 mismatches");
    }

    @Test
    void refusals_print_one_line() throws Exception {
        assertThat(refused(2, "features", "compute")).isEqualTo(
                "kline-pipeline features compute: give --start before --end (see kline-pipeline features compute --help)");
        assertThat(refused(2, "features", "compute", "--start", "2024-13-01", "--end", "2024-02-01"))
                .startsWith("kline-pipeline features compute: --start '2024-13-01' is not a UTC time");
        assertThat(refused(2, "features", "compute", "--start", "2024-05-01", "--end", "2024-05-02", "--interval", "7m"))
                .startsWith("kline-pipeline features compute: unknown interval '7m'");
        assertThat(refused(2, "features", "compute", "--start", "2024-05-01", "--end", "2024-05-02"))
                .isEqualTo("kline-pipeline features compute: no bars stored between 2024-05-01T00:00:00Z and "
                        + "2024-05-02T00:00:00Z (ingest or backfill them first)");
        Path file = java.nio.file.Files.writeString(root.resolve("a-file"), "x");
        assertThat(refused(2, "features", "compute", "--start", "2024-05-01", "--end", "2024-05-02", "--out",
                file.resolve("f.parquet").toString())).contains("--out", file + " is a file, not a folder");
        assertThat(refused(2, "features", "sample", "--n", "0")).contains("--n must be at least 1, got 0");
        assertThat(refused(3, "features", "sample"))
                .isEqualTo("kline-pipeline features sample: nothing stored yet; ingest or backfill some months first");
        // app.data.dir is a file: a bad setting, refused before anything starts
        System.setProperty("app.data.dir", file.toString());
        assertThat(refused(2, "features", "sample")).startsWith("kline-pipeline features sample: bad setting app.data.dir='"
                + file + "' (-D system property): is a file, not a folder");
    }

    @Test
    void refuses_unknown_indicators_and_intervals() {
        assertThat(run("features", "compute", "--start", "2024-05-10", "--end", "2024-05-11", "--indicators", "ema,vwap"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("unknown indicator 'vwap'");
        err.reset();
        assertThat(run("features", "compute", "--start", "2024-05-10", "--end", "2024-05-11", "--interval", "7m")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown interval '7m'");
    }
}
