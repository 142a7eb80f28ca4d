package api;

import backtest.config.BacktestConfig;
import backtest.config.ConfigException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * A backtest config posted to the API: YAML ({@code application/yaml}) or JSON ({@code application/json}), read by
 * the same parser and rules as {@code backtest --config} ({@link BacktestConfig#parse}), then held to the
 * {@link ConfigPolicy}. An omitted {@code output_dir} becomes the service's runs folder.
 */
public final class PostedConfig {
    static final Set<String> YAML_TYPES = Set.of("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml");
    static final String JSON_TYPE = "application/json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper YAML_READER = new YAMLMapper();
    private static final YAMLMapper YAML_WRITER = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build());

    private PostedConfig() {
    }

    public static BacktestConfig read(byte[] body, String contentType, ConfigPolicy policy) {
        boolean json = mediaType(contentType);
        String text = utf8(body);
        return ofYaml(json ? jsonAsYaml(text) : text, policy);
    }

    /** A config given as YAML text (a posted sweep's {@code config}), read and held to the policy like a posted one. */
    static BacktestConfig ofYaml(String yaml, ConfigPolicy policy) {
        parse(yaml); // every rule of the CLI first, with its messages
        ObjectNode tree;
        try {
            tree = (ObjectNode) YAML_READER.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("parsed once, not twice", e);
        }
        boolean changed = applyPolicy(tree, policy);
        String text;
        try {
            text = changed ? YAML_WRITER.writeValueAsString(tree) : yaml;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try { // a prompt_file (inside the service's folder, checked above) is read and hashed
            return BacktestConfig.parse(text, policy.base());
        } catch (ConfigException e) {
            throw invalid(e.key(), e.getMessage());
        }
    }

    /** {@code tree} (a JSON or YAML object) as YAML text. */
    static String yaml(JsonNode tree) {
        try {
            return YAML_WRITER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True for JSON, false for YAML; anything else is 415. */
    static boolean mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw unsupported("no Content-Type; send application/yaml or application/json");
        }
        String[] parts = contentType.split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].trim().split("=", 2);
            if (kv[0].trim().equalsIgnoreCase("charset") && kv.length == 2
                    && !kv[1].trim().replace("\"", "").equalsIgnoreCase("utf-8")) {
                throw unsupported("charset " + Printable.of(kv[1].trim()) + " is not accepted; send UTF-8");
            }
        }
        if (type.equals(JSON_TYPE)) {
            return true;
        }
        if (YAML_TYPES.contains(type)) {
            return false;
        }
        throw unsupported("Content-Type " + Printable.of(type) + " is not accepted; send application/yaml or application/json");
    }

    private static ApiException unsupported(String detail) {
        return new ApiException(Problem.Kind.UNSUPPORTED_MEDIA_TYPE.at("header", "Content-Type", detail));
    }

    static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body == null ? new byte[0] : body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(Problem.Kind.INVALID_REQUEST.problem("the body is not UTF-8 text"));
        }
    }

    private static String jsonAsYaml(String text) {
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw invalid("", "not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse("").strip() + where);
        }
        if (tree == null || tree.isMissingNode()) {
            throw invalid("", "empty config");
        }
        if (!tree.isObject()) {
            throw invalid("", "must be a JSON object of keys to values");
        }
        try {
            return YAML_WRITER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BacktestConfig parse(String yaml) {
        try {
            return BacktestConfig.parse(yaml);
        } catch (ConfigException e) {
            throw invalid(e.key(), e.getMessage());
        }
    }

    private static ApiException invalid(String key, String detail) {
        return new ApiException(Problem.Kind.INVALID_CONFIG.at("key", key.isEmpty() ? null : key, detail));
    }

    /** Checks every path and LLM endpoint key; fills in output_dir. True when the tree was changed. */
    private static boolean applyPolicy(ObjectNode root, ConfigPolicy policy) {
        boolean changed = false;
        if (root.hasNonNull("output_dir")) {
            policy.inside("output_dir", root.get("output_dir").asText().trim(), policy.runsDir());
        } else {
            root.put("output_dir", policy.runsDir().toString());
            changed = true;
        }
        JsonNode strategy = root.get("strategy");
        if (strategy != null && strategy.hasNonNull("from_run")) {
            policy.inside("strategy.from_run", strategy.get("from_run").asText().trim(), policy.runsDir());
        }
        JsonNode llm = strategy == null ? null : strategy.get("llm");
        if (llm != null && llm.isObject()) {
            if (llm.hasNonNull("prompt_file")) {
                policy.inside("strategy.llm.prompt_file", llm.get("prompt_file").asText().trim(), policy.base());
            }
            if (llm.hasNonNull("cache_dir")) {
                policy.inside("strategy.llm.cache_dir", llm.get("cache_dir").asText().trim(), policy.llmCacheDir());
            }
            if (llm.hasNonNull("base_url")) {
                policy.same("strategy.llm.base_url", llm.get("base_url").asText().trim(), policy.llmBaseUrl(),
                        "app.llm.base-url");
            }
            if (llm.hasNonNull("api_key_env")) {
                policy.same("strategy.llm.api_key_env", llm.get("api_key_env").asText().trim(), policy.llmApiKeyEnv(),
                        "app.llm.api-key-env");
            }
        }
        return changed;
    }
}
