package api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP answer of the API, free of any transport: status, content type, extra headers, body. The body is a
 * {@code String}, {@code byte[]} or {@code java.io.InputStream} (streamed, closed by the server when sent), or null.
 */
public record ApiReply(int status, String contentType, Map<String, String> headers, Object body) {
    public static final String JSON = "application/json";

    public ApiReply {
        headers = Map.copyOf(headers);
    }

    public static ApiReply json(int status, Object value) {
        return new ApiReply(status, JSON, Map.of(), ApiJson.write(value));
    }

    public static ApiReply problem(Problem p, Map<String, String> headers) {
        return new ApiReply(p.status(), Problem.MEDIA_TYPE, headers, p.toJson());
    }

    /** The same answer with another body. */
    public ApiReply withBody(Object newBody) {
        return new ApiReply(status, contentType, headers, newBody);
    }

    /** The same answer with one more header. */
    public ApiReply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiReply(status, contentType, h, body);
    }
}
