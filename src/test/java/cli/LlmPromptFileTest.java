package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import storage.Hashes;

/**
 * {@code strategy.llm.prompt_file}: a user's template, found next to the config, its content hash in the prompt
 * version (and so the request hash, the decision cache's key), the resolved config (the run id) and lineage.json;
 * without it the built-in template stays.
 */
class LlmPromptFileTest extends CliTestBase {
    private int closedPort;

    @BeforeEach
    void data() throws Exception {
        assertThat(run("generate", "--month", "2024-01", "--months", "1", "--seed", "6", "--out", root.resolve("g").toString()))
                .isZero();
        assertThat(run("ingest", root.resolve("g/BTCUSDT-1m-2024-01.zip").toString())).isZero();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort(); // nothing listens there once closed: each decision falls back at once
        }
    }

    @Test
    void the_prompt_file_next_to_the_config_is_hashed_into_requests_config_and_lineage() throws Exception {
        Path configs = Files.createDirectories(root.resolve("configs/prompts"));
        Path template = Files.writeString(configs.resolve("mine.txt"), "You trade {{symbol}}. Rows:\n{{features}}\n");
        Path cfg = Files.writeString(root.resolve("configs/llm.yaml"), config("prompt_file: prompts/mine.txt, "));
        Path first = backtest(cfg);
        String sha = Hashes.sha256(Files.readAllBytes(template));
        assertThat(Files.readString(first.resolve("config.yaml"))).contains("prompt_file: " + template.toAbsolutePath(),
                "prompt_sha256: " + sha);
        assertThat(Files.readString(first.resolve("lineage.json"))).contains("\"prompt_sha256\" : \"" + sha + "\"");
        String decisions = Files.readString(first.resolve("decisions.jsonl"));
        assertThat(decisions).contains("\"prompt_version\":\"file:" + sha + "\"");

        Files.writeString(template, "You trade {{symbol}} carefully. Rows:\n{{features}}\n");
        Path second = backtest(cfg);
        assertThat(second).isNotEqualTo(first); // another template, another run id
        assertThat(requestHash(second)).isNotEqualTo(requestHash(first)); // and another cache key

        Path builtIn = backtest(Files.writeString(root.resolve("configs/plain.yaml"), config("")));
        assertThat(Files.readString(builtIn.resolve("decisions.jsonl"))).contains("\"prompt_version\":\"decision-v");
        assertThat(Files.readString(builtIn.resolve("lineage.json"))).doesNotContain("prompt_sha256");
    }

    @Test
    void a_missing_prompt_file_or_one_given_with_prompt_version_is_refused_naming_the_key() throws Exception {
        Path cfg = Files.writeString(root.resolve("llm.yaml"), config("prompt_file: nope.txt, "));
        assertThat(run("backtest", "--config", cfg.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("strategy.llm.prompt_file: cannot read " + root.resolve("nope.txt")
                .toAbsolutePath() + ": no such file");
        Files.writeString(root.resolve("p.txt"), "x");
        Path both = Files.writeString(root.resolve("both.yaml"), config("prompt_file: p.txt, prompt_version: decision-v1, "));
        err.reset();
        assertThat(run("backtest", "--config", both.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("strategy.llm.prompt_file: give prompt_file or prompt_version, not both");
    }

    private Path backtest(Path cfg) throws Exception {
        out.reset();
        assertThat(run("backtest", "--config", cfg.toString())).as(err.toString()).isZero();
        String folder = out.toString().lines().filter(l -> l.contains("run folder")).findFirst().orElseThrow()
                .replaceAll(".*run folder\\s+", "").trim();
        return Path.of(folder);
    }

    private static String requestHash(Path run) throws Exception {
        String line = Files.readAllLines(run.resolve("decisions.jsonl"), StandardCharsets.UTF_8).get(0);
        return line.replaceAll(".*\"request_hash\":\"([0-9a-f]+)\".*", "$1");
    }

    private String config(String promptKeys) {
        return """
                start: 2024-01-10
                end: 2024-01-10T03:00:00Z
                interval: 1h
                strategy:
                  type: llm
                  decision_every: 1h
                  window: 2
                  llm: {%sbase_url: 'http://127.0.0.1:%d/v1', retries: 0, breaker_failures: 50, cache_dir: ''}
                output_dir: %s
                """.formatted(promptKeys, closedPort, root.resolve("bt").toString().replace("\\", "/"));
    }
}
