package cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.Await;
import support.ChildJvm;
import support.Fixtures;

/**
 * Logging of the real process in a child JVM: ISO-8601 UTC date-times, the settings dump at DEBUG only,
 * {@code --log-level}, and the long-lived process writing JSON lines to {@code app.log.file}.
 */
class LoggingIT {
    /** A plain log line: ISO-8601 date-time in UTC, then the level. */
    private static final String PLAIN_LINE = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (TRACE|DEBUG|INFO |WARN |ERROR) .*";

    @TempDir
    Path root;

    private Map<String, String> settings(Path work) {
        Map<String, String> s = new HashMap<>();
        s.put("app.data.dir", work.resolve("data").toString());
        s.put("app.inbox.dir", work.resolve("inbox").toString());
        s.put("app.inbox.poll-ms", "100");
        s.put("app.inbox.settle-ms", "300");
        s.put("app.inbox.lock-timeout-ms", "1500");
        s.put("app.backfill.enabled", "false");
        return s;
    }

    /**
     * The long-lived process until Camel said it started (in {@code startedIn}, or its output when null) and
     * {@code whileRunning} ran, then SIGTERM.
     */
    private ChildJvm.Run longLived(Path work, Map<String, String> settings, Path startedIn, Runnable whileRunning)
            throws Exception {
        ChildJvm child = ChildJvm.start(work, settings, List.of());
        Path watched = startedIn != null ? startedIn : child.log();
        try {
            Await.until("Camel started", Duration.ofSeconds(60), () -> read(watched).contains("started in"));
            whileRunning.run();
        } finally {
            child.process().destroy(); // SIGTERM
        }
        assertThat(child.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        return child.awaitExit();
    }

    @Test
    void plain_lines_carry_an_iso_utc_date_time_and_the_settings_are_not_dumped_at_info() throws Exception {
        Path work = root.resolve("plain");
        ChildJvm.Run run = longLived(work, settings(work), null, () -> { });

        List<String> lines = run.output().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as(run.describe()).isNotEmpty().allMatch(l -> l.matches(PLAIN_LINE));
        assertThat(run.output()).contains("started in", "shutdown")
                .doesNotContain("Property-placeholders summary", "Auto-configuration summary", "app.data.dir", "DEBUG");
    }

    @Test
    void log_level_debug_dumps_the_settings_and_lets_camel_speak_warn_keeps_info_quiet() throws Exception {
        Path work = root.resolve("levels");
        Path zip = Fixtures.zip(work.resolve("in"), Fixtures.REAL_DAY, Fixtures.realCsv("1m"));
        Fixtures.checksum(zip);

        ChildJvm.Run debug = ChildJvm.start(work, settings(work), List.of("verify", "--log-level", "debug")).awaitExit();
        assertThat(debug.exitCode()).as(debug.describe()).isZero();
        assertThat(debug.output()).containsPattern("DEBUG cli.KlinePipeline - settings \\(\\d+ keys")
                .contains("app.data.dir = " + work.resolve("data") + " (-D system property)",
                        "app.inbox.enabled = true (application.properties)")
                .containsPattern("DEBUG o\\.a\\.c\\.");

        // one-shot default: our INFO lines, Camel quiet; --log-level warn (anywhere on the line): no INFO at all
        Map<String, String> store1 = settings(work);
        ChildJvm.Run info = ChildJvm.start(work, store1, List.of("ingest", zip.toString())).awaitExit();
        assertThat(info.exitCode()).as(info.describe()).isZero();
        assertThat(info.output()).contains("INFO  features.FeatureService - features refreshed").doesNotContain("o.a.c.");

        Map<String, String> store2 = settings(work);
        store2.put("app.data.dir", work.resolve("data2").toString());
        ChildJvm.Run warn = ChildJvm.start(work, store2, List.of("--log-level", "WARN", "ingest", zip.toString()))
                .awaitExit();
        assertThat(warn.exitCode()).as(warn.describe()).isZero();
        assertThat(warn.output()).contains("INGESTED BTCUSDT-1m-2023-01-21.zip").doesNotContain("INFO");
        assertThat(work.resolve("data2/spot/BTCUSDT/features")).isDirectory(); // the refresh ran, silently

        store2.put("app.log.level", "warn");
        ChildJvm.Run viaSetting = ChildJvm.start(work, store2, List.of("ingest", "--replace", zip.toString())).awaitExit();
        assertThat(viaSetting.exitCode()).as(viaSetting.describe()).isZero();
        assertThat(viaSetting.output()).contains("INGESTED").doesNotContain("INFO");
    }

    @Test
    void the_long_lived_process_writes_json_lines_to_its_log_file() throws Exception {
        Path work = root.resolve("json");
        Map<String, String> s = settings(work);
        s.put("app.log.format", "json");
        s.put("app.log.file", "logs/kline.jsonl"); // relative to the working folder; the folder is created
        Path file = work.resolve("logs/kline.jsonl");

        ChildJvm.Run run = longLived(work, s, file, () -> {
            try {
                Path zip = Fixtures.zip(work.resolve("staging"), Fixtures.REAL_DAY, Fixtures.realCsv("1m"));
                Files.move(zip, work.resolve("inbox").resolve(zip.getFileName()));
                Await.until("ingested", Duration.ofSeconds(30),
                        () -> Files.exists(work.resolve("inbox/.done/" + zip.getFileName())));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSizeGreaterThan(3);
        for (String line : lines) {
            JsonNode n = json.readTree(line);
            assertThat(n.isObject()).as(line).isTrue();
            assertThat(n.get("timestamp").isNumber()).as(line).isTrue();
            assertThat(n.get("timestamp").asLong()).as(line).isBetween(1_600_000_000_000L, System.currentTimeMillis());
            assertThat(n.get("level").asText()).as(line).isIn("DEBUG", "INFO", "WARN", "ERROR");
            assertThat(n.get("loggerName").asText()).as(line).isNotBlank();
            assertThat(n.get("formattedMessage").isTextual()).as(line).isTrue();
        }
        assertThat(lines).anyMatch(l -> l.contains("inbox: INGESTED BTCUSDT-1m-2023-01-21.zip"))
                .anyMatch(l -> l.contains("started in"));
        // stderr carries the same JSON lines
        assertThat(run.output().lines().filter(l -> !l.isBlank()).toList()).as(run.describe())
                .allMatch(l -> l.startsWith("{\"timestamp\":") && l.endsWith("}"));
    }

    private static String read(Path file) {
        try {
            return file != null && Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
