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
