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
