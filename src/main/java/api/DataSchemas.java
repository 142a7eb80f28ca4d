package api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI schemas of the data endpoints' answers that are not generated from a Java type: feature rows (written
 * by {@link FeatureRowsJson}, columns depending on the indicators asked for) and the coverage report (the verify
 * report's own JSON), plus the closed value sets of the backfill status.
 */
final class DataSchemas {
    private DataSchemas() {
    }

    static void add(ObjectNode schemas) {
        featureRows(schemas);
        coverage(schemas);
        ObjectNode backfill = (ObjectNode) schemas.path("BackfillStatusView");
        if (backfill.isObject()) {
            backfill.putArray("required").add("status").add("links");
            ((ObjectNode) backfill.path("properties").path("status")).putArray("enum").add("idle").add("running");
        }
        ObjectNode run = (ObjectNode) schemas.path("BackfillRunView");
        if (run.isObject()) {
            run.putArray("required").add("source").add("from").add("to").add("started_at");
            ((ObjectNode) run.path("properties").path("source")).putArray("enum").add("api").add("timer");
        }
        ObjectNode progress = (ObjectNode) schemas.path("BackfillProgressView");
        if (progress.isObject()) {
            progress.putArray("required").add("done").add("planned").add("bytes");
        }
        ObjectNode file = (ObjectNode) schemas.path("BackfillFileView");
        if (file.isObject()) {
            file.putArray("required").add("file").add("status").add("bytes");
            ((ObjectNode) file.path("properties").path("status")).putArray("enum").add("ingested").add("not_published")
                    .add("refused").add("failed");
        }
    }

    private static void featureRows(ObjectNode schemas) {
        ObjectNode rows = schemas.putObject("FeatureRows").put("type", "object")
                .put("description", "Feature rows, oldest first, with what they were computed from");
        rows.putArray("required").add("symbol").add("interval").add("indicators").add("gap_policy").add("columns")
                .add("count").add("rows");
        ObjectNode p = rows.putObject("properties");
        p.putObject("symbol").put("type", "string");
        p.putObject("interval").put("type", "string");
        p.putObject("indicators").put("type", "array").put("description", "indicators computed, in column order")
                .putObject("items").put("type", "string");
        p.putObject("gap_policy").put("type", "string").putArray("enum").add("ffill").add("drop").add("none");
        p.putObject("n").put("type", "integer").put("description", "/features/latest: rows asked for");
        p.putObject("start").put("type", "string").put("format", "date-time").put("description", "/features: as asked");
        p.putObject("end").put("type", "string").put("format", "date-time").put("description", "/features: as asked");
        p.putObject("data_last_open_time").put("type", "string").put("format", "date-time")
                .put("description", "the last stored 1m minute the rows were computed with (absent: nothing stored)");
        p.putObject("columns").put("type", "array").put("description", "the members of every row, in order")
                .putObject("items").put("type", "string");
        p.putObject("count").put("type", "integer").put("description", "rows in this answer");
        p.putObject("rows").put("type", "array").putObject("items").put("$ref", "#/components/schemas/FeatureRow");

        ObjectNode row = schemas.putObject("FeatureRow").put("type", "object").put("description", "One bar and its"
                + " indicator values (the columns features compute writes; ts is open_time here)");
        row.putArray("required").add("open_time").add("open").add("high").add("low").add("close").add("volume")
                .add("filled");
        ObjectNode rp = row.putObject("properties");
        rp.putObject("open_time").put("type", "string").put("format", "date-time").put("description", "bar open, UTC");
        for (String c : new String[] {"open", "high", "low", "close", "volume"}) {
            rp.putObject(c).put("type", "number");
        }
        rp.putObject("filled").put("type", "boolean").put("description", "the bar is or holds a forward-filled minute");
        for (String c : features.indicators.IndicatorSpec.defaults().columns()) {
            rp.putObject(c).put("description", "number, or null inside the indicator's warm-up; present when its"
                    + " indicator is asked for");
        }
        row.put("additionalProperties", false);
    }

    private static void coverage(ObjectNode schemas) {
        ObjectNode report = schemas.putObject("CoverageReport").put("type", "object").put("description",
                "The verify report (verify --json FILE): the minutes checked, one summary per month, every problem");
        report.putArray("required").add("symbol").add("checked_at").add("rows").add("missing_minutes").add("months")
                .add("problems").add("clean");
        ObjectNode p = report.putObject("properties");
        p.putObject("symbol").put("type", "string");
        p.putObject("checked_at").put("type", "string").put("format", "date-time");
        p.putObject("checked_from").put("description", "first minute expected (ISO-8601), null: nothing to check");
        p.putObject("checked_to").put("description", "last minute expected, inclusive (ISO-8601), or null");
        p.putObject("rows").put("type", "integer");
        p.putObject("missing_minutes").put("type", "integer");
        p.putObject("clean").put("type", "boolean").put("description", "no problem found");
        ObjectNode month = p.putObject("months").put("type", "array").putObject("items").put("type", "object");
        month.putArray("required").add("month").add("rows").add("missing_minutes");
        ObjectNode mp = month.putObject("properties");
        mp.putObject("month").put("type", "string").put("description", "YYYY-MM");
        mp.putObject("file").put("description", "the month's Parquet file, null when there is none");
        mp.putObject("rows").put("type", "integer");
        mp.putObject("first_open_time").put("description", "first valid minute (ISO-8601) or null");
        mp.putObject("last_open_time").put("description", "last valid minute (ISO-8601) or null");
        mp.putObject("missing_minutes").put("type", "integer").put("description", "inside the checked range");
        ObjectNode problem = p.putObject("problems").put("type", "array").putObject("items").put("type", "object");
        problem.putArray("required").add("kind").add("message").add("count").add("ranges");
        ObjectNode pp = problem.putObject("properties");
        ArrayNode kinds = pp.putObject("kind").put("type", "string").putArray("enum");
        for (verify.ProblemKind k : verify.ProblemKind.values()) {
            kinds.add(k.name());
        }
        pp.putObject("month").put("description", "YYYY-MM, null for store-wide problems");
        pp.putObject("message").put("type", "string");
        pp.putObject("count").put("type", "integer").put("description", "minutes or rows affected");
        ObjectNode range = pp.putObject("ranges").put("type", "array")
                .put("description", "the minutes concerned: every gap; for bad rows the first ones")
                .putObject("items").put("type", "object");
        range.putArray("required").add("start").add("end").add("minutes");
        ObjectNode rgp = range.putObject("properties");
        rgp.putObject("start").put("type", "string").put("format", "date-time").put("description", "first minute");
        rgp.putObject("end").put("type", "string").put("format", "date-time").put("description", "last minute, inclusive");
        rgp.putObject("minutes").put("type", "integer");
    }
}
