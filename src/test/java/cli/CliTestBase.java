package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs CLI commands in-process as {@code java -Dapp.data.dir=... -jar ...} would: settings as system properties
 * pointing at a temp folder, standard output and error captured.
 */
abstract class CliTestBase {
    @TempDir
    Path root;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void settings() {
        System.setProperty("app.data.dir", root.resolve("data").toString());
        System.setProperty("app.inbox.dir", root.resolve("inbox").toString());
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
        System.clearProperty("app.data.dir");
        System.clearProperty("app.inbox.dir");
    }

    int run(String... args) {
        return KlinePipeline.execute(args);
    }

    /**
     * Runs a command that must be refused: its exit code is {@code exitCode}, and stderr holds exactly one line -
     * returned - with no stack trace and no log line.
     */
    String refused(int exitCode, String... args) {
        err.reset();
        int code = run(args);
        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(printed).as(String.join(" ", args)).doesNotContain("Exception").doesNotContain("\tat ")
                .doesNotContainPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z? +(ERROR|WARN|INFO|DEBUG)"); // logback's pattern
        List<String> lines = printed.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as(String.join(" ", args)).hasSize(1);
        assertThat(code).as(printed).isEqualTo(exitCode);
        return lines.get(0);
    }
}
