package llm;

import static org.assertj.core.api.Assertions.assertThat;

import backtest.Action;
import backtest.Decision;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decision cache reads an entry as the JSON tree reading did ({@link DecisionCache#parse}, the former
 * {@code get}): every entry {@link DecisionCache#put} writes (random outcomes: every action, sizes, notes and raw
 * texts with quotes, backslashes, control characters, non-ASCII and emoji, null reasons and raw, extreme counts), and
 * entries in other forms - whitespace, another key order, extra or missing fields, values of other types, numbers as
 * strings, trailing bytes, truncated files, invalid UTF-8, empty files - give the tree reading's answer, the same
 * outcome or a miss; most written entries are read without the tree.
 */
class DecisionCacheTest {
    @TempDir
    Path dir;

    @Test
    void every_written_entry_reads_back_as_the_tree_reads_it() throws Exception {
        DecisionCache cache = new DecisionCache(dir);
        Random r = new Random(11);
        int fast = 0;
        int ascii = 0;
        for (int i = 0; i < 3_000; i++) {
            String hash = String.format("%064x", i * 7919L + 13);
            LlmOutcome o = outcome(r, hash);
            cache.put(o);
            byte[] bytes = Files.readAllBytes(dir.resolve(hash.substring(0, 2)).resolve(hash + ".json"));
            Optional<LlmOutcome> tree = DecisionCache.parse(bytes, hash);
            assertThat(tree).isPresent();
            assertThat(cache.get(hash)).as(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(tree);
            assertThat(tree.get()).isEqualTo(new LlmOutcome(o.decision(), o.fallbackReason(), o.attempts(),
                    o.latencyMs(), o.tokensIn(), o.tokensOut(), o.raw(), hash, true));
            boolean read = EntryText.read(bytes, hash) != null;
            // what is not read without the tree: text with non-ASCII characters or DEL (written as raw bytes)
            boolean plain = (o.decision().note() + (o.raw() == null ? "" : o.raw())).chars().allMatch(c -> c < 0x7f);
            assertThat(read).as(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(plain);
            fast += read ? 1 : 0;
            ascii += plain ? 1 : 0;
        }
        assertThat(fast).as("entries read without the tree").isEqualTo(ascii).isGreaterThan(300);
        assertThat(cache.get("ff" + "0".repeat(62))).isEmpty();
    }

    @Test
    void entries_in_other_forms_give_the_tree_readings_answer() {
        String hash = "ab" + "1".repeat(62);
        String base = "{\"action\":\"BUY\",\"size_pct\":0.5,\"note\":\"n\",\"fallback_reason\":null,\"attempts\":1,"
                + "\"latency_ms\":3,\"tokens_in\":1800,\"tokens_out\":20,\"raw\":\"{\\\"action\\\":\\\"BUY\\\"}\"}";
        List<String> forms = new ArrayList<>(List.of(base, base + " ", base + "\n", base + "x", base + "{}",
                " " + base, base.replace(":", " : "), base.replace(",", ", "),
                base.replace("\"size_pct\":0.5", "\"size_pct\":\"0.5\""),
                base.replace("\"size_pct\":0.5", "\"size_pct\":1"),
                base.replace("\"size_pct\":0.5", "\"size_pct\":1.7"),
                base.replace("\"size_pct\":0.5", "\"size_pct\":5E-1"),
                base.replace("\"size_pct\":0.5", "\"size_pct\":0.05e+1"),
                base.replace("\"size_pct\":0.5", "\"size_pct\":-0.0"),
                base.replace("\"size_pct\":0.5", "\"size_pct\":00.5"),
                base.replace("\"size_pct\":0.5", "\"size_pct\":.5"),
                base.replace("\"size_pct\":0.5", "\"size_pct\":0.5000000000000000000000000000000000000000001"),
                base.replace("\"size_pct\":0.5", "\"size_pct\":null"),
                base.replace("\"attempts\":1", "\"attempts\":1.0"),
                base.replace("\"attempts\":1", "\"attempts\":4294967297"),
                base.replace("\"attempts\":1", "\"attempts\":-1"),
                base.replace("\"attempts\":1", "\"attempts\":\"1\""),
                base.replace("\"latency_ms\":3", "\"latency_ms\":99999999999999999999"),
                base.replace("\"latency_ms\":3", "\"latency_ms\":-0"),
                base.replace("\"tokens_in\":1800", "\"tokens_in\":1e3"),
                base.replace("\"action\":\"BUY\"", "\"action\":\"MOON\""),
                base.replace("\"action\":\"BUY\"", "\"action\":\"buy\""),
                base.replace("\"action\":\"BUY\"", "\"action\":1"),
                base.replace("\"action\":\"BUY\"", "\"action\":\"B\\u0055Y\""),
                base.replace("\"note\":\"n\"", "\"note\":null"),
                base.replace("\"note\":\"n\"", "\"note\":\"caf\u00e9 \\u00e9 \\ud83d\\ude00 \\/ \\b\\f\\n\\r\\t\""),
                base.replace("\"note\":\"n\"", "\"note\":\"tab\there\""),
                base.replace("\"note\":\"n\"", "\"note\":\"bad \\x escape\""),
                base.replace("\"note\":\"n\"", "\"note\":\"\\u00zz\""),
                base.replace("\"fallback_reason\":null", "\"fallback_reason\":\"invalid_json\""),
                base.replace("\"fallback_reason\":null", "\"fallback_reason\":nul"),
                base.replace("\"fallback_reason\":null", "\"fallback_reason\":7"),
                base.replace("\"raw\":\"{\\\"action\\\":\\\"BUY\\\"}\"", "\"raw\":null"),
                base.replace(",\"raw\":\"{\\\"action\\\":\\\"BUY\\\"}\"", ""),
                base.replace("\"note\":\"n\",", ""),
                base.replace("{\"action\":\"BUY\",", "{\"extra\":1,\"action\":\"BUY\","),
                base.replace("\"tokens_out\":20,", "\"tokens_out\":20,\"tokens_out\":21,"),
                "{\"size_pct\":0.5,\"action\":\"SELL\",\"note\":\"n\",\"attempts\":1,\"latency_ms\":3,\"tokens_in\":1,"
                        + "\"tokens_out\":2,\"raw\":\"x\"}",
                "", "{", "null", "[]", "{}"));
        for (int cut = 1; cut < base.length(); cut += 7) {
            forms.add(base.substring(0, cut));
        }
        for (String form : forms) {
            byte[] bytes = form.getBytes(StandardCharsets.UTF_8);
            assertThat(DecisionCache.read(bytes, hash)).as(form).isEqualTo(DecisionCache.parse(bytes, hash));
        }
        byte[] latin1 = base.replace("\"note\":\"n\"", "\"note\":\"caf\u00e9\"").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(DecisionCache.read(latin1, hash)).isEqualTo(DecisionCache.parse(latin1, hash)).isEmpty();
        byte[] utf16 = base.getBytes(StandardCharsets.UTF_16);
        assertThat(DecisionCache.read(utf16, hash)).isEqualTo(DecisionCache.parse(utf16, hash));
        assertThat(EntryText.read(base.getBytes(StandardCharsets.UTF_8), hash)).isNotNull();
    }

    private static LlmOutcome outcome(Random r, String hash) {
        Action a = Action.values()[r.nextInt(Action.values().length)];
        double size = switch (r.nextInt(4)) {
            case 0 -> 0.0;
            case 1 -> 1.0;
            case 2 -> r.nextDouble();
            default -> r.nextInt(100) / 100.0;
        };
        String reason = r.nextInt(3) == 0 ? List.of("invalid_json", "schema:size_pct", "truncated", "refusal", "empty")
                .get(r.nextInt(5)) : null;
        long big = r.nextBoolean() ? r.nextInt(5000) : r.nextLong() >>> r.nextInt(64);
        return new LlmOutcome(new Decision(a, size, text(r)), reason, 1 + r.nextInt(r.nextBoolean() ? 3 : 1 << 30),
                big, r.nextInt(4000), r.nextBoolean() ? 0 : Long.MAX_VALUE - r.nextInt(3), r.nextInt(5) == 0 ? null
                : text(r), hash, false);
    }

    private static String text(Random r) {
        String[] parts = {"flat", "{\"action\":\"BUY\",\"size_pct\":0.5}", "\\", "\"", "/", "\n", "\t", "\u0001",
                "\u007f", "caf\u00e9", "\u2028", "\ud83d\ude00", "<tag>", " ", "```json", "0"};
        StringBuilder sb = new StringBuilder();
        for (int k = r.nextInt(8); k > 0; k--) {
            sb.append(r.nextInt(3) == 0 ? parts[r.nextInt(parts.length)] : parts[r.nextInt(2)]);
        }
        return sb.toString();
    }
}
