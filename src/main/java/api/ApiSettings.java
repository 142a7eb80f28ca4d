package api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * {@code app.api.*}, validated once at start-up. {@code token} is the value of the environment variable
 * {@code tokenEnv} names (null when unset or blank).
 */
public record ApiSettings(String host, int port, String tokenEnv, String token, long maxBodyBytes, int workers,
                          int queue, Path runsDir, int listMax, int maxGrid) {

    public ApiSettings {
        range("app.api.port", port, 0, 65_535);
        range("app.api.workers", workers, 1, 64);
        range("app.api.queue", queue, 0, 100_000);
        range("app.api.list-max", listMax, 1, 10_000);
        range("app.api.max-grid", maxGrid, 1, 1_000_000);
        if (maxBodyBytes < 1024 || maxBodyBytes > 64L * 1024 * 1024) {
            throw new IllegalArgumentException("app.api.max-body-bytes must be within [1024, 67108864], got " + maxBodyBytes);
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
    }

    /**
     * Refuses to serve a non-loopback address without a token: the one line start-up prints. Loopback names are
     * resolved ({@code localhost}); an address that does not resolve is refused too.
     */
    /**
     * The address the API is to listen on must be free: a process already listening there would otherwise leave the
     * service running without its API (Vert.x only logs the failed bind). Checked by binding and releasing it; port 0
     * (any free port) always passes.
     */
    public void requirePortFree() {
        if (port == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(InetAddress.getByName(host), port));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("app.api.host=" + host + " does not resolve to an address");
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot listen on " + host + ":" + port + " for the REST API ("
                    + e.getMessage() + "): another process holds it - stop it, choose another port with app.api.port"
                    + " (-Dapp.api.port=8081 or APP_API_PORT=8081), or set app.api.enabled=false");
        }
    }

    public void requireTokenOffLoopback() {
        boolean loopback;
        try {
            loopback = InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("app.api.host=" + host + " does not resolve to an address");
        }
        if (!loopback && token == null) {
            throw new IllegalArgumentException("app.api.host=" + host + " is not a loopback address, so the API needs a"
                    + " bearer token: set the environment variable " + tokenEnv + " (named by app.api.token-env) to a"
                    + " secret, or bind app.api.host=127.0.0.1");
        }
    }

    private static void range(String key, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(key + " must be within [" + min + ", " + max + "], got " + v);
        }
    }
}
