package api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The web dashboard of the service: one self-contained page (inline CSS and JS, nothing fetched but this API) and the
 * backtest config it offers to edit - the service's own {@code configs/backtest.yaml}, read at each request so the
 * form shows the file as the user has it now.
 */
public final class DashboardApi {
    /** Classpath resource of the page. */
    public static final String PAGE = "dashboard/index.html";
    /** The config the form starts from, relative to the service's working folder (as {@code backtest --config}). */
    public static final String CONFIG = "configs/backtest.yaml";
    /**
     * The page runs only its own inline script and talks only to this origin: a CDN or any other fetch is refused by
     * the browser, so the page provably works offline.
     */
    static final String CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline';"
            + " connect-src 'self'; img-src data: blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    private static final long MAX_CONFIG_BYTES = 256 * 1024;

    private final byte[] page;
    private final Path config;

    public DashboardApi(Path config) {
        this.page = load(PAGE);
        this.config = config;
    }

    /**
     * GET /: the page. {@code uri} is the request's as sent: the router serves {@code /backtests/%2E%2E} as {@code /}
     * (dot segments removed), but only {@code /} itself is the page - any other path is not found, as before.
     */
    public ApiReply page(String uri, String query) {
        String path = uri == null ? "/" : uri.split("\\?", 2)[0];
        if (!path.equals("/")) {
            throw new ApiException(Problem.Kind.NOT_FOUND.problem("no resource at " + Printable.of(path)));
        }
        QueryParams.parse(query, Set.of());
        return new ApiReply(200, "text/html; charset=utf-8", Map.of("Content-Security-Policy", CSP,
                "Cache-Control", "no-cache", "X-Content-Type-Options", "nosniff"), page);
    }

    /** GET /dashboard/config: configs/backtest.yaml of the service's folder, as it is now. */
    public ApiReply config(String query) throws IOException {
        QueryParams.parse(query, Set.of());
        try {
            if (Files.size(config) > MAX_CONFIG_BYTES) {
                throw new ApiException(Problem.Kind.NOT_FOUND.problem(CONFIG + " is larger than "
                        + MAX_CONFIG_BYTES + " bytes; not offered"));
            }
            return new ApiReply(200, "application/yaml; charset=utf-8", Map.of("Cache-Control", "no-cache"),
                    Files.readAllBytes(config));
        } catch (NoSuchFileException e) {
            throw new ApiException(Problem.Kind.NOT_FOUND.problem("the service's folder has no " + CONFIG));
        }
    }

    private static byte[] load(String resource) {
        try (InputStream in = DashboardApi.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
