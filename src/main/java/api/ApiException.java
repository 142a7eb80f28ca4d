package api;

import java.util.Map;

/** A request the API refuses: answered as its {@link Problem} (application/problem+json) with any extra headers. */
public final class ApiException extends RuntimeException {
    private final Problem problem;
    private final Map<String, String> headers;

    public ApiException(Problem problem) {
        this(problem, Map.of());
    }

    public ApiException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false); // an answer, not a failure: no stack trace is ever needed
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The answer to send. */
    public ApiReply reply() {
        return ApiReply.problem(problem, headers);
    }
}
