package replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The pieces of a run replay that need no store: which entry names are unsafe, how a difference is named. */
class RunReplayTest {

    @Test
    void unsafe_entry_names_are_the_zip_slip_and_junk_ones() {
        for (String bad : new String[] {"../x", "id/../../x", "/etc/passwd", "id\\..\\x", "C:/x", "id//x", "id/./x", "",
            "id/x\0"}) {
            assertThat(RunReplay.unsafe(bad)).as(bad).isTrue();
        }
        for (String ok : new String[] {"ema-cross-0123456789ab/metrics.json", "id/a..b", "id/x"}) {
            assertThat(RunReplay.unsafe(ok)).as(ok).isFalse();
        }
    }

    @Test
    void a_difference_is_named_by_json_path_line_or_byte() {
        assertThat(diff("metrics.json", "{\"a\":1,\"b\":{\"c\":[1,2]}}", "{\"a\":1,\"b\":{\"c\":[1,3]}}"))
                .isEqualTo("at $.b.c[1]");
        assertThat(diff("fills.jsonl", "{\"p\":1}\n{\"p\":2}\n", "{\"p\":1}\n{\"p\":2.5}\n")).isEqualTo("at line 2 $.p");
        assertThat(diff("fills.jsonl", "{\"p\":1}\n", "{\"p\":1}\n{\"p\":2}\n")).isEqualTo("at line 2 (only in the re-run)");
        assertThat(diff("config.yaml", "a: 1\nb: 2\n", "a: 1\nb: 3\n")).isEqualTo("at line 2");
        assertThat(diff("report.html", "<p>\n", "<p>")).isEqualTo("in line endings or a final newline");
        assertThat(RunReplay.difference("equity.parquet", new byte[] {1, 2, 3, 4}, new byte[] {1, 2, 9}))
                .isEqualTo("at byte 2 (4 vs 3 bytes)");
        assertThat(diff("metrics.json", "{\"a\":1}", "not json\n")).isEqualTo("at line 1");
    }

    private static String diff(String name, String was, String now) {
        return RunReplay.difference(name, was.getBytes(StandardCharsets.UTF_8), now.getBytes(StandardCharsets.UTF_8));
    }
}
