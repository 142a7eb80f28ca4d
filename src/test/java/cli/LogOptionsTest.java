package cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The logging options and settings through the CLI in-process: refusals in one line, levels restored afterwards. */
class LogOptionsTest extends CliTestBase {
    @AfterEach
    void clear() {
        System.clearProperty("app.log.file");
        System.clearProperty("app.log.format");
    }

    @Test
    void bad_log_level_format_or_file_is_refused_in_one_line() throws Exception {
        assertThat(refused(2, "verify", "--log-level", "loud")).isEqualTo("kline-pipeline verify: Invalid value for "
                + "option '--log-level': 'loud' is not one of trace, debug, info, warn, error, off "
                + "(see kline-pipeline verify --help)");

        System.setProperty("app.log.format", "xml");
        assertThat(refused(2, "verify")).isEqualTo("kline-pipeline verify: bad setting app.log.format='xml' "
                + "(-D system property): must be one of plain, json; default plain");
        System.clearProperty("app.log.format");

        Path file = Files.writeString(root.resolve("a-file"), "x");
        System.setProperty("app.log.file", file.resolve("kline.log").toString());
        assertThat(refused(2, "verify")).isEqualTo("kline-pipeline verify: bad setting app.log.file='"
                + file.resolve("kline.log") + "': cannot be opened for appending; name a file this process may write");
        System.setProperty("app.log.file", root.toString());
        assertThat(refused(2, "verify")).contains("app.log.file='" + root + "'", "is a folder; name a file");
    }

    @Test
    void a_command_leaves_the_log_levels_as_it_found_them() {
        Logger rootLogger = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger camel = (Logger) LoggerFactory.getLogger("org.apache.camel");
        Level rootBefore = rootLogger.getLevel();
        Level camelBefore = camel.getLevel();

        assertThat(run("verify", "--log-level", "debug")).isZero();
        assertThat(err.toString()).contains("DEBUG cli.KlinePipeline - settings (");
        assertThat(run("verify")).isZero();

        assertThat(rootLogger.getLevel()).isEqualTo(rootBefore);
        assertThat(camel.getLevel()).isEqualTo(camelBefore);
    }

    @Test
    void start_up_housekeeping_does_not_print_in_a_one_shot_command() throws Exception {
        assertThat(run("generate", "--month", "2024-05", "--seed", "5", "--out", root.resolve("g").toString())).isZero();
        assertThat(run("ingest", root.resolve("g/BTCUSDT-1m-2024-05.zip").toString())).isZero();
        Path standing = root.resolve("data/spot/BTCUSDT/features/1m-ema-rsi-cmf/2024-05.parquet");
        // the standing features are missing (as after a one-shot ingest that ended before its background refresh)
        deleteTree(root.resolve("data/spot/BTCUSDT/features"));
        err.reset();

        assertThat(refused(2, "export", "klines", "--from", "2020-01", "--to", "2020-03"))
                .startsWith("kline-pipeline export klines: no stored klines");
        assertThat(standing).as("start-up recovery ran").exists();

        deleteTree(root.resolve("data/spot/BTCUSDT/features"));
        err.reset();
        assertThat(run("verify", "--log-level", "info")).isZero();
        assertThat(err.toString()).as("with --log-level the note is there").contains("INFO  routes.PipelineBeans - "
                + "features recovery: computed missing 1m-ema-rsi-cmf/2024-05.parquet");
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
