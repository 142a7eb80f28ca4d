package llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backtest.Action;
import backtest.BacktestEngine;
import backtest.BacktestResult;
import backtest.ExplainedStrategy;
import backtest.TestStores;
import backtest.config.BacktestConfig;
import backtest.config.ConfigException;
import backtest.config.StrategyParams;
import features.FeatureEngine;
import features.FeatureFrame;
import features.GapPolicy;
import features.ParquetDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.Hashes;
import storage.KlineStore;

/**
 * LLM runs without the application: {@link LlmStrategies} builds the strategy of an llm config over a store written
 * straight as month files, a scripted {@link LlmPort} answers (no HTTP), {@link BacktestEngine} runs it. What each
 * decision explains ({@link ExplainedStrategy#details}), the run's {@code llm} metrics block, the decision cache
 * (a re-run asks nothing and explains the same), failures as HOLDs (not cached when transient), the breaker, and the
 * config block's refusals.
 */
class LlmRunTest {
    @TempDir
    static Path root;
    static KlineStore store;
    static ParquetDataSource source;

    @BeforeAll
    static void oneMonth() throws Exception {
        store = TestStores.months(root.resolve("data"), "BTCUSDT", 7, YearMonth.of(2024, 1));
        source = new ParquetDataSource(store, GapPolicy.FFILL, false);
    }

    /** A scripted server: the answer per call from the prompt, every call recorded. */
    private static final class Port implements LlmPort {
        final List<Call> calls = new ArrayList<>();
        final Function<String, Reply> answer;

        Port(Function<String, Reply> answer) {
            this.answer = answer;
        }

        @Override
        public synchronized Reply post(Call call) {
            calls.add(call);
            return answer.apply(call.body());
        }

        List<String> prompts() throws Exception {
            List<String> out = new ArrayList<>();
            for (Call c : calls) {
                out.add(LlmRequest.JSON.readTree(c.body()).at("/messages/0/content").asText());
            }
            return out;
        }
    }

    /** Flat: buy half; holding: sell all - so each decision trades. */
    private static LlmPort.Reply flipFlop(String body) {
        String d = body.contains("position 0 BTC") ? "{\"action\":\"BUY\",\"size_pct\":0.5,\"note\":\"in\"}"
                : "{\"action\":\"SELL\",\"size_pct\":1,\"note\":\"out\"}";
        return LlmPort.Reply.text(200, Answers.content(d), null);
    }

    private static final LlmSettings DEFAULTS = LlmSettings.defaults().with(Map.of("base_url", "http://llm.test/v1/",
            "model", "test-model", "api_key_env", "", "retries", 1, "backoff_ms", 1, "max_backoff_ms", 1,
            "price_in_per_1k", 0.5, "price_out_per_1k", 2));

    private static BacktestConfig config(String start, String end, String interval, String every, int window,
                                         String llm) {
        return BacktestConfig.parse("""
                symbol: BTCUSDT
                start: %s
                end: %s
                interval: %s
                initial_cash: 10000
                fee_rate: 0.001
                strategy: {type: llm, decision_every: %s, window: %d, llm: {%s}}
                """.formatted(start, end, interval, every, window, llm));
    }

    private record Run(BacktestResult result, ExplainedStrategy strategy) {
        Map<String, Object> details(int k) {
            return strategy.details(result.decisions().ts(k));
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> window(int k) {
            return (Map<String, Object>) details(k).get("features_window");
        }
    }

    private static Run run(BacktestConfig cfg, LlmPort port) throws Exception {
        var s = new LlmStrategies(port, DEFAULTS).create(cfg, (StrategyParams.Llm) cfg.strategy().params(), source);
        FeatureFrame frame = new FeatureEngine(source).compute(cfg.featureSpec(), cfg.start(), cfg.end());
        return new Run(BacktestEngine.run(cfg, frame, s), (ExplainedStrategy) s);
    }

    private static String cache(String name) {
        return "cache_dir: '" + root.resolve(name) + "'";
    }

