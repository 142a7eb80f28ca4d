package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.Fixtures;

/**
 * The CLI in a child JVM with a small heap: an input of unbounded line length must be refused while streaming,
 * never buffered whole (which ends in OutOfMemoryError and exit 1 with no refusal).
 */
class SmallHeapIngestIT {
    @TempDir
    Path work;

    @Test
    void a_200_mb_newline_free_csv_is_refused_in_a_128_mb_heap_and_the_next_file_is_ingested() throws Exception {
        Path big = work.resolve("in/" + Fixtures.REAL_DAY + ".csv");
        Files.createDirectories(big.getParent());
        byte[] block = "1674259200000,".repeat(75_000).getBytes(StandardCharsets.US_ASCII); // ~1 MB, no newline
        try (OutputStream out = Files.newOutputStream(big)) {
            for (int i = 0; i < 200; i++) {
                out.write(block);
            }
        }
        Path good = Fixtures.zip(work.resolve("good"), Fixtures.REAL_DAY, Fixtures.realCsv("1m"));

        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "-Xmx128m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "-Dapp.data.dir=" + work.resolve("data"), "-Dapp.inbox.dir=" + work.resolve("inbox"),
                "-Dapp.features.refresh=", "cli.KlinePipeline", "ingest", big.toString(), good.toString()));
        Path log = work.resolve("child.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("APP_"));
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        String output = read(log);
        assertThat(p.exitValue()).as(output).isEqualTo(3);
        assertThat(output).contains("REJECTED LINE_TOO_LONG " + Fixtures.REAL_DAY + ".csv:1", "INGESTED " + Fixtures.REAL_DAY + ".zip")
                .doesNotContain("OutOfMemoryError");
    }

    private static String read(Path log) throws IOException {
        String s = Files.readString(log, StandardCharsets.UTF_8);
        return s.length() > 8000 ? s.substring(s.length() - 8000) : s;
    }
}
