package routes;

import api.ApiException;
import api.KnownPaths;
import api.Problem;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.camel.component.platform.http.HttpEndpointModel;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the HTTP server does before and after the REST routes, on its Vert.x router: the bearer token check (every
 * path but the health endpoints, when a token is set), problem+json for what never reaches a route - an unknown
 * path (404), a known path with another method (405 with Allow), a body over the limit (413), a failure inside the
 * server (500, logged) - instead of Vert.x's HTML and empty bodies.
 */
final class ApiHttpGuard {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHttpGuard.class);
    static final String HEALTH_PATH = "/observe/health";

    private ApiHttpGuard() {
    }

    static void install(VertxPlatformHttpRouter router, PlatformHttpComponent http, String token) {
        if (token != null) {
            byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
            router.route().order(-1000).handler(ctx -> {
                String given = ctx.request().getHeader("Authorization");
                if (ctx.normalizedPath().startsWith(HEALTH_PATH) || given != null
                        && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
                    ctx.next();
                } else {
                    reply(ctx, new ApiException(Problem.Kind.UNAUTHORIZED.at("header", "Authorization", given == null
                            ? "this service needs Authorization: Bearer <token>" : "wrong bearer token"),
                            Map.of("WWW-Authenticate", "Bearer realm=\"kline-pipeline\"")));
                }
            });
        }
        router.route().order(-999).failureHandler(ctx -> {
            int status = ctx.statusCode();
            if (ctx.response().headWritten()) {
                ctx.response().reset(); // a streamed body failed half-way: cut the connection, the client sees it
                return;
            }
            if (status == 413) {
                reply(ctx, new ApiException(Problem.Kind.PAYLOAD_TOO_LARGE.problem("the body is larger than "
                        + "app.api.max-body-bytes allows")));
            } else if (status >= 400 && status < 500) {
                reply(ctx, new ApiException(Problem.Kind.INVALID_REQUEST.problem("the server refused the request ("
                        + status + ")")));
            } else {
                LOG.error("{} {} failed in the HTTP server", ctx.request().method(), ctx.normalizedPath(), ctx.failure());
                reply(ctx, new ApiException(Problem.Kind.INTERNAL_ERROR.problem("the request failed inside the service"
                        + " (logged)")));
            }
        });
        router.route().last().handler(ctx -> {
            Map<String, Set<String>> templates = new HashMap<>();
            Set<HttpEndpointModel> served = new LinkedHashSet<>(http.getHttpEndpoints());
            served.addAll(http.getHttpManagementEndpoints());
            for (HttpEndpointModel m : served) {
                Set<String> verbs = templates.computeIfAbsent(m.getUri(), k -> new java.util.TreeSet<>());
                if (m.getVerbs() != null) {
                    verbs.addAll(java.util.List.of(m.getVerbs().split(",")));
                }
            }
            String path = ctx.normalizedPath();
            reply(ctx, KnownPaths.refusal(ctx.request().method().name(), path, KnownPaths.methods(path, templates)));
        });
    }

    private static void reply(RoutingContext ctx, ApiException e) {
        var response = ctx.response().setStatusCode(e.problem().status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        e.headers().forEach(response::putHeader);
        response.end(e.problem().toJson());
    }
}
