package llm;

import java.nio.charset.StandardCharsets;

/**
 * One HTTP attempt at the chat/completions endpoint. The application implements it with the {@code llm-decide}
 * Camel route; tests may use fakes. It never throws for HTTP or network trouble: the reply says what happened.
 * Retries, backoff, deadline and circuit breaking are {@link LlmClient}'s business; keeping the attempt within
 * the limits of its {@link Call} is the port's.
 */
public interface LlmPort {

    Reply post(Call call);

    /**
     * POST {@code body} to {@code url}; {@code apiKey} (may be null) goes into the Authorization header only.
     *
     * @param connectTimeoutMs TCP connect timeout of this attempt
     * @param timeoutMs        total time of this attempt, connect to last body byte (not an idle timeout): past it
     *                         the connection is closed and the reply is the transport failure {@code timeout}
     * @param maxBodyBytes     read at most this many body bytes plus one: a longer body is cut there (its
     *                         connection closed, the rest unread) and comes back as those {@code maxBodyBytes + 1}
     */
    record Call(String url, String body, String apiKey, long connectTimeoutMs, long timeoutMs, long maxBodyBytes) {
        @Override
        public String toString() {
            return "Call[" + url + ", " + body.length() + " chars" + (apiKey == null ? "" : ", bearer ***") + "]";
        }
    }

    /**
     * The answer: HTTP status and body bytes as received (never more than the call's {@code maxBodyBytes + 1}),
     * the Retry-After header (null when absent), or - status 0 - a transport failure {@code timeout} or
     * {@code connection}.
     */
    record Reply(int status, byte[] body, String retryAfter, String failure) {
        public static Reply transport(String failure) {
            return new Reply(0, null, null, failure);
        }

        /** A reply with a UTF-8 text body (fakes, tests). */
        public static Reply text(int status, String body, String retryAfter) {
            return new Reply(status, body == null ? null : body.getBytes(StandardCharsets.UTF_8), retryAfter, null);
        }
    }
}
