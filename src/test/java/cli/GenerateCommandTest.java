package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** {@code generate}: months that join up, the same bytes for a month however it is asked for. */
class GenerateCommandTest extends CliTestBase {

    @Test
    void a_month_generated_alone_is_the_month_generated_with_its_neighbours() throws Exception {
        assertThat(run("generate", "--month", "2023-12", "--months", "3", "--seed", "6", "--out", root.resolve("a").toString()))
                .isZero();
        assertThat(run("generate", "--month", "2024-01", "--seed", "6", "--out", root.resolve("b").toString())).isZero();
        String name = "BTCUSDT-1m-2024-01.zip";
        assertThat(Files.readAllBytes(root.resolve("b").resolve(name))).isEqualTo(Files.readAllBytes(root.resolve("a").resolve(name)));
        // and they join up: each month opens at the previous month's last close
        List<String> dec = csv(root.resolve("a/BTCUSDT-1m-2023-12.zip"));
        List<String> jan = csv(root.resolve("a/BTCUSDT-1m-2024-01.zip"));
        List<String> feb = csv(root.resolve("a/BTCUSDT-1m-2024-02.zip"));
        assertThat(field(jan.get(0), 1)).isEqualTo(field(dec.get(dec.size() - 1), 4));
        assertThat(field(feb.get(0), 1)).isEqualTo(field(jan.get(jan.size() - 1), 4));
    }

    @Test
    void refusals_print_one_line_and_exit_2() throws Exception {
        assertThat(refused(2, "generate", "--month", "2024-13")).isEqualTo("kline-pipeline generate: Invalid value for option "
                + "'--month': '2024-13' is not a month YYYY-MM (see kline-pipeline generate --help)");
        assertThat(refused(2, "generate", "--day", "2024-02-30")).contains("'2024-02-30' is not a date YYYY-MM-DD");
        assertThat(refused(2, "generate", "--gap", "foo", "--out", root.resolve("g").toString()))
                .contains("--gap must be START/MINUTES", "got 'foo'");
        assertThat(refused(2, "generate", "--gap", "2024-12-03T10:00:00Z/x", "--out", root.resolve("g").toString()))
                .contains("--gap must be START/MINUTES");
        assertThat(refused(2, "generate", "--months", "0")).contains("--months must be at least 1, got 0");
        Path file = Files.writeString(root.resolve("a-file"), "x");
        assertThat(refused(2, "generate", "--out", file.toString())).contains(file + " is a file, not a folder");
        assertThat(root.resolve("g")).doesNotExist();
    }

    private static List<String> csv(Path zip) throws Exception {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            in.getNextEntry();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
        }
    }

    private static String field(String row, int i) {
        return row.split(",")[i];
    }
}
