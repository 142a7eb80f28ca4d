package routes;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * The HTTP client set-up of the {@code llm-http} component. Apache HttpClient 5 would retry 429 and 503 by itself,
 * waiting out the whole Retry-After (one decision could take 20 s on a {@code Retry-After: 20} whatever its deadline,
 * and the server saw requests {@code llm.LlmClient} never counted): its automatic retries are off, so the client's
 * retry policy is the only one and every request sent is a recorded attempt.
 */
final class LlmHttpGuard implements HttpClientConfigurer {

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries();
    }
}
