package replay;

import backtest.config.BacktestConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The stable JSON form of a recorded body or header value, {@code {"type": ..., ...}}: a backtest config as its
 * resolved YAML (what {@link BacktestConfig#parse} reads back), text as text, a path as a path, other values as their
 * Jackson tree (record components, ISO instants). Bodies larger than {@link #INLINE_LIMIT} and binary bytes are
 * stored by reference: {@code {"type":"blob","path":"blobs/<sha256>.bin","sha256":...,"bytes":n}} next to the
 * recording. What cannot be represented (a progress listener, a failing serialisation) is written as
 * {@code {"type": <class>, "unsupported": <why>}} and is not replayable.
 */
public final class ExchangeJson {
    /** Larger bodies are written to a blob file and referenced. */
    public static final int INLINE_LIMIT = 256 * 1024;

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path blobDir;

    /** @param blobDir where blobs go ({@code <route dir>/blobs}); the reference is relative to its parent */
    public ExchangeJson(Path blobDir) {
        this.blobDir = blobDir;
    }

    public static ObjectMapper mapper() {
        return JSON;
    }

    /** The JSON form of {@code value}; never throws. */
    public JsonNode value(Object value) {
        ObjectNode n = JSON.createObjectNode();
        if (value == null) {
            return n.nullNode();
        }
        try {
            if (value instanceof BacktestConfig c) {
                return n.put("type", "backtest-config").put("yaml", c.toYaml());
            }
            if (value instanceof CharSequence s) {
                String text = s.toString();
                return text.length() > INLINE_LIMIT ? blob(text.getBytes(StandardCharsets.UTF_8))
                        : n.put("type", "text").put("text", text);
            }
            if (value instanceof byte[] b) {
                String text = b.length <= INLINE_LIMIT ? utf8(b) : null;
                return text == null ? blob(b) : n.put("type", "bytes-text").put("text", text);
            }
            if (value instanceof Path p) {
                return n.put("type", "path").put("path", p.toString());
            }
            if (value instanceof Number || value instanceof Boolean) {
                return n.put("type", value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT))
                        .set("value", JSON.valueToTree(value));
            }
            JsonNode tree = JSON.valueToTree(value);
            if (tree.isObject() && tree.isEmpty() && !value.getClass().isRecord()) { // a listener, a lambda: no data
                return unsupported(value, "not representable as data");
            }
            byte[] bytes = JSON.writeValueAsBytes(tree);
            if (bytes.length > INLINE_LIMIT) {
                return blob(bytes).put("of", value.getClass().getName());
            }
            return n.put("type", value.getClass().getName()).set("json", tree);
        } catch (RuntimeException | IOException e) {
            return unsupported(value, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * The value a recorded JSON form stands for (blobs read from {@code routeDir} and checked against their SHA-256);
     * throws {@link IllegalArgumentException} for an unsupported or unreadable one.
     */
    public static Object decode(JsonNode n, Path routeDir) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.has("unsupported")) {
            throw new IllegalArgumentException("recorded as unsupported (" + n.path("type").asText() + ")");
        }
        String type = n.path("type").asText();
        try {
            switch (type) {
                case "backtest-config":
                    return BacktestConfig.parse(n.path("yaml").asText());
                case "text", "bytes-text":
                    return n.path("text").asText();
                case "path":
                    return Path.of(n.path("path").asText());
                case "long", "integer":
                    return n.path("value").asLong();
                case "boolean":
                    return n.path("value").asBoolean();
                case "double":
                    return n.path("value").asDouble();
                case "blob": {
                    byte[] b = Files.readAllBytes(routeDir.resolve(n.path("path").asText()).normalize());
                    if (!sha256(b).equals(n.path("sha256").asText())) {
                        throw new IllegalArgumentException("blob " + n.path("path").asText() + " does not match its SHA-256");
                    }
                    return n.has("of") ? JSON.readValue(b, Class.forName(n.path("of").asText())) : b;
                }
                default:
                    return JSON.treeToValue(n.path("json"), Class.forName(type));
            }
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw e instanceof IllegalArgumentException iae ? iae
                    : new IllegalArgumentException("cannot read recorded " + type + ": " + e.getMessage(), e);
        }
    }

    /** The marker of a value that is not recorded. */
    public static ObjectNode unsupported(Object value, String why) {
        return JSON.createObjectNode().put("type", value.getClass().getName()).put("unsupported", why);
    }

    private ObjectNode blob(byte[] bytes) throws IOException {
        String sha = sha256(bytes);
        Files.createDirectories(blobDir);
        Path file = blobDir.resolve(sha + ".bin");
        if (!Files.exists(file)) {
            Path tmp = Files.createTempFile(blobDir, sha, ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return JSON.createObjectNode().put("type", "blob").put("path", blobDir.getFileName() + "/" + file.getFileName())
                .put("sha256", sha).put("bytes", bytes.length);
    }

    /** The text of valid UTF-8 without NUL characters, else null (binary). */
    static String utf8(byte[] b) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
            return s.indexOf('\0') >= 0 ? null : s;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line of JSON (no newline). */
    public static String line(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
