package api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Finishes the OpenAPI document camel-openapi-java generates from the REST DSL where the DSL cannot say it: every
 * error response (4xx, 5xx) is {@code application/problem+json} (the generator lists the operation's success media
 * types for every response), the posted config is a YAML string or a JSON object, artefacts are text/binary bodies,
 * and the server is the document's own origin.
 */
public final class OpenApiPatch {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private OpenApiPatch() {
    }

    public static String apply(String generated) {
        try {
            ObjectNode doc = (ObjectNode) JSON.readTree(generated);
            doc.putArray("servers").addObject().put("url", "/");
            for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (JsonNode op : iterable(path.getValue())) {
                    patchOperation(path.getKey(), (ObjectNode) op);
                }
            }
            schemas((ObjectNode) doc.path("components").path("schemas"));
            SweepOpenApi.patch(doc);
            DataSchemas.add(doc.with("components").with("schemas"));
            ObjectNode paths = doc.with("paths");
            health(paths, "/observe/health", "Health: every check (liveness and readiness)");
            health(paths, "/observe/health/live", "Liveness: the process and its Camel context run");
            health(paths, "/observe/health/ready", "Readiness: routes started, the inbox watcher polled, the store"
                    + " recovered and writable (DOWN names the reason)");
            metrics(paths);
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void patchOperation(String path, ObjectNode op) {
        JsonNode body = op.path("requestBody").path("content");
        if (body.has(PostedConfig.JSON_TYPE)) {
            ((ObjectNode) body.get(PostedConfig.JSON_TYPE)).putObject("schema").put("type", "object")
                    .put("description", "the config's keys as a JSON object");
        }
        if (body.has("application/yaml")) {
            ((ObjectNode) body.get("application/yaml")).putObject("schema").put("type", "string")
                    .put("description", "the config as YAML text, like configs/backtest.yaml");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = op.path("responses").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ObjectNode response = (ObjectNode) e.getValue();
            int code = e.getKey().matches("\\d{3}") ? Integer.parseInt(e.getKey()) : 0;
            if (code >= 400) {
                response.putObject("content").putObject(Problem.MEDIA_TYPE).putObject("schema")
                        .put("$ref", "#/components/schemas/ProblemDetail");
            } else if (code == 200 && (path.equals("/features") || path.equals("/features/latest"))) {
                response.putObject("content").putObject(ApiReply.JSON).putObject("schema")
                        .put("$ref", "#/components/schemas/FeatureRows");
            } else if (code == 200 && path.equals("/data/coverage")) {
                response.putObject("content").putObject(ApiReply.JSON).putObject("schema")
                        .put("$ref", "#/components/schemas/CoverageReport");
            } else if (code == 200 && path.endsWith("/report")) {
                response.putObject("content").putObject("text/html").putObject("schema").put("type", "string");
            } else if (code == 200 && path.matches(".*/(fills|equity|decisions)")) {
                ObjectNode content = response.putObject("content");
                content.putObject(BacktestApi.JSON_LINES).putObject("schema").put("type", "string")
                        .put("description", "one JSON object per line");
                content.putObject(BacktestApi.PARQUET).putObject("schema").put("type", "string").put("format", "binary");
            }
        }
    }

    /** Required members, closed value sets, and free-form objects (the generator writes Java class names there). */
    private static void schemas(ObjectNode schemas) {
        required(schemas, "RunView", "id", "strategy", "status", "links");
        required(schemas, "RunList", "items", "links");
        required(schemas, "ProblemDetail", "type", "title", "status", "detail");
        required(schemas, "Progress", "phase", "bars_done", "bars_total");
        ObjectNode run = (ObjectNode) schemas.path("RunView").path("properties");
        if (!run.isMissingNode()) {
            ArrayNode states = ((ObjectNode) run.path("status")).putArray("enum");
            JobStatus.CODES.stream().sorted().forEach(states::add);
            for (String free : new String[] {"metrics", "error"}) {
                ((ObjectNode) run.path(free)).remove("additionalProperties");
                ((ObjectNode) run.path(free)).put("additionalProperties", true);
            }
        }
        ObjectNode progress = (ObjectNode) schemas.path("Progress").path("properties").path("phase");
        if (!progress.isMissingNode()) {
            progress.putArray("enum").add("loading").add("running").add("writing").add("publishing");
        }
    }

    private static void required(ObjectNode schemas, String name, String... members) {
        if (schemas.path(name).isObject()) {
            ArrayNode req = ((ObjectNode) schemas.get(name)).putArray("required");
            for (String m : members) {
                req.add(m);
            }
        }
    }

    /** The health endpoints (Camel's management server on the same port; no REST DSL). */
    private static void health(ObjectNode paths, String path, String summary) {
        ObjectNode get = paths.putObject(path).putObject("get");
        get.putArray("tags").add("health");
        get.put("summary", summary).put("operationId", "health" + (path.endsWith("live") ? "Live"
                : path.endsWith("ready") ? "Ready" : ""));
        ObjectNode responses = get.putObject("responses");
        for (String code : new String[] {"200", "503"}) {
            ObjectNode schema = responses.putObject(code).put("description", code.equals("200") ? "UP" : "DOWN")
                    .putObject("content").putObject("application/json").putObject("schema");
            schema.put("type", "object").putArray("required").add("status");
            ObjectNode props = schema.putObject("properties");
            props.putObject("status").put("type", "string").putArray("enum").add("UP").add("DOWN");
            props.putObject("checks").put("type", "array").putObject("items").put("type", "object");
        }
    }

    /** The Prometheus text endpoint (Camel's management server; docs/observability.md lists the meters). */
    private static void metrics(ObjectNode paths) {
        ObjectNode get = paths.putObject("/observe/metrics").putObject("get");
        get.putArray("tags").add("health");
        get.put("summary", "Metrics in the Prometheus text format: ingest, backfill, backtests, LLM, JVM, routes")
                .put("operationId", "metrics");
        ObjectNode content = get.putObject("responses").putObject("200").put("description", "the current values")
                .putObject("content");
        content.putObject("text/plain").putObject("schema").put("type", "string")
                .put("description", "Prometheus text exposition format 0.0.4");
        content.putObject("application/openmetrics-text").putObject("schema").put("type", "string")
                .put("description", "OpenMetrics 1.0 text, when Accept prefers it (as a Prometheus server's scrape does)");
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        return node::elements;
    }
}
