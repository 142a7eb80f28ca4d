package api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Checks an HTTP answer against an OpenAPI 3 document: the operation exists (or, for an unknown path or method,
 * the answer is a problem), the status is documented for it, the media type is one documented for that status, and
 * a JSON body matches its schema ($ref, type, required, properties, enum, items, additionalProperties).
 */
final class OpenApiContract {
    private final JsonNode doc;

    OpenApiContract(JsonNode doc) {
        this.doc = doc;
    }

    void check(String method, String pathAndQuery, HttpResponse<byte[]> r) {
        String path = pathAndQuery.split("\\?")[0];
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1); // the router serves /x/ as /x
        }
        String where = method + " " + pathAndQuery + " -> " + r.statusCode();
        String mediaType = r.headers().firstValue("Content-Type").orElse("").split(";")[0].trim().toLowerCase(Locale.ROOT);
        JsonNode op = operation(method, path);
        if (op == null) { // no such operation: only a problem may answer (404, 405, 401)
            assertThat(r.statusCode()).as(where + " (undocumented operation)").isIn(401, 404, 405);
            validate(ApiClient.json(r), doc.at("/components/schemas/ProblemDetail"), where);
            return;
        }
        JsonNode response = op.path("responses").path(Integer.toString(r.statusCode()));
        assertThat(response.isMissingNode()).as(where + ": status not documented for this operation").isFalse();
        JsonNode content = response.path("content");
        if (content.isMissingNode()) {
            return;
        }
        assertThat(content.has(mediaType)).as(where + ": media type " + mediaType + " not documented; documented: "
                + content.fieldNames().next()).isTrue();
        if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
            validate(ApiClient.json(r), content.path(mediaType).path("schema"), where);
        }
    }

    private JsonNode operation(String method, String path) {
        String[] parts = path.split("/", -1);
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String[] t = e.getKey().split("/", -1);
            if (t.length != parts.length) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < t.length && match; i++) {
                match = t[i].startsWith("{") ? !parts[i].isEmpty() : t[i].equals(parts[i]);
            }
            if (match && e.getValue().has(method.toLowerCase(Locale.ROOT))) {
                return e.getValue().get(method.toLowerCase(Locale.ROOT));
            }
        }
        return null;
    }

    void validate(JsonNode value, JsonNode schema, String where) {
        if (value.isNull() && schema.path("nullable").asBoolean(false)) {
            return;
        }
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            validate(value, doc.at(ref.substring(1)), where);
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode e : schema.get("enum")) {
                listed |= e.equals(value);
            }
            assertThat(listed).as(where + ": " + value + " not in " + schema.get("enum")).isTrue();
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> {
                assertThat(value.isObject()).as(where + ": object expected, got " + value).isTrue();
                for (JsonNode req : schema.path("required")) {
                    assertThat(value.has(req.asText())).as(where + ": required " + req + " missing in " + value).isTrue();
                }
                JsonNode props = schema.path("properties");
                JsonNode extra = schema.path("additionalProperties");
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    if (props.has(f.getKey())) {
                        validate(f.getValue(), props.get(f.getKey()), where + "." + f.getKey());
                    } else if (extra.isObject()) {
                        validate(f.getValue(), extra, where + "." + f.getKey());
                    } else {
                        assertThat(extra.isBoolean() && extra.asBoolean() || props.isMissingNode())
                                .as(where + ": undocumented member " + f.getKey()).isTrue();
                    }
                }
            }
            case "array" -> {
                assertThat(value.isArray()).as(where + ": array expected, got " + value).isTrue();
                for (JsonNode item : value) {
                    validate(item, schema.path("items"), where + "[]");
                }
            }
            case "string" -> {
                assertThat(value.isTextual()).as(where + ": string expected, got " + value).isTrue();
                if ("date-time".equals(schema.path("format").asText())) {
                    java.time.Instant.parse(value.asText());
                }
            }
            case "integer" -> assertThat(value.isIntegralNumber()).as(where + ": integer expected, got " + value).isTrue();
            case "number" -> assertThat(value.isNumber()).as(where + ": number expected, got " + value).isTrue();
            case "boolean" -> assertThat(value.isBoolean()).as(where + ": boolean expected, got " + value).isTrue();
            default -> { } // no type: anything
        }
    }
}
