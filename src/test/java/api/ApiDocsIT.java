package api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.ChildJvm;
import support.TestApp;

/**
 * The curl examples of docs/api.md and of the README's Service section, run as written (with curl, in a folder
 * holding configs/ and a store, against the service in a child JVM started there with default settings): every
 * one succeeds; the DELETE of a finished run is the documented 409.
 */
class ApiDocsIT {
    @TempDir
    Path root;

    /** The curl commands of the first bash block after {@code heading} (continuations joined). */
    static List<String> curls(Path doc, String heading) throws Exception {
        String text = Files.readString(doc);
        String block = text.substring(text.indexOf(heading));
        block = block.substring(block.indexOf("```bash") + 7);
        block = block.substring(0, block.indexOf("```"));
        List<String> out = new ArrayList<>();
        for (String line : block.replace("\\\n", " ").split("\n")) {
            String cmd = line.replaceAll("\\s+#.*$", "").trim();
            if (cmd.startsWith("curl ")) {
                out.add(cmd);
            }
        }
        return out;
    }

    @Test
    void the_documented_curl_examples_work_as_written() throws Exception {
        TestApp.ingestGeneratedMonths(root, 29, YearMonth.of(2023, 12), YearMonth.of(2024, 1), YearMonth.of(2024, 2));
        Files.createDirectories(root.resolve("configs"));
        Files.copy(Path.of("configs/backtest.yaml"), root.resolve("configs/backtest.yaml"));
        int port = ApiClient.freePort();
        ChildJvm service = ChildJvm.start(root, Map.of("app.backfill.enabled", "false", "app.features.refresh", "",
                "app.api.port", Integer.toString(port), "app.inbox.dir", "inbox"), List.of("run"));
        try {
            ApiClient api = new ApiClient(port);
            support.Await.until("the service answering", Duration.ofSeconds(90), () -> {
                try {
                    return api.get("/observe/health/live").statusCode() == 200;
                } catch (RuntimeException e) {
                    return false;
                }
            });
            List<String> commands = new ArrayList<>(curls(Path.of("docs/api.md"), "## Examples"));
            commands.addAll(curls(Path.of("README.md"), "## Service"));
            assertThat(commands).hasSizeGreaterThanOrEqualTo(12);
            String id = null;
            for (String documented : commands) {
                if (documented.contains("my-host")) {
                    continue; // the off-loopback example needs another machine
                }
                String cmd = documented.replace("127.0.0.1:8080", "127.0.0.1:" + port).replace("localhost:8080",
                        "127.0.0.1:" + port);
                if (id != null) {
                    cmd = cmd.replace("ema-cross-4d550f59602e", id).replace("<id>", id);
                }
                boolean artefact = cmd.matches(".*/backtests/[a-z0-9-]+(/\\w+)?\\b.*") && !cmd.contains("-X DELETE");
                if (artefact) {
                    api.awaitStatus(id, Duration.ofSeconds(120), "done");
                }
                Run run = curl(cmd, !cmd.contains("-X DELETE"));
                if (cmd.contains("-X DELETE")) {
                    assertThat(run.out).as(cmd).contains("\"status\":409");
                } else if (cmd.contains("--data-binary @configs/backtest.yaml") && id == null) {
                    JsonNode posted = ApiClient.JSON.readTree(run.out);
                    id = posted.path("id").asText();
                    assertThat(id).as(run.out).startsWith("ema-cross-");
                }
            }
            assertThat(id).isNotNull();
            assertThat(root.resolve("data/backtests").resolve(id).resolve("report.html")).exists();
            assertThat(root.resolve("report.html")).content().contains("<html");
            assertThat(root.resolve("equity.parquet")).exists();
        } finally {
            service.process().destroy();
            service.awaitExit();
        }
    }

    private record Run(int exit, String out) {
    }

    /** Runs one documented command in the work folder; with {@code fail} curl fails on an HTTP error status. */
    private Run curl(String cmd, boolean fail) throws Exception {
        String run = fail ? cmd.replaceFirst("^curl ", "curl --fail-with-body ") : cmd;
        Process p = new ProcessBuilder("bash", "-c", run).directory(root.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(cmd + "\n" + out).isZero();
        return new Run(p.exitValue(), out);
    }
}
