package replay;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import gen.BinanceArchive;
import gen.KlineGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.PipelineRuntime;
import support.TestApp;

/**
 * Replay through the real routes: an LLM day recorded against WireMock replays all matched against the same model and
 * is collected against a second one with another model name; a backtest replays matched; a corrupt line fails alone.
 */
class ReplayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/v1/chat/completions";
    @TempDir
    static Path root;
    static WireMockServer llm;
    static WireMockServer other;
    static PipelineRuntime app;
    static Path exports;

    @BeforeAll
    static void recordThenReopen() throws Exception {
        llm = new WireMockServer(options().dynamicPort().notifier(new com.github.tomakehurst.wiremock.common.ConsoleNotifier(false)));
        llm.start();
        llm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(ReplayFixtures.answer("BUY"))));
        other = new WireMockServer(options().dynamicPort().notifier(new com.github.tomakehurst.wiremock.common.ConsoleNotifier(false)));
        other.start();
        other.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(ReplayFixtures.answer("SELL"))));
        exports = root.resolve("exports");
        try (PipelineRuntime recording = TestApp.oneShot(root, ReplayFixtures.settings(root, llm, "backtest,llm-decide,features"))) {
            Path in = Files.createDirectories(root.resolve("in"));
            Path csv = in.resolve("BTCUSDT-1m-2024-01.csv");
            new KlineGenerator(7).writeMonth(YearMonth.of(2024, 1), csv, List.of());
            assertThat(recording.ingest(BinanceArchive.zipWithChecksum(csv, in), false).ok()).isTrue();
            recording.backtest(ReplayFixtures.emaCross(root));
            recording.backtest(ReplayFixtures.llmDay(root, ""));
            recording.features(new features.FeatureRequest.Compute(
                    features.FeatureSpec.parse("15m:ema,rsi", features.GapPolicy.NONE),
                    java.time.Instant.parse("2024-01-03T00:00:00Z"), java.time.Instant.parse("2024-01-05T00:00:00Z"),
                    root.resolve("frame.parquet")));
        }
        app = TestApp.oneShot(root, ReplayFixtures.settings(root, llm, "")); // replays are not recorded again
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        llm.stop();
        other.stop();
    }

    private static Replayer.Outcome replay(String route, Path from, boolean collect, Replayer.Overrides o) throws Exception {
        List<String> printed = new ArrayList<>();
        Replayer.Outcome out = (Replayer.Outcome) app.replay(new ReplayRequest.Recording(route, from, collect, o),
                printed::add); // through direct:replay
        assertThat(printed).hasSize(out.matched() + out.differed() + out.failed() + out.collected());
        return out;
    }

    private static int requests(WireMockServer server) {
        return server.countRequestsMatching(postRequestedFor(urlEqualTo(PATH)).build()).getCount();
    }

    @Test
    void the_llm_day_replays_all_matched_against_the_same_model() throws Exception {
        int before = requests(llm);
        Replayer.Outcome o = replay("llm-decide", exports.resolve("exchanges/llm-decide"), false, Replayer.Overrides.NONE);
        assertThat(o.matched()).isEqualTo(2);
        assertThat(o.differed() + o.failed()).isZero();
        assertThat(requests(llm) - before).isEqualTo(2);
        JsonNode report = JSON.readTree(o.report().toFile());
        assertThat(report.get("matched").asInt()).isEqualTo(2);
        assertThat(o.report().getParent()).isEqualTo(exports.resolve("replay-reports"));
    }

    @Test
    void collect_mode_sends_the_recorded_prompts_to_another_model() throws Exception {
        other.resetRequests();
        Replayer.Outcome o = replay("llm-decide", exports.resolve("exchanges/llm-decide"), true,
                new Replayer.Overrides(other.baseUrl() + "/v1", "other-model"));
        assertThat(o.collected()).isEqualTo(2);
        assertThat(requests(other)).isEqualTo(2);
        for (var req : other.findAll(postRequestedFor(urlEqualTo(PATH)))) {
            assertThat(JSON.readTree(req.getBodyAsString()).get("model").asText()).isEqualTo("other-model");
        }
        JsonNode report = JSON.readTree(o.report().toFile());
        assertThat(report.at("/exchanges/0/output/body/text").asText()).contains("SELL");
    }

    @Test
    void compare_mode_against_another_answer_names_the_difference() throws Exception {
        Replayer.Outcome o = replay("llm-decide", exports.resolve("exchanges/llm-decide"), false,
                new Replayer.Overrides(other.baseUrl() + "/v1", null));
        assertThat(o.differed()).isEqualTo(2);
        JsonNode report = JSON.readTree(o.report().toFile());
        assertThat(report.at("/exchanges/0/difference").asText()).isEqualTo("$.output.body.text");
    }

    @Test
    void a_backtest_recording_replays_matched() throws Exception {
        int before = requests(llm);
        Replayer.Outcome o = replay("backtest", exports.resolve("exchanges/backtest"), false, Replayer.Overrides.NONE);
        assertThat(o.failed()).isZero();
        assertThat(o.differed()).as(Files.readString(o.report())).isZero();
        assertThat(o.matched()).isEqualTo(2);
        assertThat(requests(llm) - before).as("the LLM day answers from its decision cache").isZero();
    }

    @Test
    void a_features_recording_replays_matched() throws Exception {
        Replayer.Outcome o = replay("features", exports.resolve("exchanges/features"), false, Replayer.Overrides.NONE);
        assertThat(o.matched()).as(Files.readString(o.report())).isEqualTo(1);
    }

    @Test
    void a_corrupt_line_fails_alone() throws Exception {
        Path src;
        try (var files = Files.list(exports.resolve("exchanges/backtest"))) {
            src = files.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
        List<String> lines = Files.readAllLines(src);
        Path bad = Files.createDirectories(root.resolve("bad")).resolve("backtest.jsonl");
        Files.writeString(bad, lines.get(0) + "\n" + lines.get(1).substring(0, lines.get(1).length() / 2) + "\n");
        Replayer.Outcome o = replay("backtest", bad, false, Replayer.Overrides.NONE);
        assertThat(o.matched()).isEqualTo(1);
        assertThat(o.failed()).as(Files.readString(o.report())).isEqualTo(1);
        JsonNode report = JSON.readTree(o.report().toFile());
        assertThat(report.at("/exchanges/1/result").asText()).isEqualTo("failed");
        assertThat(report.at("/exchanges/1/source").asText()).isEqualTo("backtest.jsonl:2");
    }

    @Test
    void an_unknown_route_is_refused_with_exit_2() {
        assertThat(cli.InProcessCli.run("replay", "--route", "nope", "--from", root.toString())).isEqualTo(2);
    }
}