    @Test
    void each_decision_asks_once_and_explains_its_window_answer_and_cost() throws Exception {
        Port port = new Port(LlmRunTest::flipFlop);
        // 15m bars, hourly decisions at 00:45, 01:45, 02:45, 03:45: the first three windows of 4 hours reach before
        // the run's first bar (rows from the store), the last lies within the frame (rows read in place)
        Run r = run(config("2024-01-10T00:00:00Z", "2024-01-10T04:00:00Z", "15m", "1h", 4, cache("c1")), port);
        assertThat(r.result().decisions().size()).isEqualTo(4);
        assertThat(port.calls).hasSize(4);
        assertThat(port.calls).allSatisfy(c -> {
            assertThat(c.url()).isEqualTo("http://llm.test/v1/chat/completions");
            assertThat(c.apiKey()).isNull();
            assertThat(c.body()).contains("\"model\":\"test-model\"");
        });
        assertThat(r.result().fills()).hasSize(4);
        String[] from = {"2024-01-09T21:00:00Z", "2024-01-09T22:00:00Z", "2024-01-09T23:00:00Z", "2024-01-10T00:00:00Z"};
        List<String> prompts = port.prompts();
        for (int k = 0; k < 4; k++) {
            Map<String, Object> d = r.details(k);
            Instant asOf = Instant.parse(from[k]).plusSeconds(4 * 3600);
            assertThat(r.window(k)).as("decision %d", k).containsExactly(Map.entry("from", from[k]),
                    Map.entry("to", asOf.minusSeconds(3600).toString()), Map.entry("rows", 4L),
                    Map.entry("every", "1h"));
            assertThat(prompts.get(k)).contains("close of the bar at " + asOf + ".")
                    .contains("\n" + from[k] + ",").contains("\n" + asOf.minusSeconds(3600) + ",")
                    .doesNotContain("\n" + asOf + ",").doesNotContain("\n" + Instant.parse(from[k]).minusSeconds(3600) + ",");
            String want = k % 2 == 0 ? "BUY" : "SELL";
            assertThat(r.result().decisions().decision(k).action()).isEqualTo(Action.valueOf(want));
            assertThat(d).containsEntry("prompt_version", "decision-v2").containsEntry("model", "test-model")
                    .containsEntry("parsed_action", want).containsEntry("fallback_reason", null)
                    .containsEntry("attempts", 1).containsEntry("tokens_in", 120L).containsEntry("tokens_out", 20L)
                    .containsEntry("request_hash", LlmRequest.of(DEFAULTS, "decision-v2", prompts.get(k)).hash());
            assertThat((String) d.get("llm_raw")).contains("\"action\":\"" + want + "\"");
            assertThat((Long) d.get("latency_ms")).isNotNegative();
        }
        assertThat(r.strategy().details(r.result().decisions().ts(0) + 900_000)).as("not a decision bar").isEmpty();

        Map<String, Object> m = r.strategy().runMetrics();
        assertThat(m).containsEntry("model", "test-model").containsEntry("prompt_version", "decision-v2")
                .containsEntry("decisions", 4).containsEntry("llm_calls", 4L).containsEntry("cache_hits", 0L)
                .containsEntry("recorded_attempts", 4L).containsEntry("fallbacks", 0)
                .containsEntry("fallbacks_by_reason", Map.of()).containsEntry("tokens_in", 480L)
                .containsEntry("tokens_out", 80L).containsEntry("estimated_cost", 480 / 1000.0 * 0.5 + 80 / 1000.0 * 2);
        assertThat(m.get("latency_ms_p50")).isNotNull();
        assertThat(r.strategy().metricsBlock()).isEqualTo("llm");
        assertThat(r.strategy().name()).isEqualTo("llm(test-model)");
    }

