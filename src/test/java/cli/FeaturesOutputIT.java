package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.ChildJvm;
import support.DuckDb;
import support.TestApp;

/** {@code features compute --out FILE} with a bare file name writes it into the working folder of the process. */
class FeaturesOutputIT {
    @TempDir
    Path root;

    @Test
    void a_bare_output_file_name_lands_in_the_working_folder() throws Exception {
        TestApp.ingestGeneratedMonths(root, 5, YearMonth.of(2024, 3));
        Path work = root.resolve("work");
        ChildJvm.Run run = ChildJvm.start(work, Map.of("app.data.dir", root.resolve("data").toString()), List.of(
                "features", "compute", "--start", "2024-03-10", "--end", "2024-03-11", "--interval", "15m",
                "--out", "frame.parquet")).awaitExit();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.output()).doesNotContain("Exception");
        assertThat(Files.size(work.resolve("frame.parquet"))).isPositive();
        assertThat(((Number) DuckDb.single("SELECT count(*) FROM " + DuckDb.parquet(work.resolve("frame.parquet")))).longValue()).isEqualTo(96);
    }
}
