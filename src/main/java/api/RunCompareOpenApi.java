package api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The parts of the OpenAPI document about {@code GET /runs/compare} the REST DSL cannot say ({@link OpenApiPatch} calls
 * this): the {@link RunCompareView} schema (free-form metrics, parameter values that may be null) and the HTML page.
 */
final class RunCompareOpenApi {
    private RunCompareOpenApi() {
    }

    static void patch(ObjectNode doc) {
        ObjectNode schemas = (ObjectNode) doc.path("components").path("schemas");
        ObjectNode view = schemas.putObject("RunCompareView").put("type", "object");
        view.putArray("required").add("runs").add("params").add("differing");
        ObjectNode props = view.putObject("properties");
        ObjectNode run = props.putObject("runs").put("type", "array").putObject("items").put("type", "object");
        run.putArray("required").add("id").add("strategy").add("metrics");
        ObjectNode runProps = run.putObject("properties");
        runProps.putObject("id").put("type", "string");
        runProps.putObject("strategy").put("type", "string");
        for (String k : new String[] {"start", "end", "interval"}) {
            runProps.putObject(k).put("type", "string").put("nullable", true);
        }
        runProps.putObject("metrics").put("type", "object").put("additionalProperties", true)
                .put("description", "metrics.json of the run, whole");
        props.putObject("params").put("type", "object").put("description", "every config key (flattened, e.g."
                + " strategy.type) with each run's value in the order of runs; null: the run has no such key")
                .putObject("additionalProperties").put("type", "array").putObject("items").put("type", "string")
                .put("nullable", true);
        props.putObject("differing").put("type", "array").putObject("items").put("type", "string");
        JsonNode ok = doc.path("paths").path("/runs/compare").path("get").path("responses").path("200");
        if (ok.isObject()) {
            ObjectNode content = ((ObjectNode) ok).with("content");
            content.putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/RunCompareView");
            content.putObject("text/html").putObject("schema").put("type", "string")
                    .put("description", "the comparison page (Accept: text/html), self-contained");
        }
    }
}
