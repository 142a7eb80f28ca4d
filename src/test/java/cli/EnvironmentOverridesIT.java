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
 * docs/configuration.md: any {@code app.*} key can be set by an environment variable (upper case, dots and dashes as
 * underscores). Environment variables are process state, so this runs the CLI in a child JVM, as an operator would.
 */
class EnvironmentOverridesIT {
    @TempDir
    Path root;

    @Test
    void app_data_dir_from_the_environment_decides_where_a_one_shot_ingest_stores() throws Exception {
        Path csv = Files.writeString(root.resolve("BTCUSDT-1m-2023-01-21.csv"), Fixtures.realCsv("1m"));
        Path work = root.resolve("work");
        Path envData = root.resolve("from-env");
        ChildJvm.Run run = ChildJvm.start(work, Map.of(), Map.of("APP_DATA_DIR", envData.toString()), List.of(), false,
                List.of("ingest", csv.toString())).awaitExit();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(envData.resolve("spot/BTCUSDT/klines_1m/2023-01.parquet")).isRegularFile();
        assertThat(work.resolve("data/spot")).as("the default data folder stays unused").doesNotExist();
    }
}