    @Test
    void a_cached_rerun_asks_nothing_and_explains_every_decision_as_first_recorded() throws Exception {
        BacktestConfig cfg = config("2024-01-11T00:00:00Z", "2024-01-11T06:00:00Z", "1h", "2h", 3, cache("c2"));
        Port port = new Port(LlmRunTest::flipFlop);
        Run first = run(cfg, port);
        assertThat(port.calls).hasSize(3);
        assertThat(first.window(0)).containsEntry("every", "2h").containsEntry("rows", 3L);

        // the cached answers with other latencies, as a first run on a slow server would have recorded them
        DecisionCache cache = new DecisionCache(root.resolve("c2"));
        long[] latency = {40, 10, 30};
        for (int k = 0; k < 3; k++) {
            LlmOutcome o = cache.get((String) first.details(k).get("request_hash")).orElseThrow();
            assertThat(o.cacheHit()).isTrue();
            cache.put(new LlmOutcome(o.decision(), null, 2, latency[k], o.tokensIn(), o.tokensOut(), o.raw(),
                    o.requestHash(), false));
        }
        Port silent = new Port(body -> {
            throw new AssertionError("asked although cached");
        });
        Run again = run(cfg, silent);
        assertThat(silent.calls).isEmpty();
        for (int k = 0; k < 3; k++) {
            Map<String, Object> d = new java.util.LinkedHashMap<>(again.details(k));
            assertThat(d.remove("latency_ms")).isEqualTo(latency[k]);
            assertThat(d.remove("attempts")).isEqualTo(2);
            Map<String, Object> was = new java.util.LinkedHashMap<>(first.details(k));
            was.remove("latency_ms");
            was.remove("attempts");
            assertThat(d).isEqualTo(was);
            assertThat(again.result().decisions().decision(k)).isEqualTo(first.result().decisions().decision(k));
        }
        Map<String, Object> m = again.strategy().runMetrics();
        assertThat(m).containsEntry("llm_calls", 0L).containsEntry("cache_hits", 3L)
                .containsEntry("recorded_attempts", 6L).containsEntry("tokens_in", 360L)
                // nearest rank over 10, 30, 40: p50 the 2nd, p95 the 3rd
                .containsEntry("latency_ms_p50", 30L).containsEntry("latency_ms_p95", 40L);
        assertThat(again.result().metrics()).isEqualTo(first.result().metrics());
    }

    @Test
    void an_unreadable_cache_entry_is_a_miss_and_the_fresh_answer_replaces_it() throws Exception {
        BacktestConfig cfg = config("2024-01-16T00:00:00Z", "2024-01-16T02:00:00Z", "1h", "1h", 2, cache("c4"));
        Port port = new Port(LlmRunTest::flipFlop);
        Run first = run(cfg, port);
        String hash = (String) first.details(0).get("request_hash");
        Path entry = root.resolve("c4").resolve(hash.substring(0, 2)).resolve(hash + ".json");
        assertThat(entry).exists();
        Files.writeString(entry, "{\"action\":\"BU", StandardCharsets.UTF_8);
        Run again = run(cfg, port);
        assertThat(port.calls).hasSize(3); // two, then only the unreadable one again
        assertThat(again.strategy().runMetrics()).containsEntry("cache_hits", 1L).containsEntry("llm_calls", 1L);
        assertThat(new DecisionCache(root.resolve("c4")).get(hash)).get()
                .extracting(o -> o.decision().action()).isEqualTo(Action.BUY);
    }

    @Test
    void the_observer_hears_each_decision_once_as_made_or_read_from_the_cache() throws Exception {
        BacktestConfig cfg = config("2024-01-17T00:00:00Z", "2024-01-17T03:00:00Z", "1h", "1h", 2, cache("c5"));
        List<LlmOutcome> heard = new ArrayList<>();
        Port port = new Port(LlmRunTest::flipFlop);
        for (int n = 0; n < 2; n++) {
            var s = new LlmStrategies(port, DEFAULTS, heard::add).create(cfg, (StrategyParams.Llm) cfg.strategy().params(),
                    source);
            BacktestEngine.run(cfg, new FeatureEngine(source).compute(cfg.featureSpec(), cfg.start(), cfg.end()), s);
        }
        assertThat(port.calls).hasSize(3);
        assertThat(heard).hasSize(6);
        assertThat(heard.subList(0, 3)).noneMatch(LlmOutcome::cacheHit);
        assertThat(heard.subList(3, 6)).allMatch(LlmOutcome::cacheHit);
        for (int k = 0; k < 3; k++) {
            assertThat(heard.get(k + 3).requestHash()).isEqualTo(heard.get(k).requestHash());
            assertThat(heard.get(k + 3).decision()).isEqualTo(heard.get(k).decision());
        }
    }

