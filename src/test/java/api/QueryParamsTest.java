package api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryParamsTest {
    private static final Set<String> LIST = Set.of("status", "limit");

    @Test
    void reads_known_parameters_decoded() {
        QueryParams q = QueryParams.parse("status=done&limit=5&", LIST);
        assertThat(q.oneOf("status", Set.of("done", "failed"))).isEqualTo("done");
        assertThat(q.intIn("limit", 1, 100, 20)).isEqualTo(5);
        assertThat(QueryParams.parse(null, LIST).intIn("limit", 1, 100, 20)).isEqualTo(20);
        assertThat(QueryParams.parse("status=a%20b", LIST).text("status")).isEqualTo("a b");
    }

    @Test
    void refuses_unknown_repeated_and_bad_values_naming_the_parameter() {
        assertThatThrownBy(() -> QueryParams.parse("x=1", LIST)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).problem().where()).containsEntry("parameter", "x"))
                .hasMessageContaining("known: limit, status");
        assertThatThrownBy(() -> QueryParams.parse("x=1", Set.of())).hasMessageContaining("takes none");
        assertThatThrownBy(() -> QueryParams.parse("limit=1&limit=2", LIST)).hasMessageContaining("more than once");
        assertThatThrownBy(() -> QueryParams.parse("limit=%zz", LIST)).hasMessageContaining("percent-encoding");
        for (String v : new String[] {"0", "101", "abc", "", "1.5", "99999999999"}) {
            assertThatThrownBy(() -> QueryParams.parse("limit=" + v, LIST).intIn("limit", 1, 100, 20)).as(v)
                    .hasMessageContaining("limit: must be a whole number from 1 to 100");
        }
        assertThatThrownBy(() -> QueryParams.parse("status=", LIST).oneOf("status", Set.of("done")))
                .hasMessageContaining("status: must be one of done");
    }

    @Test
    void control_characters_in_names_are_escaped_in_the_problem() {
        assertThatThrownBy(() -> QueryParams.parse("a%0Ab=1", LIST)).hasMessageContaining("a\\u000Ab");
    }
}
