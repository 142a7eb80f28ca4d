package llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmRequestTest {
    private final LlmSettings settings = LlmSettings.defaults().with(Map.of("model", "m1"));

    @Test
    void body_is_a_non_streaming_chat_request_with_the_schema() throws Exception {
        var body = new ObjectMapper().readTree(LlmRequest.of(settings, "decision-v1", "hello").toJson());
        assertThat(body.get("model").asText()).isEqualTo("m1");
        assertThat(body.get("stream").asBoolean()).isFalse();
        assertThat(body.at("/messages/0/content").asText()).isEqualTo("hello");
        assertThat(body.at("/response_format/json_schema/schema/properties/action/enum").toString())
                .isEqualTo("[\"BUY\",\"SELL\",\"HOLD\"]");
        var plain = new ObjectMapper().readTree(LlmRequest.of(settings.with(Map.of("response_format", false)),
                "decision-v1", "hello").toJson());
        assertThat(plain.has("response_format")).isFalse();
    }

    @Test
    void hash_changes_with_model_prompt_version_temperature_and_schema_only() {
        LlmRequest r = LlmRequest.of(settings, "decision-v1", "p");
        assertThat(r.hash()).hasSize(64).isEqualTo(LlmRequest.of(settings, "decision-v1", "p").hash());
        assertThat(r.hash()).isNotEqualTo(LlmRequest.of(settings, "decision-v1", "q").hash())
                .isNotEqualTo(LlmRequest.of(settings, "decision-v2", "p").hash())
                .isNotEqualTo(LlmRequest.of(settings.with(Map.of("model", "m2")), "decision-v1", "p").hash())
                .isNotEqualTo(LlmRequest.of(settings.with(Map.of("temperature", 0.5)), "decision-v1", "p").hash())
                .isNotEqualTo(LlmRequest.of(settings.with(Map.of("response_format", false)), "decision-v1", "p").hash());
        assertThat(r.hash()).isEqualTo(LlmRequest.of(settings.with(Map.of("retries", 9)), "decision-v1", "p").hash());
    }

    @Test
    void settings_refuse_unknown_keys_and_never_hold_the_key_itself() {
        assertThatThrownBy(() -> settings.with(Map.of("modle", "x"))).hasMessageContaining("modle");
        assertThat(settings.toString()).contains("LLM_API_KEY");
        assertThat(settings.with(Map.of("api_key_env", "NO_SUCH_VAR_FOR_TEST")).apiKey()).isNull();
        assertThat(settings.with(Map.of("base_url", "http://h:1/v1/")).completionsUrl())
                .isEqualTo("http://h:1/v1/chat/completions");
    }

    @Test
    void the_example_llm_config_parses_and_its_block_overrides_the_settings() throws Exception {
        var cfg = backtest.config.BacktestConfig.load(java.nio.file.Path.of("configs/backtest-llm.yaml"));
        var params = (backtest.config.StrategyParams.Llm) cfg.strategy().params();
        assertThat(params.window()).isEqualTo(24);
        LlmSettings s = LlmSettings.defaults().with(params.llm());
        assertThat(s.baseUrl()).isEqualTo("http://localhost:11434/v1");
        assertThat(s.responseFormat()).isTrue();
        assertThat(s.deadlineMs()).isEqualTo(120000);
    }

    /**
     * The hash digests the parts one by one: the same as the former SHA-256 of the whole joined string's UTF-8 bytes,
     * kept here as the reference, on random prompts of every kind of character (ASCII, Latin-1, 2-, 3- and 4-byte
     * UTF-8, lone surrogates at the parts' edges, NULs) and a known value.
     */
    @Test
    void hash_is_the_former_hash_of_the_joined_text() {
        java.util.Random r = new java.util.Random(4);
        String[] alphabet = {"a", "Z", "0", ",", "\n", "\u0000", "é", "µ", "€", "中", "\uD83D\uDE00", "\uD83D",
                "\uDE00", " "};
        for (int i = 0; i < 3_000; i++) {
            StringBuilder p = new StringBuilder();
            for (int k = r.nextInt(3) == 0 ? r.nextInt(5) : r.nextInt(3000); k > 0; k--) {
                p.append(alphabet[r.nextInt(alphabet.length)]);
            }
            String model = i % 7 == 0 ? "m\uD83D" : i % 11 == 0 ? "\uDE00m" : "m" + i;
            LlmSettings s = settings.with(Map.of("model", model, "temperature", r.nextInt(4) * 0.25,
                    "response_format", r.nextBoolean()));
            LlmRequest req = LlmRequest.of(s, i % 5 == 0 ? "file:é" : "decision-v2", p.toString());
            String joined = String.join("\u0000", req.model(), req.promptVersion(), req.prompt(),
                    Double.toString(req.temperature()), req.responseFormat() ? LlmRequest.SCHEMA : "none");
            assertThat(req.hash()).isEqualTo(storage.Hashes.sha256(
                    joined.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        // printf 'm1\000decision-v1\000p\0000.0\000none' | sha256sum (and the former code's hash at 23c4ee7)
        assertThat(LlmRequest.of(settings.with(Map.of("response_format", false, "temperature", 0.0)), "decision-v1",
                "p").hash()).isEqualTo(KNOWN);
    }

    private static final String KNOWN = "60a82128b1e3c954c479950ea6bea39759d8dbec9da6618fa70ba067caf8795b";
}
