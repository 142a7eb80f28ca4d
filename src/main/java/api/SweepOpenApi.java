package api;

import backtest.sweep.SweepMetric;
import backtest.sweep.SweepParameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/**
 * The parts of the OpenAPI document about sweeps the REST DSL cannot say ({@link OpenApiPatch} calls this): the
 * posted sweep's schema, ranking.csv as text, required members and closed value sets of {@link SweepView}, and
 * figures that may be null (not a finite number).
 */
final class SweepOpenApi {
    private SweepOpenApi() {
    }

    static void patch(ObjectNode doc) {
        JsonNode post = doc.path("paths").path("/sweeps").path("post");
        JsonNode body = post.path("requestBody").path("content");
        if (body.has(PostedConfig.JSON_TYPE)) {
            sweepSchema(((ObjectNode) body.get(PostedConfig.JSON_TYPE)).putObject("schema"));
        }
        if (body.has("application/yaml")) {
            ((ObjectNode) body.get("application/yaml")).putObject("schema").put("type", "string")
                    .put("description", "the same object as YAML text");
        }
        JsonNode csv = doc.path("paths").path("/sweeps/{id}/ranking.csv").path("get").path("responses").path("200");
        if (csv.isObject()) {
            ((ObjectNode) csv).putObject("content").putObject("text/csv").putObject("schema").put("type", "string")
                    .put("description", "rank,grid_index,<grid keys>,<metrics>; NaN empty, infinity inf");
        }
        ObjectNode schemas = (ObjectNode) doc.path("components").path("schemas");
        required(schemas, "SweepView", "id", "status", "ranked_by", "order", "combinations", "grid", "links");
        required(schemas, "SweepProgress", "done", "total");
        required(schemas, "RankedRow", "rank", "params", "metrics");
        required(schemas, "SweepLinks", "self", "reruns");
        required(schemas, "SweepList", "items", "links");
        JsonNode view = schemas.path("SweepView").path("properties");
        if (view.isObject()) {
            ArrayNode states = ((ObjectNode) view.path("status")).putArray("enum");
            JobStatus.CODES.stream().sorted().forEach(states::add);
            ArrayNode metrics = ((ObjectNode) view.path("ranked_by")).putArray("enum");
            Arrays.stream(SweepMetric.values()).map(SweepMetric::code).forEach(metrics::add);
            ((ObjectNode) view.path("order")).putArray("enum").add("highest first").add("lowest first");
            ((ObjectNode) view.path("error")).remove("additionalProperties");
            ((ObjectNode) view.path("error")).put("additionalProperties", true);
        }
        JsonNode row = schemas.path("RankedRow").path("properties");
        if (row.isObject()) {
            ((ObjectNode) row.path("metrics").path("additionalProperties")).put("nullable", true)
                    .put("description", "null: not a finite number (NaN: undefined, or infinity)");
        }
    }

    private static void sweepSchema(ObjectNode s) {
        s.put("type", "object").put("additionalProperties", false)
                .put("description", "a sweep: a base backtest config and a grid of values to run it with");
        s.putArray("required").add("config").add("grid");
        ObjectNode p = s.putObject("properties");
        p.putObject("config").put("type", "object").put("description", "the base backtest config (the schema of"
                + " configs/backtest.yaml); key paths in problems start with config.");
        ObjectNode grid = p.putObject("grid").put("type", "object").put("description", "key -> \"START:END:STEP\""
                + " (inclusive), \"V1,V2,...\" or an array of numbers; keys: " + SweepParameter.codes()
                + "; at most app.api.max-grid combinations");
        ArrayNode oneOf = grid.putObject("additionalProperties").putArray("oneOf");
        oneOf.addObject().put("type", "string");
        oneOf.addObject().put("type", "number");
        oneOf.addObject().put("type", "array").put("minItems", 1).putObject("items").put("type", "number");
        ArrayNode metrics = p.putObject("rank_by").put("type", "string").put("default", "sharpe").putArray("enum");
        Arrays.stream(SweepMetric.values()).map(SweepMetric::code).forEach(metrics::add);
        p.putObject("rerun_best").put("type", "integer").put("minimum", 0).put("maximum", PostedSweep.MAX_RERUNS)
                .put("default", 0).put("description", "re-run the best N rows as full runs (links.reruns)");
        ArrayNode top = p.putObject("top").put("description", "ranking rows in the answer (default 20)").putArray("oneOf");
        top.addObject().put("type", "integer").put("minimum", 1);
        top.addObject().put("type", "string").putArray("enum").add("all");
    }

    private static void required(ObjectNode schemas, String name, String... members) {
        if (schemas.path(name).isObject()) {
            ArrayNode req = ((ObjectNode) schemas.get(name)).putArray("required");
            for (String m : members) {
                req.add(m);
            }
        }
    }
}
