package api;

/**
 * The shape of every error body (application/problem+json, RFC 9457), for the OpenAPI document: {@code key} names a
 * config key path, {@code parameter} a query or path parameter, {@code header} a request header, when one is at fault.
 */
public record ProblemDetail(String type, String title, int status, String detail, String key, String parameter,
                            String header) {
}
