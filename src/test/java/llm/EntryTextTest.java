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
 * The fast reader of decision cache entries ({@link EntryText}) is a promise: a cached re-run reads every entry
 * without a JSON tree. So every entry {@link DecisionCache#put} writes with ASCII text is answered by
 * {@code EntryText.read} itself (not "fall back"), exactly as it was put; and what it must decline - another key
 * order, extra, missing or renamed keys, a value without its key, exotic numbers, numbers outside their type,
 * escapes or bytes beyond ASCII, malformed strings - it declines, and the tree reading then gives its answer (the
 * same outcome, or a miss for what is not JSON).
 */
class EntryTextTest {
    private static final String HASH = "cd" + "2".repeat(62);
    private static final String BASE = "{\"action\":\"BUY\",\"size_pct\":0.5,\"note\":\"n\",\"fallback_reason\":null,"
            + "\"attempts\":1,\"latency_ms\":3,\"tokens_in\":1800,\"tokens_out\":20,\"raw\":\"r\"}";
    private static final LlmOutcome BASE_OUTCOME = new LlmOutcome(new Decision(Action.BUY, 0.5, "n"), null, 1, 3,
            1800, 20, "r", HASH, true);

    @TempDir
    Path dir;

    @Test
    void every_entry_put_writes_with_ascii_text_is_answered_by_the_fast_reader_as_it_was_put() throws Exception {
        DecisionCache cache = new DecisionCache(dir);
        Random r = new Random(23);
        int n = 0;
        for (Action a : Action.values()) {
            for (int i = 0; i < 400; i++) {
                LlmOutcome o = outcome(r, a, hash(n++));
                assertWrittenEntryReadFast(cache, o);
            }
        }
        // each ASCII character (DEL, 0x7f, is written as a raw byte and left to the tree) in a note and in the raw text
        for (char c = 0; c < 0x7f; c++) {
            String text = "a" + c + "b" + c;
            assertWrittenEntryReadFast(cache, new LlmOutcome(new Decision(Action.SELL, 1.0, text), "refusal", 2, 0, 0,
                    Long.MAX_VALUE, text, hash(n++), false));
        }
        // sizes 0 and 1 and their neighbours, the empty note, the shortest and longest numbers
        for (double size : new double[] {0.0, 1.0, Double.MIN_VALUE, Math.nextDown(1.0), 1e-7, 0.1, 0.123456789012345}) {
            assertWrittenEntryReadFast(cache, new LlmOutcome(new Decision(Action.HOLD, size, ""), null, Integer.MAX_VALUE,
                    Long.MAX_VALUE, Long.MAX_VALUE, 0, null, hash(n++), false));
        }
    }

    @Test
    void json_escapes_of_ascii_characters_are_read_fast_in_either_hex_case() {
        for (int c = 0; c <= 0x7f; c++) {
            for (String escape : new String[] {String.format("\\u%04x", c), String.format("\\u%04X", c)}) {
                byte[] bytes = BASE.replace("\"note\":\"n\"", "\"note\":\"<" + escape + ">\"")
                        .getBytes(StandardCharsets.US_ASCII);
                LlmOutcome expected = withNote("<" + (char) c + ">");
                assertThat(EntryText.read(bytes, HASH)).as(escape).isEqualTo(expected);
                assertThat(DecisionCache.parse(bytes, HASH)).as(escape).contains(expected);
            }
        }
        String escapes = "\\\" \\\\ \\/ \\b \\f \\n \\r \\t";
        byte[] bytes = BASE.replace("\"raw\":\"r\"", "\"raw\":\"" + escapes + "\"").getBytes(StandardCharsets.US_ASCII);
        LlmOutcome read = EntryText.read(bytes, HASH);
        assertThat(read).isNotNull();
        assertThat(read.raw()).isEqualTo("\" \\ / \b \f \n \r \t");
        assertThat(DecisionCache.parse(bytes, HASH)).contains(read);
        // numbers in any JSON form within 40 characters are read fast
        for (String size : List.of("0", "1", "0.25", "1.0", "5E-1", "5e-1", "0.05e+1", "0.05E1", "25e-2", "-0.0",
                "0." + "5".repeat(38))) {
            byte[] b = BASE.replace("\"size_pct\":0.5", "\"size_pct\":" + size).getBytes(StandardCharsets.US_ASCII);
            LlmOutcome fast = EntryText.read(b, HASH);
            assertThat(fast).as(size).isNotNull();
            assertThat(fast.decision().sizePct()).as(size).isEqualTo(Double.parseDouble(size));
            assertThat(DecisionCache.parse(b, HASH)).as(size).contains(fast);
        }
        for (String count : List.of("0", "7", "-3", "-0", "123456789012345678", "9223372036854775807",
                "-9223372036854775808")) {
            byte[] b = BASE.replace("\"latency_ms\":3", "\"latency_ms\":" + count).getBytes(StandardCharsets.US_ASCII);
            LlmOutcome fast = EntryText.read(b, HASH);
            assertThat(fast).as(count).isNotNull();
            assertThat(fast.latencyMs()).as(count).isEqualTo(Long.parseLong(count));
            assertThat(DecisionCache.parse(b, HASH)).as(count).contains(fast);
        }
    }

    @Test
    void what_the_fast_reader_declines_the_tree_reads_as_the_same_outcome() {
        String note = "\"note\":\"n\"";
        List<String> forms = List.of(
                BASE.replace("{\"action\":\"BUY\",\"size_pct\":0.5,", "{\"size_pct\":0.5,\"action\":\"BUY\","),
                BASE.replace("\"raw\":\"r\"}", "\"raw\":\"r\",\"extra\":[1,{\"a\":null}]}"),
                BASE.replace("{", "{\"model\":\"x\","),
                BASE.replace(":", ": "), BASE.replace(",", " ,"), " " + BASE, BASE + "\n", BASE.replace("}", " }"),
                BASE.replace("\"size_pct\":0.5", "\"size_pct\":\"0.5\""),
                BASE.replace("\"size_pct\":0.5", "\"size_pct\":0.5000000000000000000000000000000000000000"),
                BASE.replace("\"attempts\":1", "\"attempts\":1.0"),
                BASE.replace("\"attempts\":1", "\"attempts\":1e0"),
                BASE.replace("\"attempts\":1", "\"attempts\":1E0"),
                BASE.replace("\"tokens_in\":1800", "\"tokens_in\":1.8e3"),
                BASE.replace("\"tokens_in\":1800", "\"tokens_in\":\"1800\""),
                // trailing bytes after the object: the tree reads the first value and ignores the rest
                BASE + "}", BASE + BASE);
        for (String form : forms) {
            byte[] bytes = form.getBytes(StandardCharsets.UTF_8);
            assertThat(EntryText.read(bytes, HASH)).as(form).isNull();
            assertThat(DecisionCache.read(bytes, HASH)).as(form).contains(BASE_OUTCOME);
        }
        // non-ASCII text, raw or as an escape beyond ASCII, and DEL as a raw byte: the tree decodes it
        for (String text : List.of("caf\u00e9", "\u2028", "\ud83d\ude00", "\u007f", "\u0080")) {
            byte[] raw = BASE.replace(note, "\"note\":\"" + text + "\"").getBytes(StandardCharsets.UTF_8);
            byte[] escaped = BASE.replace(note, "\"note\":\"" + escapeAll(text) + "\"")
                    .getBytes(StandardCharsets.US_ASCII);
            // DEL escaped (\u007f) is ASCII and read fast (above); as a raw byte it is declined
            for (byte[] bytes : text.equals("\u007f") ? List.of(raw) : List.of(raw, escaped)) {
                String form = new String(bytes, StandardCharsets.UTF_8);
                assertThat(EntryText.read(bytes, HASH)).as(form).isNull();
                assertThat(DecisionCache.read(bytes, HASH)).as(form).contains(withNote(text));
            }
        }
        // counts outside their type: the tree's conversions decide (asInt/asLong of a wider number)
        for (String form : List.of(BASE.replace("\"attempts\":1", "\"attempts\":4294967297"),
                BASE.replace("\"attempts\":1", "\"attempts\":2147483648"),
                BASE.replace("\"latency_ms\":3", "\"latency_ms\":9223372036854775808"),
                BASE.replace("\"latency_ms\":3", "\"latency_ms\":-9223372036854775809"),
                BASE.replace("\"latency_ms\":3", "\"latency_ms\":99999999999999999999"),
                BASE.replace("\"latency_ms\":3", "\"latency_ms\":-99999999999999999999"),
                BASE.replace("\"latency_ms\":3", "\"latency_ms\":123456789012345678901"))) {
            byte[] bytes = form.getBytes(StandardCharsets.US_ASCII);
            assertThat(EntryText.read(bytes, HASH)).as(form).isNull();
            Optional<LlmOutcome> tree = DecisionCache.parse(bytes, HASH);
            assertThat(tree).as(form).isPresent();
            assertThat(DecisionCache.read(bytes, HASH)).as(form).isEqualTo(tree);
        }
        // renamed keys of the same length: the tree misses a required field or leaves an optional one null
        for (String key : List.of("action", "size_pct", "note", "fallback_reason", "attempts", "latency_ms",
                "tokens_in", "tokens_out", "raw")) {
            String renamed = key.substring(0, key.length() - 1) + "X";
            byte[] bytes = BASE.replace("\"" + key + "\":", "\"" + renamed + "\":").getBytes(StandardCharsets.US_ASCII);
            assertThat(EntryText.read(bytes, HASH)).as(renamed).isNull();
            Optional<LlmOutcome> expected = switch (key) {
                case "fallback_reason" -> Optional.of(BASE_OUTCOME);
                case "raw" -> Optional.of(new LlmOutcome(BASE_OUTCOME.decision(), null, 1, 3, 1800, 20, null, HASH,
                        true));
                default -> Optional.empty();
            };
            assertThat(DecisionCache.read(bytes, HASH)).as(renamed).isEqualTo(expected);
        }
    }

    @Test
    void what_is_not_json_is_declined_and_then_a_miss() {
        String note = "\"note\":\"n\"";
        List<String> forms = new ArrayList<>(List.of(
                // a value without its key, a key without its value
                BASE.replace(note, "\"n\""),
                BASE.replace("\"fallback_reason\":null", "null"),
                BASE.replace(note, "\"note\":"),
                BASE.replace("\"fallback_reason\":null", "\"fallback_reason\":"),
                BASE.replace("\"raw\":\"r\"", "\"raw\":"),
                BASE.replace("\"attempts\":1", "\"attempts\":"),
                // numbers JSON does not allow
                BASE.replace("\"size_pct\":0.5", "\"size_pct\":1."),
                BASE.replace("\"size_pct\":0.5", "\"size_pct\":0."),
                BASE.replace("\"size_pct\":0.5", "\"size_pct\":0.e1"),
                BASE.replace("\"size_pct\":0.5", "\"size_pct\":1e"),
                BASE.replace("\"size_pct\":0.5", "\"size_pct\":1e+"),
                BASE.replace("\"size_pct\":0.5", "\"size_pct\":.5"),
                BASE.replace("\"size_pct\":0.5", "\"size_pct\":00.5"),
                BASE.replace("\"size_pct\":0.5", "\"size_pct\":+0.5"),
                BASE.replace("\"size_pct\":0.5", "\"size_pct\":-"),
                BASE.replace("\"attempts\":1", "\"attempts\":01"),
                BASE.replace("\"attempts\":1", "\"attempts\":-"),
                BASE.replace("\"latency_ms\":3", "\"latency_ms\":09"),
                // strings cut by a bad escape, the rest of the entry well formed
                BASE.replace(note, "\"note\":\"\\x"),
                BASE.replace(note, "\"note\":\"\\u"),
                BASE.replace(note, "\"note\":\"\\u12"),
                BASE.replace(note, "\"note\":\"\\u00\""),
                BASE.replace(note, "\"note\":\"a\\"),
                BASE.replace("\"raw\":\"r\"}", "\"raw\":\"\\u}"),
                BASE.replace("\"raw\":\"r\"}", "\"raw\":\"\\x}"),
                BASE.replace("\"raw\":\"r\"}", "\"raw\":\"\\"),
                BASE.replace("\"raw\":\"r\"}", "\"raw\":\"r"),
                BASE.replace("\"raw\":\"r\"}", "\"raw\":nul"),
                BASE.replace("\"raw\":\"r\"}", "\"raw\":null"),
                BASE.substring(0, BASE.length() - 1)));
        for (int cut = 0; cut < BASE.length(); cut++) {
            forms.add(BASE.substring(0, cut));
        }
        for (String form : forms) {
            byte[] bytes = form.getBytes(StandardCharsets.US_ASCII);
            assertThat(EntryText.read(bytes, HASH)).as(form).isNull();
            assertThat(DecisionCache.parse(bytes, HASH)).as(form).isEmpty();
            assertThat(DecisionCache.read(bytes, HASH)).as(form).isEmpty();
        }
        // a control character must be escaped in JSON: declined here, and the tree refuses it too
        byte[] tab = BASE.replace(note, "\"note\":\"a\tb\"").getBytes(StandardCharsets.US_ASCII);
        assertThat(EntryText.read(tab, HASH)).isNull();
        assertThat(DecisionCache.read(tab, HASH)).isEqualTo(DecisionCache.parse(tab, HASH));
    }

    private void assertWrittenEntryReadFast(DecisionCache cache, LlmOutcome o) throws Exception {
        cache.put(o);
        String hash = o.requestHash();
        byte[] bytes = Files.readAllBytes(dir.resolve(hash.substring(0, 2)).resolve(hash + ".json"));
        LlmOutcome expected = new LlmOutcome(o.decision(), o.fallbackReason(), o.attempts(), o.latencyMs(),
                o.tokensIn(), o.tokensOut(), o.raw(), hash, true);
        String entry = new String(bytes, StandardCharsets.UTF_8);
        assertThat(EntryText.read(bytes, hash)).as(entry).isEqualTo(expected);
        assertThat(DecisionCache.parse(bytes, hash)).as(entry).contains(expected);
        assertThat(cache.get(hash)).as(entry).contains(expected);
    }

    private static LlmOutcome withNote(String note) {
        return new LlmOutcome(new Decision(Action.BUY, 0.5, note), null, 1, 3, 1800, 20, "r", HASH, true);
    }

    private static String escapeAll(String s) {
        StringBuilder sb = new StringBuilder();
        s.chars().forEach(c -> sb.append(String.format("\\u%04x", c)));
        return sb.toString();
    }

    private static String hash(int i) {
        return String.format("%064x", i * 104_729L + 7);
    }

    /** A random outcome of action {@code a}: every printable ASCII character and the escaped ones in its texts. */
    private static LlmOutcome outcome(Random r, Action a, String hash) {
        double size = switch (r.nextInt(5)) {
            case 0 -> 0.0;
            case 1 -> 1.0;
            case 2 -> r.nextDouble();
            case 3 -> r.nextInt(101) / 100.0;
            default -> Math.scalb(r.nextDouble(), -r.nextInt(1000));
        };
        List<String> reasons = new ArrayList<>(List.of("invalid_json", "schema:size_pct", "schema:action",
                "truncated", "refusal", "empty"));
        reasons.add(null);
        String reason = reasons.get(r.nextInt(reasons.size()));
        int attempts = switch (r.nextInt(3)) {
            case 0 -> 1 + r.nextInt(3);
            case 1 -> r.nextInt();
            default -> r.nextBoolean() ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        };
        return new LlmOutcome(new Decision(a, size, text(r)), reason, attempts, count(r), count(r), count(r),
                r.nextInt(5) == 0 ? null : text(r), hash, false);
    }

    private static long count(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> r.nextInt(5000);
            case 1 -> r.nextLong() >>> r.nextInt(64);
            case 2 -> r.nextLong();
            default -> r.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
        };
    }

    private static String text(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int k = r.nextInt(40); k > 0; k--) {
            sb.append((char) (r.nextInt(8) == 0 ? r.nextInt(0x20) : 0x20 + r.nextInt(0x7f - 0x20)));
        }
        return sb.toString();
    }
}
