package cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The long-lived process refuses to serve the API off loopback without a token: one line, exit 2, nothing started. */
class RunCommandApiTest extends CliTestBase {

    @AfterEach
    void clear() {
        System.clearProperty("app.api.host");
        System.clearProperty("app.api.token-env");
        System.clearProperty("app.backfill.enabled");
        System.clearProperty("app.api.port");
    }

    @Test
    void a_port_another_process_listens_on_is_refused_in_one_line() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            System.setProperty("app.api.port", Integer.toString(port));
            System.setProperty("app.backfill.enabled", "false");
            err.reset();
            int code = run("run");
            String printed = err.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(printed).doesNotContain("Exception").doesNotContain("\tat ");
            java.util.List<String> lines = printed.lines().filter(l -> !l.isBlank()).toList();
            assertThat(code).as(printed).isEqualTo(2);
            assertThat(lines).singleElement().asString().startsWith("kline-pipeline run: cannot listen on 127.0.0.1:"
                    + port + " for the REST API (").endsWith("): another process holds it - stop it, choose another port"
                    + " with app.api.port (-Dapp.api.port=8081 or APP_API_PORT=8081), or set app.api.enabled=false");
        }
    }

    @Test
    void binding_another_address_without_a_token_is_refused_in_one_line() {
        System.setProperty("app.api.host", "0.0.0.0");
        System.setProperty("app.api.token-env", "KLINE_TEST_UNSET_TOKEN_VARIABLE");
        System.setProperty("app.backfill.enabled", "false");
        err.reset();
        int code = run("run");
        String printed = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        // refused before Camel starts: the refusal is the only line, no log line, no trace
        assertThat(printed).doesNotContain("Exception").doesNotContain("\tat ");
        java.util.List<String> lines = printed.lines().filter(l -> !l.isBlank()).toList();
        assertThat(code).as(printed).isEqualTo(2);
        assertThat(lines).singleElement().isEqualTo("kline-pipeline run: app.api.host=0.0.0.0 is not a loopback address, so the API needs"
                + " a bearer token: set the environment variable KLINE_TEST_UNSET_TOKEN_VARIABLE (named by"
                + " app.api.token-env) to a secret, or bind app.api.host=127.0.0.1");
    }
}
