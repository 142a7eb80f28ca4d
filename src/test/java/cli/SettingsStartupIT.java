package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.ChildJvm;
import support.Fixtures;

/**
 * The app.* settings through the real start-up of {@code kline-pipeline} in a child JVM: unknown keys and bad values
 * stop the long-lived process and one-shot commands alike with one line and exit 2, before anything starts;
 * environment variables still override.
 */
class SettingsStartupIT {
    @TempDir
    Path root;

    private ChildJvm.Run run(Map<String, String> settings, Map<String, String> env, String... args) throws Exception {
        return ChildJvm.start(root, settings, env, List.of(args)).awaitExit();
    }

    /** Exit 2 and exactly one line of output (no stack trace, no log line), returned. */
    private static String refused(ChildJvm.Run run) {
        List<String> lines = run.output().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as(run.describe()).hasSize(1);
        assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
        return lines.get(0);
    }

    @Test
    void an_unknown_key_via_d_stops_the_long_lived_process_before_anything_starts() throws Exception {
        ChildJvm.Run run = run(Map.of("app.nope", "1", "app.data.dir", root.resolve("data").toString()), Map.of());

        assertThat(refused(run)).isEqualTo("kline-pipeline: unknown setting app.nope (-D system property): no such key; "
                + "the settings are listed in application.properties and README (Configuration)");
        assertThat(root.resolve("data")).doesNotExist();
    }

    @Test
    void a_misspelt_key_names_the_closest_known_one() throws Exception {
        assertThat(refused(run(Map.of("app.inbox.pol-ms", "500"), Map.of(), "run"))).isEqualTo(
                "kline-pipeline run: unknown setting app.inbox.pol-ms (-D system property): did you mean app.inbox.poll-ms?");

        Path file = Files.writeString(root.resolve("my.properties"), "app.backfill.enabeld = false\n");
        assertThat(refused(run(Map.of(), Map.of(), "verify", "--settings", file.toString()))).isEqualTo(
                "kline-pipeline verify: unknown setting app.backfill.enabeld (settings file " + file
                        + "): did you mean app.backfill.enabled?");
    }

    @Test
    void a_value_out_of_range_stops_one_shot_commands_and_the_long_lived_process() throws Exception {
        assertThat(refused(run(Map.of("app.backfill.http.connect-timeout-ms", "-1"), Map.of(), "verify"))).isEqualTo(
                "kline-pipeline verify: bad setting app.backfill.http.connect-timeout-ms='-1' (-D system property): "
                        + "must be a whole number from 1 to 2147483647 (ms); default 10000");
        assertThat(refused(run(Map.of(), Map.of("APP_INBOX_ENABLED", "maybe")))).isEqualTo(
                "kline-pipeline: bad setting app.inbox.enabled='maybe' (environment variable APP_INBOX_ENABLED): must be "
                        + "true or false; default true");
    }

    @Test
    void environment_variables_override_application_properties_and_unknown_ones_are_ignored() throws Exception {
        Path zip = Fixtures.zip(root.resolve("in"), Fixtures.REAL_DAY, Fixtures.realCsv("1m"));
        Fixtures.checksum(zip);
        Path store = root.resolve("env-store");

        ChildJvm.Run run = run(Map.of("app.features.refresh", ""),
                Map.of("APP_DATA_DIR", store.toString(), "APP_INGEST_KEEP_RAW_CSV", "true",
                        "APP_FEATURES_REFRESH", "1m:ema", "APP_NO_SUCH_SETTING", "1"),
                "ingest", zip.toString());

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.output()).contains("INGESTED BTCUSDT-1m-2023-01-21.zip");
        assertThat(store.resolve("spot/BTCUSDT/klines_1m/2023-01.parquet")).exists();
        assertThat(store.resolve("spot/BTCUSDT/klines_1m/raw_csv")).isDirectory();
        // -D wins over the environment: no standing features
        assertThat(store.resolve("spot/BTCUSDT/features")).doesNotExist();
        assertThat(root.resolve("data")).doesNotExist();
    }
}
