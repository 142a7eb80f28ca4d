package cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import storage.OffsetsCodec;

/** {@code verify} in-process through the real application: generated months ingested by the real route, then verified. */
class VerifyCommandTest extends CliTestBase {
    private void generateAndIngest(String month, String... gaps) {
        Path gen = root.resolve("gen-" + month);
        String[] args = {"generate", "--month", month, "--out", gen.toString()};
        for (String g : gaps) {
            args = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--gap", g))
                    .toArray(String[]::new);
        }
        assertThat(run(args)).isZero();
        assertThat(run("ingest", gen.resolve("BTCUSDT-1m-" + month + ".zip").toString())).isZero();
        out.reset();
    }

    @Test
    void a_generated_month_ingested_by_the_route_verifies_clean_and_exits_0() {
        generateAndIngest("2024-12");
        assertThat(run("verify")).isZero();
        assertThat(out.toString()).contains("verify BTCUSDT: 2024-12-01T00:00:00Z .. 2024-12-31T23:59:00Z",
                "2024-12.parquet", "44640", "CLEAN");
        out.reset();
        assertThat(run("verify", "--symbol", "BTCUSDT", "--from", "2024-12", "--to", "2024-12")).isZero();
    }

    @Test
    void a_report_that_cannot_be_written_exits_1_naming_the_file_and_the_reason() throws Exception {
        assumeTrue(Files.isWritable(Path.of("/dev/full")), "needs Linux /dev/full");
        generateAndIngest("2024-12");
        // a link to /dev/full: every write fails with ENOSPC, as on a full disk (the link, not the device, is the target)
        Path json = Files.createSymbolicLink(root.resolve("verify.json"), Path.of("/dev/full"));
        assertThat(refused(1, "verify", "--json", json.toString()))
                .isEqualTo("kline-pipeline verify: " + json + ": No space left on device");
        Files.delete(json);
    }

    @Test
    void a_gap_exits_4_prints_the_range_and_writes_the_json_report() throws Exception {
        generateAndIngest("2024-06", "2024-06-10T12:00:00Z/30");
        Path json = root.resolve("reports/verify.json");
        assertThat(run("verify", "--json", json.toString())).isEqualTo(4);
        assertThat(out.toString()).contains("GAP 2024-06: 30 missing minutes 2024-06-10T12:00:00Z .. 2024-06-10T12:29:00Z",
                "PROBLEMS: 1 found");

        JsonNode report = OffsetsCodec.JSON.readTree(json.toFile());
        assertThat(report.get("symbol").asText()).isEqualTo("BTCUSDT");
        assertThat(report.get("clean").asBoolean()).isFalse();
        assertThat(report.get("missing_minutes").asLong()).isEqualTo(30);
        JsonNode gap = report.get("problems").get(0);
        assertThat(gap.get("kind").asText()).isEqualTo("GAP");
        assertThat(gap.get("ranges").get(0).get("start").asText()).isEqualTo("2024-06-10T12:00:00Z");
        assertThat(gap.get("ranges").get(0).get("end").asText()).isEqualTo("2024-06-10T12:29:00Z");
        assertThat(gap.get("ranges").get(0).get("minutes").asLong()).isEqualTo(30);
        assertThat(report.get("months").get(0).get("rows").asLong()).isEqualTo(43_200 - 30);
    }

    @Test
    void a_month_without_a_file_in_the_requested_range_exits_4() {
        generateAndIngest("2024-06");
        assertThat(run("verify", "--from", "2024-05", "--to", "2024-06")).isEqualTo(4);
        assertThat(out.toString()).contains("MONTH_MISSING 2024-05",
                "GAP 2024-05: 44640 missing minutes 2024-05-01T00:00:00Z .. 2024-05-31T23:59:00Z");
    }

    @Test
    void verify_symbol_checks_one_symbol_and_all_checks_every_one() throws Exception {
        System.setProperty("app.symbols", "BTCUSDT,ETHUSDT");
        try {
            generateAndIngest("2024-06");
            Path gen = root.resolve("gen-eth");
            assertThat(run("generate", "--symbol", "ETHUSDT", "--month", "2024-07", "--seed", "7", "--gap",
                    "2024-07-02T00:00:00Z/10", "--out", gen.toString())).isZero();
            assertThat(run("ingest", gen.resolve("ETHUSDT-1m-2024-07.zip").toString())).isZero();
            assertThat(root.resolve("data/spot/ETHUSDT/metadata/offsets.json")).exists();
            out.reset();

            assertThat(run("verify")).as("the default symbol, BTCUSDT, is clean").isZero();
            assertThat(out.toString()).contains("verify BTCUSDT:").doesNotContain("ETHUSDT");
            out.reset();
            assertThat(run("verify", "--symbol", "ETHUSDT")).isEqualTo(4);
            assertThat(out.toString()).contains("verify ETHUSDT:", "GAP 2024-07: 10 missing minutes")
                    .doesNotContain("BTCUSDT");
            out.reset();
            Path json = root.resolve("all.json");
            assertThat(run("verify", "--all", "--json", json.toString())).isEqualTo(4);
            assertThat(out.toString()).contains("verify BTCUSDT:", "verify ETHUSDT:", "CLEAN", "PROBLEMS");
            com.fasterxml.jackson.databind.JsonNode reports = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(json.toFile());
            assertThat(reports.size()).isEqualTo(2);
            assertThat(reports.get(0).get("symbol").asText()).isEqualTo("BTCUSDT");
            assertThat(reports.get(1).get("symbol").asText()).isEqualTo("ETHUSDT");
            assertThat(refused(2, "verify", "--all", "--symbol", "ETHUSDT")).contains("give either --symbol or --all");
            assertThat(refused(2, "verify", "--symbol", "SOLUSDT")).contains("BTCUSDT,ETHUSDT only", "SOLUSDT");
        } finally {
            System.clearProperty("app.symbols");
        }
    }

    @Test
    void another_symbol_is_refused_with_exit_2() {
        assertThat(run("verify", "--symbol", "ETHUSDT")).isEqualTo(2);
        assertThat(err.toString()).contains("this store holds BTCUSDT only", "ETHUSDT");
    }

    @Test
    void refusals_print_one_line_and_exit_2() throws Exception {
        assertThat(refused(2, "verify", "--from", "2024-13"))
                .isEqualTo("kline-pipeline verify: Invalid value for option '--from': '2024-13' is not a month YYYY-MM "
                        + "(see kline-pipeline verify --help)");
        assertThat(refused(2, "verify", "--from", "2024-03", "--to", "2024-01")).contains("--from 2024-03 is after --to 2024-01");
        assertThat(refused(2, "verify", "--symbol", "ETHUSDT")).contains("this store holds BTCUSDT only");
        Path file = java.nio.file.Files.writeString(root.resolve("a-file"), "x");
        assertThat(refused(2, "verify", "--json", file.resolve("r.json").toString())).contains(file + " is a file, not a folder");
        assertThat(refused(2, "verify", "--bogus")).isEqualTo("kline-pipeline verify: Unknown option: '--bogus' "
                + "(see kline-pipeline verify --help)");
    }

    @Test
    void help_documents_the_exit_codes() {
        assertThat(run("verify", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("Usage: kline-pipeline verify", "--from", "--to", "--json", "--symbol",
                "4 when problems were found");
        out.reset();
        assertThat(run("--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("verify", "4 verify found problems");
    }
}
