package routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.TestApp;

/**
 * Start-up (issue 14): a one-shot runtime does not create what only the long-lived process uses - the inbox and
 * replay-drop watchers and the backfill timer - nor the LLM's HTTP endpoint (client, TLS context) before a call needs
 * it; the long-lived process still has every route.
 */
class OneShotRoutesTest {
    private static final String[] LONG_LIVED_ONLY = {Endpoints.ROUTE_INGEST_INBOX, Endpoints.ROUTE_BACKFILL_TIMER,
        Endpoints.ROUTE_REPLAY_WATCH};

    @TempDir
    Path root;

    @Test
    void a_one_shot_runtime_has_the_request_routes_only_and_no_llm_endpoint() throws Exception {
        try (PipelineRuntime app = TestApp.oneShot(root)) {
            CamelContext context = app.main().getCamelContext();
            for (String id : LONG_LIVED_ONLY) {
                assertThat(context.getRoute(id)).as(id).isNull();
            }
            for (String id : new String[] {Endpoints.ROUTE_INGEST_FILE, Endpoints.ROUTE_VERIFY,
                Endpoints.ROUTE_VERIFY_REPAIR, Endpoints.ROUTE_BACKFILL_RUN, Endpoints.ROUTE_BACKFILL_HTTP,
                Endpoints.ROUTE_FEATURES, Endpoints.ROUTE_BACKTEST, Endpoints.ROUTE_LLM_DECIDE, Endpoints.ROUTE_EXPORT,
                Endpoints.ROUTE_REPLAY}) {
                assertThat(context.getRouteController().getRouteStatus(id)).as(id).isNotNull()
                        .matches(s -> s.isStarted());
            }
            assertThat(context.getEndpoints()).extracting(Endpoint::getEndpointUri)
                    .noneMatch(uri -> uri.startsWith("llm-http:") || uri.startsWith("file:") || uri.startsWith("timer:"));
            assertThat(app.verify(new verify.VerifyRequest("BTCUSDT", null, null)).clean()).isTrue();
        }
    }

    @Test
    void a_command_s_runtime_creates_only_the_routes_its_requests_use() throws Exception {
        Map<String, String> settings = support.TestApp.settings(root);
        try (PipelineRuntime app = PipelineRuntime.startOneShot(settings, PipelineRuntime.Requests.VERIFY)) {
            CamelContext context = app.main().getCamelContext();
            assertThat(context.getRoutes()).extracting(org.apache.camel.Route::getRouteId)
                    .containsExactly(Endpoints.ROUTE_VERIFY);
            assertThat(context.hasComponent("platform-http")).as("no HTTP server component in a command").isNull();
            assertThat(context.hasComponent("llm-http")).as("the LLM's component made when first called").isNull();
            assertThat(app.verify(new verify.VerifyRequest("BTCUSDT", null, null)).clean()).isTrue();
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> app.ingest(root.resolve("x.zip"), false)))
                    .as("no ingest route in a verify runtime").isNotNull();
        }
        try (PipelineRuntime app = PipelineRuntime.startOneShot(settings, PipelineRuntime.Requests.BACKTEST)) {
            assertThat(app.main().getCamelContext().getRoutes()).extracting(org.apache.camel.Route::getRouteId)
                    .containsExactlyInAnyOrder(Endpoints.ROUTE_BACKTEST, Endpoints.ROUTE_BACKTEST_SWEEP,
                            Endpoints.ROUTE_BACKTEST_WALK_FORWARD, Endpoints.ROUTE_BACKTEST_CHECK_BIAS,
                            Endpoints.ROUTE_LLM_DECIDE);
        }
        try (PipelineRuntime app = PipelineRuntime.startOneShot(settings, PipelineRuntime.Requests.FEATURES)) {
            assertThat(app.main().getCamelContext().getRoutes()).extracting(org.apache.camel.Route::getRouteId)
                    .containsExactly(Endpoints.ROUTE_FEATURES);
        }
        try (PipelineRuntime app = PipelineRuntime.startOneShot(settings, PipelineRuntime.Requests.ALL)) {
            assertThat(app.main().getCamelContext().getRoutes()).extracting(org.apache.camel.Route::getRouteId)
                    .contains(Endpoints.ROUTE_VERIFY, Endpoints.ROUTE_VERIFY_REPAIR, Endpoints.ROUTE_INGEST_FILE,
                            Endpoints.ROUTE_BACKFILL_HTTP, Endpoints.ROUTE_FEATURES_REFRESH, Endpoints.ROUTE_EXPORT,
                            Endpoints.ROUTE_REPLAY, Endpoints.ROUTE_BACKTEST, Endpoints.ROUTE_LLM_DECIDE)
                    .doesNotContain(LONG_LIVED_ONLY);
        }
    }

    @Test
    void the_backfill_s_http_components_are_made_when_first_used_with_their_settings() throws Exception {
        Map<String, String> settings = support.TestApp.settings(root);
        settings.put("app.backfill.http.connect-timeout-ms", "1234");
        settings.put("app.backfill.http.response-timeout-ms", "5678");
        try (PipelineRuntime app = PipelineRuntime.startOneShot(settings, PipelineRuntime.Requests.VERIFY)) {
            assertThat(app.main().getCamelContext().hasComponent("http")).as("nothing downloads: not made").isNull();
            assertThat(app.main().getCamelContext().hasComponent("https")).isNull();
        }
        try (PipelineRuntime app = PipelineRuntime.startOneShot(settings)) {
            CamelContext context = app.main().getCamelContext();
            for (String scheme : new String[] {"http", "https"}) {
                org.apache.camel.component.http.HttpComponent http =
                        context.getComponent(scheme, org.apache.camel.component.http.HttpComponent.class);
                assertThat(http.getConnectTimeout()).as(scheme).isEqualTo(1234);
                assertThat(http.getResponseTimeout()).as(scheme).isEqualTo(5678);
                assertThat(http.getSoTimeout()).as(scheme).isEqualTo(5678);
                assertThat(http.isFollowRedirects()).as(scheme).isTrue();
                assertThat(http.getHttpClientConfigurer()).as(scheme).isInstanceOf(BackfillHttpClient.class);
            }
            org.apache.camel.component.http.HttpComponent llm =
                    context.getComponent("llm-http", org.apache.camel.component.http.HttpComponent.class);
            assertThat(llm.getHttpClientConfigurer()).as("the LLM's own, untouched").isInstanceOf(LlmHttpGuard.class);
        }
    }

    @Test
    void the_long_lived_process_still_has_every_route() throws Exception {
        try (PipelineRuntime app = TestApp.longLived(root, Map.of("app.backfill.enabled", "false"))) {
            CamelContext context = app.main().getCamelContext();
            for (String id : LONG_LIVED_ONLY) {
                assertThat(context.getRoute(id)).as(id).isNotNull();
            }
            assertThat(context.getRouteController().getRouteStatus(Endpoints.ROUTE_INGEST_INBOX).isStarted()).isTrue();
            assertThat(context.getRouteController().getRouteStatus(Endpoints.ROUTE_REPLAY_WATCH).isStarted()).isTrue();
            assertThat(context.getRouteController().getRouteStatus(Endpoints.ROUTE_BACKFILL_TIMER).isStopped())
                    .as("app.backfill.enabled=false: created, not started, as before").isTrue();
        }
    }
}
