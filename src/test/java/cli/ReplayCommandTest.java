package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import support.TestApp;

/** {@code replay}: a recorded backtest replays matched (exit 0); an edited output differs (exit 6); bad options exit 2. */
class ReplayCommandTest extends CliTestBase {

    @AfterEach
    void clear() {
        System.clearProperty("app.exports.dir");
        System.clearProperty("app.record.routes");
    }

    @Test
    void a_recorded_backtest_replays_matched_and_an_edited_one_differs() throws Exception {
        TestApp.ingestGeneratedMonths(root, 7, YearMonth.of(2024, 1));
        Path exports = root.resolve("exports");
        System.setProperty("app.exports.dir", exports.toString());
        System.setProperty("app.record.routes", "backtest");
        Path config = root.resolve("ema.yaml");
        Files.writeString(config, """
                symbol: BTCUSDT
                start: 2024-01-02
                end: 2024-01-20
                interval: 15m
                initial_cash: 10000
                strategy: {type: ema-cross, decision_every: 1h, size_pct: 0.5}
                output_dir: %s
                """.formatted(root.resolve("runs")));
        assertThat(run("backtest", "--config", config.toString())).isZero();
        System.clearProperty("app.record.routes");
        Path dir = exports.resolve("exchanges/backtest");
        Path day;
        try (Stream<Path> s = Files.list(dir)) {
            day = s.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }

        out.reset();
        assertThat(run("replay", "--route", "backtest", "--from", dir.toString())).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains(day.getFileName() + ":1 matched").contains("1 matched, 0 differed, 0 failed");
        try (Stream<Path> s = Files.list(exports.resolve("replay-reports"))) {
            assertThat(s.filter(p -> p.toString().endsWith(".json")).count()).isEqualTo(1);
        }

        String line = Files.readAllLines(day).get(0);
        Path edited = Files.createDirectories(root.resolve("edited")).resolve("b.jsonl");
        Files.writeString(edited, line.replaceFirst("\"fills\":(\\d+)", "\"fills\":9999") + "\n" + "{\"route\":\"backt");
        out.reset();
        assertThat(run("replay", "--route", "backtest", "--from", edited.toString())).isEqualTo(6);
        printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("b.jsonl:1 differed at $.output.body.json.fills").contains("b.jsonl:2 failed");
    }

    @Test
    void bad_options_are_refused_with_exit_2() {
        assertThat(refused(2, "replay", "--route", "verify-store", "--from", root.toString())).contains("verify-store");
        assertThat(refused(2, "replay", "--route", "backtest", "--from", root.resolve("nope").toString())).contains("nope");
        assertThat(refused(2, "replay", "--route", "backtest", "--from", root.toString(), "--model", "m"))
                .contains("--model");
    }
}
