package api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import backtest.config.BacktestConfig;
import backtest.config.StrategyParams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A posted config: YAML or JSON, the CLI's parser and messages, and paths held inside the service's folders. */
class PostedConfigTest {
    @TempDir
    Path base;

    private static final String YAML = """
            start: 2024-01-01
            end: 2024-02-01
            interval: 15m
            strategy: {type: ema-cross, decision_every: 1h}
            """;

    private ConfigPolicy policy() {
        return new ConfigPolicy(base, Path.of("data/backtests"), Path.of("data/llm-cache"), "http://llm:11434/v1", "LLM_API_KEY");
    }

    private BacktestConfig read(String body, String type) {
        return PostedConfig.read(body.getBytes(StandardCharsets.UTF_8), type, policy());
    }

    private static Problem problem(ThrowableAssert.ThrowingCallable call) {
        try {
            call.call();
        } catch (ApiException e) {
            return e.problem();
        } catch (Throwable t) {
            throw new AssertionError("expected an ApiException, got " + t, t);
        }
        throw new AssertionError("expected an ApiException");
    }

    @Test
    void an_omitted_output_dir_is_the_runs_folder_and_the_config_equals_the_clis() {
        BacktestConfig posted = read(YAML, "application/yaml");
        assertThat(posted.outputDir()).isEqualTo("data/backtests");
        assertThat(posted.toYaml()).isEqualTo(BacktestConfig.parse(YAML).toYaml()); // the CLI's default output_dir
    }

    @Test
    void json_and_yaml_give_the_same_config() {
        BacktestConfig json = read("""
                {"start": "2024-01-01", "end": "2024-02-01", "interval": "15m",
                 "strategy": {"type": "ema-cross", "decision_every": "1h"}}""", "application/json; charset=UTF-8");
        assertThat(json.toYaml()).isEqualTo(read(YAML, "application/x-yaml").toYaml());
    }

