package api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KnownPathsTest {
    private static final Map<String, Set<String>> SERVED = Map.of("/backtests", Set.of("GET", "POST"),
            "/backtests/{id}", Set.of("GET", "DELETE"), "/backtests/{id}/report", Set.of("GET"));

    @Test
    void a_known_path_answers_its_methods_an_unknown_one_none() {
        assertThat(KnownPaths.methods("/backtests", SERVED)).containsExactly("GET", "POST");
        assertThat(KnownPaths.methods("/backtests/", SERVED)).containsExactly("GET", "POST"); // as the router serves it
        assertThat(KnownPaths.methods("/backtests/x-0123456789ab", SERVED)).containsExactly("DELETE", "GET");
        assertThat(KnownPaths.methods("/backtests/x/report", SERVED)).containsExactly("GET");
        assertThat(KnownPaths.methods("/backtests/x/y/z", SERVED)).isEmpty();
        assertThat(KnownPaths.methods("/", SERVED)).isEmpty();
    }

    @Test
    void the_root_template_is_the_root_path_only() {
        Map<String, Set<String>> served = Map.of("/", Set.of("GET"), "/dashboard/config", Set.of("GET"));
        assertThat(KnownPaths.methods("/", served)).containsExactly("GET");
        assertThat(KnownPaths.methods("/x", served)).isEmpty();
        assertThat(KnownPaths.methods("/dashboard", served)).isEmpty();
        assertThat(KnownPaths.methods("/dashboard/config/", served)).containsExactly("GET");
    }

    @Test
    void the_refusal_is_405_with_allow_or_404() {
        ApiException e = KnownPaths.refusal("PUT", "/backtests", Set.of("GET", "POST"));
        assertThat(e.problem().status()).isEqualTo(405);
        assertThat(e.headers()).containsEntry("Allow", "GET, POST");
        assertThat(KnownPaths.refusal("GET", "/nope", Set.of()).problem().status()).isEqualTo(404);
    }
}