    @Test
    void a_run_without_a_decision_has_no_latency_percentiles() throws Exception {
        // hourly bars, daily decisions, a run of two hours: no bar closes a day
        Port port = new Port(LlmRunTest::flipFlop);
        Run r = run(config("2024-01-18T00:00:00Z", "2024-01-18T02:00:00Z", "1h", "1d", 2, ""), port);
        assertThat(port.calls).isEmpty();
        assertThat(r.strategy().runMetrics()).containsEntry("decisions", 0).containsEntry("latency_ms_p50", null)
                .containsEntry("latency_ms_p95", null).containsEntry("estimated_cost", 0.0);
    }

    @Test
    void without_a_cache_dir_every_run_asks_again() throws Exception {
        BacktestConfig cfg = config("2024-01-12T00:00:00Z", "2024-01-12T02:00:00Z", "1h", "1h", 2, "");
        Port port = new Port(LlmRunTest::flipFlop);
        run(cfg, port);
        run(cfg, port);
        assertThat(port.calls).hasSize(4);
    }

    @Test
    void failed_decisions_are_holds_with_their_reason_and_only_answers_are_cached() throws Exception {
        BacktestConfig cfg = config("2024-01-13T00:00:00Z", "2024-01-13T03:00:00Z", "1h", "1h", 2,
                cache("c3") + ", breaker_failures: 100");
        Port down = new Port(body -> LlmPort.Reply.text(503, "<h1>down</h1>", null));
        Run r = run(cfg, down);
        assertThat(down.calls).hasSize(6); // 3 decisions x (1 + 1 retry)
        for (int k = 0; k < 3; k++) {
            assertThat(r.result().decisions().decision(k).action()).isEqualTo(Action.HOLD);
            assertThat(r.details(k)).containsEntry("fallback_reason", "http_5xx").containsEntry("parsed_action", null)
                    .containsEntry("llm_raw", "<h1>down</h1>").containsEntry("attempts", 2)
                    .containsEntry("tokens_in", 0L);
        }
        assertThat(r.strategy().runMetrics()).containsEntry("llm_calls", 6L).containsEntry("fallbacks", 3)
                .containsEntry("fallbacks_by_reason", Map.of("http_5xx", 3));

        // a transient failure is not kept: the next run asks again, and the model's bad answer is kept
        Port prose = new Port(body -> LlmPort.Reply.text(200, Answers.content("I think BUY"), null));
        Run second = run(cfg, prose);
        assertThat(prose.calls).hasSize(3);
        assertThat(second.details(0)).containsEntry("fallback_reason", "invalid_json")
                .containsEntry("llm_raw", "I think BUY").containsEntry("tokens_in", 120L);
        Port silent = new Port(body -> LlmPort.Reply.transport("connection"));
        Run third = run(cfg, silent);
        assertThat(silent.calls).isEmpty();
        assertThat(third.strategy().runMetrics()).containsEntry("cache_hits", 3L)
                .containsEntry("fallbacks_by_reason", Map.of("invalid_json", 3));
    }

    @Test
    void the_breaker_turns_a_dead_server_into_holds_without_calls() throws Exception {
        BacktestConfig cfg = config("2024-01-14T00:00:00Z", "2024-01-14T05:00:00Z", "1h", "1h", 2,
                "breaker_failures: 2, breaker_open_ms: 600000");
        Port dead = new Port(body -> LlmPort.Reply.transport("connection"));
        Run r = run(cfg, dead);
        assertThat(dead.calls).hasSize(4); // two decisions x two attempts, then the breaker is open
        List<Object> reasons = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            reasons.add(r.details(k).get("fallback_reason"));
        }
        assertThat(reasons).containsExactly("connection", "connection", "circuit_open", "circuit_open",
                "circuit_open");
        Map<String, Object> m = r.strategy().runMetrics();
        assertThat(m).containsEntry("llm_calls", 4L).containsEntry("recorded_attempts", 4L).containsEntry("fallbacks", 5)
                .containsEntry("fallbacks_by_reason", Map.of("circuit_open", 3, "connection", 2));
        assertThat(m.get("latency_ms_p50")).as("only decisions that reached the server have a latency").isNotNull();
        assertThat(r.details(2)).containsEntry("attempts", 0).containsEntry("latency_ms", 0L);
    }

