package routes;

import api.ApiException;
import api.KnownPaths;
import api.Problem;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the HTTP server does before and after the REST routes, on its Vert.x router: the bearer token check (every
 * path but the health and metrics endpoints and the dashboard's page, when a token is set: probes and scrapers need
 * none, and neither shows more than names, states and counts; the page holds no data), problem+json for what never
 * reaches a route - an unknown path (404), a known path with another method (405 with Allow), a body over the limit
 * (413), a failure inside the server (500, logged) - instead of Vert.x's HTML and empty bodies.
 */
final class ApiHttpGuard {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHttpGuard.class);
    static final String HEALTH_PATH = "/observe/health";
    static final String METRICS_PATH = "/observe/metrics";

    private ApiHttpGuard() {
    }

    /**
     * {@code served}: the path templates of the REST DSL and the methods of each (platform-http's own endpoint list
     * keeps one method per path).
     */
    static void install(VertxPlatformHttpRouter router, Map<String, Set<String>> served, String token) {
        Map<String, Set<String>> templates = new HashMap<>(served);
        for (String health : new String[] {HEALTH_PATH, HEALTH_PATH + "/live", HEALTH_PATH + "/ready"}) {
            templates.put(health, Set.of("GET"));
        }
        templates.put(METRICS_PATH, Set.of("GET"));
        if (token != null) {
            byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
            router.route().order(-1000).handler(ctx -> {
                String given = ctx.request().getHeader("Authorization");
                if (open(ctx.normalizedPath()) || isDashboardPage(ctx) || given != null
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
            String path = ctx.normalizedPath();
            // only / as sent is the dashboard's path: /backtests/%2E%2E, which the router reads as /, is not found
            Set<String> methods = "/".equals(path) && !"/".equals(ctx.request().path()) ? Set.of()
                    : KnownPaths.methods(path, templates);
            reply(ctx, KnownPaths.refusal(ctx.request().method().name(), path, methods));
        });
    }

    /** The health endpoints and the metrics endpoint need no token. */
    static boolean open(String path) {
        return path.startsWith(HEALTH_PATH) || path.equals(METRICS_PATH);
    }

    /**
     * {@code GET /}: the dashboard's page holds no data (the jar's static file), and a browser cannot send a bearer
     * header when it opens a URL; the page then asks for the token and sends it with each of its API requests.
     */
    private static boolean isDashboardPage(RoutingContext ctx) {
        return "/".equals(ctx.request().path()) && "GET".equals(ctx.request().method().name()); // as sent: not /x/..
    }

    /** Path template -> methods of every REST DSL operation of the context. */
    static Map<String, Set<String>> restOperations(org.apache.camel.CamelContext context) {
        Map<String, Set<String>> out = new HashMap<>();
        for (RestDefinition rest : ((ModelCamelContext) context).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String path = rest.getPath() + (verb.getPath() == null ? "" : verb.getPath());
                out.computeIfAbsent(path, k -> new TreeSet<>()).add(verb.asVerb().toUpperCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static void reply(RoutingContext ctx, ApiException e) {
        var response = ctx.response().setStatusCode(e.problem().status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        e.headers().forEach(response::putHeader);
        response.end(e.problem().toJson());
    }
}
