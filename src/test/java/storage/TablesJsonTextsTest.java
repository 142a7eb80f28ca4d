package storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edges of {@link Tables}' JSON writers that the random comparisons in {@link TablesTest} rarely reach: a value
 * {@link Tables#jsonTexts} cannot write by itself goes to the mapper it is given (with that mapper's settings, not
 * the JSON lines' ones), and a list whose only non-finite numbers sit inside an otherwise clean row still has them
 * written as null. Also the footer a table is written with.
 */
class TablesJsonTextsTest {
    private static final Instant AT = Instant.parse("2024-01-01T00:00:00Z");

    @TempDir
    Path dir;

    /** java.time with its default, WRITE_DATES_AS_TIMESTAMPS: an Instant is a number here, a string in JSON lines. */
    private static final ObjectMapper TIMESTAMPS = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void json_texts_hand_values_they_cannot_write_themselves_to_the_given_mapper() throws Exception {
        List<Object> values = Arrays.asList(
                AT,
                List.of(AT),
                List.of(1, AT),
                List.of(List.of(AT), 2),
                map("at", AT, "n", 1),
                map("n", 1, "xs", List.of(1.5, AT)),
                new BigDecimal("1.50"),
                null,
                map("n", 1, "s", "x", "xs", List.of(true, 2L, 2.5)), // simple: written by Tables itself
                List.of());
        String[] got = Tables.jsonTexts(values, TIMESTAMPS);

        List<String> want = new ArrayList<>();
        for (Object v : values) {
            want.add(v == null ? null : TIMESTAMPS.writeValueAsString(v));
        }
        assertThat(got).containsExactlyElementsOf(want);
        assertThat(got[0]).isEqualTo("1704067200.000000000");
        assertThat(got[2]).isEqualTo("[1,1704067200.000000000]");
        assertThat(got[4]).isEqualTo("{\"at\":1704067200.000000000,\"n\":1}");
        assertThat(got[8]).isEqualTo("{\"n\":1,\"s\":\"x\",\"xs\":[true,2,2.5]}");
    }

    @Test
    void json_lines_write_non_finite_numbers_in_lists_of_an_ordered_row_as_null() throws Exception {
        List<Map<String, Object>> rows = List.of(
                map("x", List.of(Double.NaN)),
                map("y", List.of(1.5, Double.POSITIVE_INFINITY)),
                map("z", List.of(List.of(Float.NaN), List.of(2.0f))),
                map("a", List.of(1, 2), "b", List.of(3.0, Double.NEGATIVE_INFINITY, 4.0)),
                map("ok", List.of(1.5, 2L), "at", List.of(AT)));
        Path file = dir.resolve("rows.jsonl");

        Tables.writeJsonLines(file, rows);

        assertThat(Files.readString(file)).isEqualTo("""
                {"x":[null]}
                {"y":[1.5,null]}
                {"z":[[null],[2.0]]}
                {"a":[1,2],"b":[3.0,null,4.0]}
                {"ok":[1.5,2],"at":["2024-01-01T00:00:00Z"]}
                """);
    }

    @Test
    void footer_reads_back_the_pairs_a_table_was_written_with() throws Exception {
        Path file = dir.resolve("t.parquet");
        Tables.writeParquet(file, List.of(Column.longs("a", new long[] {1, 2})), Map.of("run_id", "r-1", "k", "v"));

        assertThat(Tables.footer(file)).isEqualTo(Map.of("writer", "kline-pipeline", "run_id", "r-1", "k", "v"));

        Path plain = dir.resolve("plain.parquet");
        Tables.writeParquet(plain, List.of(Column.doubles("x", new double[] {0.5})));
        assertThat(Tables.footer(plain)).isEqualTo(Map.of("writer", "kline-pipeline"));
    }
}
