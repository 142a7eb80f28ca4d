package replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExchangeRecorderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    private Path file(String route) {
        return dir.resolve(route).resolve(RecordingLog.today() + ".jsonl");
    }

    @Test
    void redacted_headers_keep_their_name_only_and_the_token_is_dropped() throws Exception {
        try (ExchangeRecorder r = new ExchangeRecorder(dir, List.of("llm-decide"), List.of("LLMURL"))) {
            var line = r.begin("llm-decide", "{}", Map.of("llmUrl", "http://secret-host/v1", "llmApiKey", "sk-xyz",
                    "llmTimeoutMs", 5000L));
            r.done(line, "{\"ok\":1}".getBytes(), 200, null);
        }
        String text = Files.readString(file("llm-decide"));
        assertThat(text).doesNotContain("sk-xyz").doesNotContain("secret-host").contains("<redacted>");
        JsonNode n = JSON.readTree(text);
        assertThat(n.at("/headers/llmTimeoutMs/value").asLong()).isEqualTo(5000);
        assertThat(n.at("/output/status").asInt()).isEqualTo(200);
    }

    @Test
    void binary_and_large_bodies_are_stored_by_reference_and_unsupported_values_are_marked() throws Exception {
        byte[] binary = {0, 1, 2, (byte) 0xff};
        try (ExchangeRecorder r = new ExchangeRecorder(dir, List.of("backtest"), List.of())) {
            var line = r.begin("backtest", "x".repeat(ExchangeJson.INLINE_LIMIT + 1), Map.of("klineProgress", new Object()));
            r.done(line, binary, null, null);
        }
        JsonNode n = JSON.readTree(Files.readString(file("backtest")));
        assertThat(n.at("/input/type").asText()).isEqualTo("blob");
        assertThat(Files.size(dir.resolve("backtest").resolve(n.at("/input/path").asText())))
                .isEqualTo(ExchangeJson.INLINE_LIMIT + 1);
        assertThat(n.at("/output/body/type").asText()).isEqualTo("blob");
        assertThat(n.at("/output/body/sha256").asText()).isEqualTo(ExchangeJson.sha256(binary));
        assertThat(n.at("/headers/klineProgress/unsupported").isTextual()).isTrue();
    }

    @Test
    void lines_from_many_threads_are_never_interleaved() throws Exception {
        try (ExchangeRecorder r = new ExchangeRecorder(dir, List.of("features"), List.of())) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 50; i++) {
                        r.done(r.begin("features", "t" + id + "-" + i + "-" + "y".repeat(2000), Map.of()), "ok", null, null);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
        }
        List<String> lines = Files.readAllLines(file("features"));
        assertThat(lines).hasSize(200);
        for (String l : lines) {
            assertThat(JSON.readTree(l).get("route").asText()).isEqualTo("features");
        }
    }
}
