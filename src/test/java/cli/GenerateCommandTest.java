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
