package api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem detail: {@code type} (a URN naming the kind), {@code title} (the same for every problem of a
 * type), {@code status}, {@code detail} (this occurrence, in words) and members naming where the problem is:
 * {@code key} (a config key path such as {@code strategy.size_pct}), {@code parameter} (a query or path parameter),
 * {@code header}. Never a stack trace.
 */
public record Problem(String type, String title, int status, String detail, Map<String, Object> where) {
    /** Media type of every error answer. */
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String URN = "urn:kline-pipeline:problem:";

    public Problem {
        where = Collections.unmodifiableMap(new LinkedHashMap<>(where));
    }

    /** The kinds of problem the API answers, each with its status and title. */
    public enum Kind {
        INVALID_CONFIG(400, "Invalid backtest config"),
        INVALID_SWEEP(400, "Invalid sweep request"),
        PATH_NOT_ALLOWED(400, "Path outside the service's folders"),
        INVALID_REQUEST(400, "Invalid request"),
        UNKNOWN_PARAMETER(400, "Unknown query parameter"),
        INVALID_PARAMETER(400, "Invalid parameter value"),
        UNAUTHORIZED(401, "Missing or wrong bearer token"),
        NOT_FOUND(404, "Not found"),
        METHOD_NOT_ALLOWED(405, "Method not allowed"),
        CONFLICT(409, "Conflict with the run's state"),
        PAYLOAD_TOO_LARGE(413, "Request body too large"),
        UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
        QUEUE_FULL(429, "Job queue full"),
        INTERNAL_ERROR(500, "Internal error"),
        UNAVAILABLE(503, "Service stopping");

        private final int status;
        private final String title;

        Kind(int status, String title) {
            this.status = status;
            this.title = title;
        }

        public int status() {
            return status;
        }

        public String title() {
            return title;
        }

        /** {@code urn:kline-pipeline:problem:invalid-config}. */
        public String type() {
            return URN + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        public Problem problem(String detail) {
            return new Problem(type(), title, status, detail, Map.of());
        }

        /** A problem naming where: {@code key}, {@code parameter} or {@code header} and its value. */
        public Problem at(String member, String name, String detail) {
            return new Problem(type(), title, status, detail, name == null ? Map.of() : Map.of(member, name));
        }
    }

    /** The problem as its JSON object, members in RFC order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("title", title);
        m.put("status", status);
        m.put("detail", detail);
        m.putAll(where);
        return m;
    }

    public String toJson() {
        return ApiJson.write(toMap());
    }
}
