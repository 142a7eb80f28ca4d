package replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import support.Await;
import support.TestApp;

/**
 * The replay drop folder of the long-lived process: a recording copied into {@code exports/replay/<route>/} replays
 * through that route in compare mode (report written) and moves to {@code .done/} when all matched, to {@code .failed/}
 * with a reason file when an exchange differed, when its folder names no recorded route or when it lies outside any
 * route folder. One-shot commands (and {@code app.replay.watch.enabled=false}) leave the folder alone.
 */
class ReplayWatchIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path root;

    @Test
    void a_recording_copied_into_a_route_folder_replays_and_moves_aside() throws Exception {
        TestApp.ingestGeneratedMonths(root, 7, YearMonth.of(2024, 1));
        Path exports = root.resolve("exports");
        Map<String, String> rec = Map.of("app.exports.dir", exports.toString(), "app.record.routes", "backtest");
        try (PipelineRuntime app = TestApp.oneShot(root, rec)) {
            app.backtest(ReplayFixtures.emaCross(root));
            assertThat(status(app)).as("one-shot: no watcher (the route is not even created)").isNull();
        }
        Path recording;
        try (Stream<Path> s = Files.list(exports.resolve("exchanges/backtest"))) {
            recording = s.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
        String line = Files.readAllLines(recording).get(0);
        Path drop = exports.resolve("replay");
        try (PipelineRuntime app = TestApp.longLived(root, Map.of("app.exports.dir", exports.toString()))) {
            assertThat(status(app)).isEqualTo(ServiceStatus.Started);
            Path backtest = Files.createDirectories(drop.resolve("backtest"));
            copyIn(recording, backtest.resolve("day.jsonl"));
            Path done = backtest.resolve(".done/day.jsonl");
            Await.until("day.jsonl in .done", WAIT, () -> Files.exists(done));
            assertThat(backtest.resolve("day.jsonl")).doesNotExist();
            JsonNode report = onlyReport(exports);
            assertThat(report.path("route").asText()).isEqualTo("backtest");
            assertThat(report.path("mode").asText()).isEqualTo("compare");
            assertThat(report.path("matched").asInt()).isEqualTo(1);
            assertThat(report.path("from").asText()).endsWith("day.jsonl");

            // the same name again: kept beside the first
            copyIn(recording, backtest.resolve("day.jsonl"));
            Await.until("day-2.jsonl in .done", WAIT, () -> Files.exists(backtest.resolve(".done/day-2.jsonl")));

            // an exchange that differs: .failed with the counts and the report
            Path edited = root.resolve("edited.jsonl");
            Files.writeString(edited, line.replaceFirst("\"fills\":(\\d+)", "\"fills\":9999") + "\n");
            copyIn(edited, backtest.resolve("edited.jsonl"));
            Path reason = backtest.resolve(".failed/edited.jsonl.reason.json");
            Await.until("edited.jsonl in .failed", WAIT, () -> Files.exists(reason)
                    && Files.exists(backtest.resolve(".failed/edited.jsonl")));
            JsonNode r = JSON.readTree(reason.toFile());
            assertThat(r.path("message").asText()).isEqualTo("0 matched, 1 differed, 0 failed");
            assertThat(Path.of(r.path("report").asText())).exists();

            // a folder that names no recorded route, and a file outside any route folder: refused with a reason
            Path unknown = Files.createDirectories(drop.resolve("no-such-route"));
            copyIn(recording, unknown.resolve("x.jsonl"));
            Path unknownReason = unknown.resolve(".failed/x.jsonl.reason.json");
            Await.until("x.jsonl in .failed", WAIT, () -> Files.exists(unknownReason)
                    && Files.exists(unknown.resolve(".failed/x.jsonl")));
            assertThat(JSON.readTree(unknownReason.toFile()).path("message").asText())
                    .startsWith("unknown route folder 'no-such-route'");
            assertThat(unknown.resolve(".failed/x.jsonl")).exists();
            copyIn(recording, drop.resolve("top.jsonl"));
            Path topReason = drop.resolve(".failed/top.jsonl.reason.json");
            Await.until("top.jsonl in .failed", WAIT, () -> Files.exists(topReason)
                    && Files.exists(drop.resolve(".failed/top.jsonl")));
            assertThat(JSON.readTree(topReason.toFile()).path("message").asText()).contains("not in a route folder");
        }
        try (PipelineRuntime app = TestApp.longLived(root, Map.of("app.exports.dir", exports.toString(),
                "app.replay.watch.enabled", "false"))) {
            assertThat(status(app)).as("switched off").isEqualTo(ServiceStatus.Stopped);
        }
    }

    private static ServiceStatus status(PipelineRuntime app) {
        return app.main().getCamelContext().getRouteController().getRouteStatus("replay-watch");
    }

    /** Copies as a user would, through a temp name the watcher does not take (not .jsonl), then a rename. */
    private static void copyIn(Path from, Path to) throws Exception {
        Path tmp = to.resolveSibling(to.getFileName() + ".part");
        Files.copy(from, tmp);
        Files.move(tmp, to);
    }

    private static JsonNode onlyReport(Path exports) throws Exception {
        try (Stream<Path> s = Files.list(exports.resolve("replay-reports"))) {
            Path p = s.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
            return JSON.readTree(p.toFile());
        }
    }
}
