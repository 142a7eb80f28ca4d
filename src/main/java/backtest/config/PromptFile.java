package backtest.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import storage.Hashes;

/**
 * {@code strategy.llm.prompt_file}: a user's prompt template in place of the built-in {@code prompt_version}. When a
 * config is loaded its path is resolved against a base folder (the config file's folder; the service's folder for a
 * posted config) and the file's SHA-256 is written next to it as {@code prompt_sha256}, so the resolved config - and
 * with it the run id and lineage.json - changes when the template's content does. The LLM strategy checks the hash
 * again when it reads the file, and puts it in the request hash ({@code prompt_version: file:<sha256>}).
 */
public final class PromptFile {
    /** The key of the template's path in the llm block. */
    public static final String KEY = "prompt_file";
    /** The key of its content hash, filled in at load time. */
    public static final String SHA_KEY = "prompt_sha256";
    private static final String PATH = "strategy.llm." + KEY;

    private PromptFile() {
    }

    /** {@code cfg} with its prompt_file (if any) resolved against {@code base} and hashed; other configs unchanged. */
    static BacktestConfig resolve(BacktestConfig cfg, Path base) {
        if (!(cfg.strategy().params() instanceof StrategyParams.Llm l) || !l.llm().containsKey(KEY)) {
            return cfg;
        }
        if (!(l.llm().get(KEY) instanceof String text) || text.isBlank()) {
            throw new ConfigException(PATH, "must be a file path, got " + l.llm().get(KEY));
        }
        if (l.llm().containsKey("prompt_version")) {
            throw new ConfigException(PATH, "give prompt_file or prompt_version, not both");
        }
        Path file = base.resolve(text.strip()).toAbsolutePath().normalize();
        Map<String, Object> m = new LinkedHashMap<>(l.llm());
        m.put(KEY, file.toString());
        m.put(SHA_KEY, Hashes.sha256(read(file)));
        return cfg.withStrategy(cfg.strategy().withParams(new StrategyParams.Llm(m, l.window())));
    }

    /** The template's bytes; a missing, unreadable, empty or non-UTF-8 file is refused naming the key. */
    public static byte[] read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(PATH, "cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(PATH, "cannot read " + file + ": " + (Files.isDirectory(file) ? "a folder"
                    : e.getMessage()));
        }
        if (bytes.length == 0) {
            throw new ConfigException(PATH, file + " is empty");
        }
        try {
            java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ConfigException(PATH, file + " is not UTF-8 text");
        }
        return bytes;
    }

    /** The hash a resolved config recorded for its prompt file, or null. */
    public static String sha256(BacktestConfig cfg) {
        return cfg.strategy().params() instanceof StrategyParams.Llm l && l.llm().get(SHA_KEY) instanceof String s
                ? s : null;
    }
}
