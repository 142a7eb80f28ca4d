package llm;

import static org.assertj.core.api.Assertions.assertThat;

import backtest.Action;
import org.junit.jupiter.api.Test;

class ResponseParserTest {

    private static ResponseParser.Parsed parse(String content) {
        return ResponseParser.parse(Answers.content(content));
    }

    @Test
    void reads_a_valid_buy_with_its_size_note_and_tokens() {
        var p = parse("{\"action\": \"BUY\", \"size_pct\": 0.25, \"note\": \"trend up\"}");
        assertThat(p.reason()).isNull();
        assertThat(p.decision().action()).isEqualTo(Action.BUY);
        assertThat(p.decision().sizePct()).isEqualTo(0.25);
        assertThat(p.decision().note()).isEqualTo("trend up");
        assertThat(p.tokensIn()).isEqualTo(120);
        assertThat(p.tokensOut()).isEqualTo(20);
    }

    @Test
    void reads_sell_and_hold_and_integer_sizes() {
        assertThat(parse("{\"action\":\"SELL\",\"size_pct\":1,\"note\":\"\"}").decision().sizePct()).isEqualTo(1.0);
        assertThat(parse("{\"action\":\"HOLD\",\"size_pct\":0,\"note\":\"wait\"}").decision().action())
                .isEqualTo(Action.HOLD);
    }

    @Test
    void tolerates_one_fence_wrapping_the_whole_json() {
        assertThat(parse("```json\n{\"action\":\"BUY\",\"size_pct\":0.5,\"note\":\"x\"}\n```").decision().action())
                .isEqualTo(Action.BUY);
        assertThat(parse("  ```\n{\"action\":\"SELL\",\"size_pct\":0.5,\"note\":\"x\"}\n```\n").decision().action())
                .isEqualTo(Action.SELL);
    }

    @Test
    void refuses_a_fence_with_text_around_it_or_two_fences() {
        assertThat(parse("Here:\n```json\n{\"action\":\"BUY\",\"size_pct\":0.5,\"note\":\"x\"}\n```").reason())
                .isEqualTo("invalid_json");
        assertThat(parse("```json\n{\"action\":\"BUY\",\"size_pct\":0.5,\"note\":\"x\"}\n```\n```\n{}\n```").reason())
                .isEqualTo("invalid_json");
    }

    @Test
    void json_inside_prose_is_invalid_json() {
        assertThat(parse("I think {\"action\":\"BUY\",\"size_pct\":0.5,\"note\":\"x\"} is best").reason())
                .isEqualTo("invalid_json");
        assertThat(parse("{\"action\":\"BUY\",\"size_pct\":0.5,\"note\":\"x\"} because the trend").reason())
                .isEqualTo("invalid_json");
    }

    @Test
    void broken_json_is_invalid_json() {
        assertThat(parse("{\"action\": \"BUY\", \"size_pct\": 0.5,").reason()).isEqualTo("invalid_json");
        assertThat(ResponseParser.parse("<html><body>Bad gateway</body></html>").reason()).isEqualTo("invalid_json");
    }

    @Test
    void finish_reason_length_is_truncated() {
        var p = ResponseParser.parse(Answers.content("{\"action\": \"BUY\", \"size_p", "length"));
        assertThat(p.reason()).isEqualTo("truncated");
        assertThat(p.decision()).isNull();
        assertThat(p.content()).isEqualTo("{\"action\": \"BUY\", \"size_p");
    }

    @Test
    void out_of_range_size_is_refused_not_clamped() {
        assertThat(parse("{\"action\":\"BUY\",\"size_pct\":1.7,\"note\":\"x\"}").reason()).isEqualTo("schema:size_pct");
        assertThat(parse("{\"action\":\"BUY\",\"size_pct\":-0.1,\"note\":\"x\"}").reason()).isEqualTo("schema:size_pct");
    }

    @Test
    void size_as_a_string_is_refused() {
        assertThat(parse("{\"action\":\"BUY\",\"size_pct\":\"0.5\",\"note\":\"x\"}").reason()).isEqualTo("schema:size_pct");
        assertThat(parse("{\"action\":\"BUY\",\"note\":\"x\"}").reason()).isEqualTo("schema:size_pct");
    }

    @Test
    void unknown_or_lower_case_action_is_refused() {
        assertThat(parse("{\"action\":\"MOON\",\"size_pct\":0.5,\"note\":\"x\"}").reason()).isEqualTo("schema:action");
        assertThat(parse("{\"action\":\"buy\",\"size_pct\":0.5,\"note\":\"x\"}").reason()).isEqualTo("schema:action");
        assertThat(parse("{\"action\":1,\"size_pct\":0.5,\"note\":\"x\"}").reason()).isEqualTo("schema:action");
    }

    @Test
    void note_must_be_a_string_and_extra_fields_are_refused() {
        assertThat(parse("{\"action\":\"BUY\",\"size_pct\":0.5,\"note\":3}").reason()).isEqualTo("schema:note");
        assertThat(parse("{\"action\":\"BUY\",\"size_pct\":0.5}").reason()).isEqualTo("schema:note");
        assertThat(parse("{\"action\":\"BUY\",\"size_pct\":0.5,\"note\":\"x\",\"leverage\":10}").reason())
                .isEqualTo("schema:leverage");
        assertThat(parse("[1,2]").reason()).isEqualTo("schema:object");
    }

    @Test
    void refusal_field_is_refusal() {
        var p = ResponseParser.parse(Answers.refusal("I can't help with trading."));
        assertThat(p.reason()).isEqualTo("refusal");
        assertThat(p.content()).isEqualTo("I can't help with trading.");
    }

    @Test
    void no_choices_or_blank_content_is_empty() {
        assertThat(ResponseParser.parse(Answers.emptyChoices()).reason()).isEqualTo("empty");
        assertThat(parse("   ").reason()).isEqualTo("empty");
        assertThat(ResponseParser.parse("{\"choices\":[{\"message\":{\"role\":\"assistant\"},\"finish_reason\":\"stop\"}]}")
                .reason()).isEqualTo("empty");
    }

    @Test
    void a_failure_becomes_a_hold_with_its_reason() {
        LlmOutcome o = LlmOutcome.of(parse("{\"action\":\"MOON\",\"size_pct\":0.5,\"note\":\"x\"}"), 1, 10, "h", false);
        assertThat(o.decision().action()).isEqualTo(Action.HOLD);
        assertThat(o.fallbackReason()).isEqualTo("schema:action");
        assertThat(o.decision().note()).isEqualTo("llm fallback: schema:action");
    }
}