    @Test
    void config_errors_carry_the_clis_message_and_the_key_path() {
        Problem p = problem(() -> read(YAML.replace("decision_every: 1h", "decision_every: 1h, size_pct: 1.5"),
                "application/yaml"));
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.type()).isEqualTo("urn:kline-pipeline:problem:invalid-config");
        assertThat(p.where()).containsEntry("key", "strategy.size_pct");
        assertThat(p.detail()).isEqualTo("strategy.size_pct: must be within [0, 1], got 1.5");
        assertThat(problem(() -> read("start: [", "application/yaml")).detail()).startsWith("not valid YAML: ");
        assertThat(problem(() -> read("{\"start\": ", "application/json")).detail()).startsWith("not valid JSON: ");
        assertThat(problem(() -> read("[1, 2]", "application/json")).detail()).contains("JSON object");
        assertThat(problem(() -> read("{\"start\": 1, \"start\": 2}", "application/json")).detail()).contains("start");
        assertThat(problem(() -> read("", "application/yaml")).detail()).isEqualTo("empty config");
        assertThat(problem(() -> read(YAML + "strategy_typo: 1\n", "application/yaml")).where())
                .containsEntry("key", "strategy_typo");
    }

    @Test
    void other_media_types_and_charsets_are_415_naming_the_header() {
        for (String type : new String[] {null, "", "text/plain", "application/xml", "application/yaml; charset=latin1"}) {
            Problem p = problem(() -> read(YAML, type));
            assertThat(p.status()).as(type).isEqualTo(415);
            assertThat(p.where()).containsEntry("header", "Content-Type");
        }
    }

    @Test
    void a_body_that_is_not_utf8_is_refused() {
        byte[] latin1 = "start: 2024-01-01 # caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        Problem p = problem(() -> PostedConfig.read(latin1, "application/yaml", policy()));
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.detail()).contains("UTF-8");
    }

    @Test
    void output_dir_and_from_run_must_stay_inside_the_runs_folder() throws Exception {
        assertThat(read(YAML + "output_dir: data/backtests/team-a\n", "application/yaml").outputDir())
                .isEqualTo("data/backtests/team-a");
        for (String bad : new String[] {"/tmp/x", "data/backtests/../../etc", "..", "data", "data/backtests2", "elsewhere"}) {
            Problem p = problem(() -> read(YAML + "output_dir: " + bad + "\n", "application/yaml"));
            assertThat(p.status()).as(bad).isEqualTo(400);
            assertThat(p.type()).isEqualTo("urn:kline-pipeline:problem:path-not-allowed");
            assertThat(p.where()).containsEntry("key", "output_dir");
        }
        String replay = YAML.replace("strategy: {type: ema-cross, decision_every: 1h}",
                "strategy: {type: replay, decision_every: 1h, from_run: %s}");
        BacktestConfig ok = read(replay.formatted("data/backtests/ema-cross-0123456789ab"), "application/yaml");
        assertThat(((StrategyParams.Replay) ok.strategy().params()).fromRun()).isEqualTo("data/backtests/ema-cross-0123456789ab");
        Problem p = problem(() -> read(replay.formatted("/etc/passwd"), "application/yaml"));
        assertThat(p.where()).containsEntry("key", "strategy.from_run");
    }

    @Test
    void a_link_inside_the_runs_folder_that_leads_out_is_refused() throws Exception {
        Path runs = Files.createDirectories(base.resolve("data/backtests"));
        Path outside = Files.createDirectories(base.resolve("outside"));
        Files.createSymbolicLink(runs.resolve("escape"), outside);
        Problem p = problem(() -> read(YAML + "output_dir: data/backtests/escape/x\n", "application/yaml"));
        assertThat(p.detail()).contains("through a link");
        Files.createDirectories(runs.resolve("real"));
        assertThat(read(YAML + "output_dir: data/backtests/real/x\n", "application/yaml").outputDir())
                .isEqualTo("data/backtests/real/x");
    }

    @Test
    void the_llm_endpoint_key_and_cache_are_the_services() {
        String llm = YAML.replace("strategy: {type: ema-cross, decision_every: 1h}",
                "strategy: {type: llm, decision_every: 1h, llm: {%s}}");
        assertThat(read(llm.formatted("model: x, base_url: 'http://llm:11434/v1', cache_dir: data/llm-cache/a"),
                "application/yaml")).isNotNull();
        assertThat(problem(() -> read(llm.formatted("base_url: 'http://evil/v1'"), "application/yaml")).where())
                .containsEntry("key", "strategy.llm.base_url");
        assertThat(problem(() -> read(llm.formatted("api_key_env: HOME"), "application/yaml")).where())
                .containsEntry("key", "strategy.llm.api_key_env");
        assertThat(problem(() -> read(llm.formatted("cache_dir: /tmp/c"), "application/yaml")).where())
                .containsEntry("key", "strategy.llm.cache_dir");
    }

    @Test
    void a_symbol_or_window_is_not_checked_here_but_every_value_the_parser_checks_is() {
        assertThatThrownBy(() -> read(YAML.replace("end: 2024-02-01", "end: 2023-01-01"), "application/yaml"))
                .isInstanceOf(ApiException.class).hasMessageContaining("end: must be after start");
    }

    @Test
    void a_prompt_file_must_lie_inside_the_services_folder_and_is_read_and_hashed() throws Exception {
        String llm = YAML.replace("strategy: {type: ema-cross, decision_every: 1h}",
                "strategy: {type: llm, decision_every: 1h, llm: {prompt_file: %s}}");
        Files.createDirectories(base.resolve("prompts"));
        Files.writeString(base.resolve("prompts/mine.txt"), "Decide for {{symbol}}.\n");
        BacktestConfig ok = read(llm.formatted("prompts/mine.txt"), "application/yaml");
        var block = ((StrategyParams.Llm) ok.strategy().params()).llm();
        assertThat(block.get("prompt_file")).isEqualTo(base.resolve("prompts/mine.txt").toAbsolutePath().normalize().toString());
        assertThat(block.get("prompt_sha256")).isEqualTo(storage.Hashes.sha256("Decide for {{symbol}}.\n"
                .getBytes(StandardCharsets.UTF_8)));
        for (String bad : new String[] {"/etc/passwd", "../x.txt"}) {
            Problem p = problem(() -> read(llm.formatted(bad), "application/yaml"));
            assertThat(p.type()).as(bad).isEqualTo("urn:kline-pipeline:problem:path-not-allowed");
            assertThat(p.where()).containsEntry("key", "strategy.llm.prompt_file");
        }
        Problem missing = problem(() -> read(llm.formatted("prompts/none.txt"), "application/yaml"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.where()).containsEntry("key", "strategy.llm.prompt_file");
        assertThat(missing.detail()).contains("no such file");
    }
}
