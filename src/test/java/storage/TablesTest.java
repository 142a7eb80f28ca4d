package storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.DuckDb;

class TablesTest {
    private static final long T0 = 1_704_067_200_000L; // 2024-01-01T00:00Z

    @TempDir
    Path dir;

    private static List<Column> fills() {
        return List.of(
                Column.timestamps("ts", new long[] {T0, T0 + 60_000, T0 + 120_000}),
                Column.strings("side", new String[] {"BUY", null, "SELL"}),
                Column.doubles("price", new double[] {42_000.5, Double.NaN, 42_100.25}),
                Column.longs("bar", new long[] {0, 1, 2}),
                Column.booleans("maker", new boolean[] {true, false, false}));
    }

    @Test
    void duckdb_reads_types_back() throws Exception {
        Path file = dir.resolve("fills.parquet");
        Tables.writeParquet(file, fills());
        List<List<Object>> types = DuckDb.query("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM "
                + DuckDb.parquet(file) + ")");
        assertThat(types).containsExactly(List.of("ts", "TIMESTAMP WITH TIME ZONE"), List.of("side", "VARCHAR"),
                List.of("price", "DOUBLE"), List.of("bar", "BIGINT"), List.of("maker", "BOOLEAN"));
    }

    @Test
    void duckdb_reads_values_back_with_nan_and_null_as_null() throws Exception {
        Path file = dir.resolve("fills.parquet");
        Tables.writeParquet(file, fills());
        List<List<Object>> rows = DuckDb.query("SELECT epoch_ms(ts), side, price, bar, maker FROM "
                + DuckDb.parquet(file) + " ORDER BY bar");
        assertThat(rows).containsExactly(
                List.of(T0, "BUY", 42_000.5, 0L, true),
                java.util.Arrays.asList(T0 + 60_000, null, null, 1L, false),
                List.of(T0 + 120_000, "SELL", 42_100.25, 2L, false));
        Object ts = DuckDb.single("SELECT ts FROM " + DuckDb.parquet(file) + " WHERE bar = 0");
        assertThat(((OffsetDateTime) ts).toInstant()).isEqualTo(Instant.ofEpochMilli(T0));
    }

    @Test
    void same_table_gives_identical_parquet_bytes() throws Exception {
        Path a = dir.resolve("a.parquet");
        Path b = dir.resolve("b.parquet");
        Tables.writeParquet(a, fills());
        Tables.writeParquet(b, fills());
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        Tables.writeParquet(a, fills()); // replaces an existing file
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    }

    @Test
    void rejects_ragged_or_duplicate_columns() {
        Path file = dir.resolve("bad.parquet");
        assertThatThrownBy(() -> Tables.writeParquet(file, List.of(Column.longs("a", new long[2]),
                Column.doubles("b", new double[3])))).hasMessageContaining("'b' has 3 rows");
        assertThatThrownBy(() -> Tables.writeParquet(file, List.of(Column.longs("a", new long[2]),
                Column.longs("a", new long[2])))).hasMessageContaining("appears twice");
        assertThatThrownBy(() -> new Column("a", ColumnType.DOUBLE, new long[1])).hasMessageContaining("cannot hold");
    }

    @Test
    void json_lines_keep_ordered_keys_sort_others_and_null_nan() throws Exception {
        Map<String, Object> ranked = new LinkedHashMap<>();
        ranked.put("rank", 1);
        ranked.put("fast", 12);
        ranked.put("sharpe", Double.NaN);
        ranked.put("at", Instant.ofEpochMilli(T0));
        Map<String, Object> hashed = new HashMap<>(Map.of("zeta", 1, "alpha", List.of(1.5, Double.POSITIVE_INFINITY),
                "mid", Map.of("b", 2, "a", 1)));
        Path file = dir.resolve("rank.jsonl");
        Tables.writeJsonLines(file, List.of(ranked, hashed));
        assertThat(Files.readString(file)).isEqualTo("""
                {"rank":1,"fast":12,"sharpe":null,"at":"2024-01-01T00:00:00Z"}
                {"alpha":[1.5,null],"mid":{"a":1,"b":2},"zeta":1}
                """);
        List<List<Object>> back = DuckDb.query("SELECT rank, fast FROM read_json_auto('"
                + file.toAbsolutePath() + "') WHERE rank IS NOT NULL");
        assertThat(back).containsExactly(List.of(1L, 12L));
    }

    @Test
    void timestamps_are_utc_instants() throws Exception {
        Path file = dir.resolve("eq.parquet");
        Tables.writeParquet(file, List.of(Column.timestamps("ts", new long[] {T0}), Column.doubles("equity",
                new double[] {10_000})));
        Object hour = DuckDb.single("SELECT strftime(ts AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M') FROM "
                + DuckDb.parquet(file));
        assertThat(hour).isEqualTo("2024-01-01 00:00");
        assertThat(OffsetDateTime.ofInstant(Instant.ofEpochMilli(T0), ZoneOffset.UTC).getYear()).isEqualTo(2024);
    }
}