    @Test
    void no_decision_reaching_the_server_has_no_latency_percentiles() throws Exception {
        BacktestConfig cfg = config("2024-01-14T00:00:00Z", "2024-01-14T02:00:00Z", "1h", "1h", 2,
                "breaker_failures: 1, breaker_open_ms: 600000, retries: 0");
        Port dead = new Port(body -> LlmPort.Reply.transport("timeout"));
        Run r = run(cfg, dead);
        assertThat(dead.calls).hasSize(1);
        assertThat(r.details(1)).containsEntry("fallback_reason", "circuit_open");
        // the one timed-out attempt has a latency; the circuit_open decision none
        assertThat(r.strategy().runMetrics().get("latency_ms_p95")).isEqualTo(r.details(0).get("latency_ms"));
    }

    @Test
    void decision_labels_follow_the_decision_interval() throws Exception {
        Port port = new Port(body -> LlmPort.Reply.text(200, Answers.content(
                "{\"action\":\"HOLD\",\"size_pct\":0,\"note\":\"-\"}"), null));
        assertThat(run(config("2024-01-20T00:00:00Z", "2024-01-21T00:00:00Z", "1h", "1d", 2, ""), port).window(0))
                .containsEntry("every", "1d").containsEntry("from", "2024-01-19T00:00:00Z")
                .containsEntry("to", "2024-01-20T00:00:00Z");
        assertThat(run(config("2024-01-20T00:00:00Z", "2024-01-20T03:00:00Z", "15m", "90m", 1, ""), port).window(0))
                .containsEntry("every", "90m").containsEntry("rows", 1L);
        assertThat(port.prompts().get(0)).contains("one per 1d interval");
    }

    @Test
    void a_prompt_file_is_the_template_and_its_hash_the_version() throws Exception {
        Path file = root.resolve("mine.txt");
        Files.writeString(file, "{{symbol}} MINE {{as_of}} rows={{rows}} every={{decision_every}}\n{{account}}\n",
                StandardCharsets.UTF_8);
        String sha = Hashes.sha256(Files.readAllBytes(file));
        Port port = new Port(LlmRunTest::flipFlop);
        Run r = run(config("2024-01-15T00:00:00Z", "2024-01-15T01:00:00Z", "1h", "1h", 3,
                "prompt_file: '" + file + "', prompt_sha256: " + sha), port);
        assertThat(port.prompts()).containsExactly("BTCUSDT MINE 2024-01-15T01:00:00Z rows=3 every=1h\n"
                + PromptBuilder.account(r.result().decisions().get(0).before()) + "\n");
        assertThat(r.details(0)).containsEntry("prompt_version", "file:" + sha);
        assertThat(r.strategy().runMetrics()).containsEntry("prompt_version", "file:" + sha);

        Files.writeString(file, "changed {{rows}}", StandardCharsets.UTF_8);
        BacktestConfig stale = config("2024-01-15T00:00:00Z", "2024-01-15T01:00:00Z", "1h", "1h", 3,
                "prompt_file: '" + file + "', prompt_sha256: " + sha);
        assertThatThrownBy(() -> run(stale, port)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("strategy.llm.prompt_file").hasMessageContaining("changed since the config was read")
                .hasMessageContaining(sha);
    }

    @Test
    void a_bad_llm_block_is_a_config_error_naming_it() {
        for (String bad : List.of("temprature: 0", "max_tokens: 0", "retries: many")) {
            assertThatThrownBy(() -> run(config("2024-01-15T00:00:00Z", "2024-01-15T01:00:00Z", "1h", "1h", 3, bad),
                    new Port(LlmRunTest::flipFlop))).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("strategy.llm");
        }
    }
}
