package backfill;

/** Which HTTP answers are worth another try: server errors, 429 (rate limited) and 408 (request timeout). */
public final class HttpRetryPolicy {
    private HttpRetryPolicy() {
    }

    public static boolean retryableStatus(int status) {
        return status >= 500 || status == 429 || status == 408;
    }
}
