package storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Row-by-row reading of the flat tables {@link Tables#writeParquet} writes: types, nulls, the end. */
class TableRowsTest {
    private static final long T0 = 1_704_067_200_000L;

    @TempDir
    Path dir;

    private static List<Object[]> readAll(Path file) throws Exception {
        List<Object[]> rows = new ArrayList<>();
        try (TableRows r = TableRows.open(file)) {
            for (Object[] row = r.next(); row != null; row = r.next()) {
                rows.add(row);
            }
            assertThat(r.next()).as("still the end").isNull();
        }
        return rows;
    }

    @Test
    void every_type_reads_back_as_written_with_nan_and_null_as_null() throws Exception {
        Path file = dir.resolve("t.parquet");
        Tables.writeParquet(file, List.of(
                Column.timestamps("ts", new long[] {T0, T0 + 60_000, T0 + 120_000}),
                Column.strings("side", new String[] {"BUY", null, "SELL é"}),
                Column.doubles("price", new double[] {42_000.5, Double.NaN, -0.25}),
                Column.longs("bar", new long[] {0, -1, Long.MAX_VALUE}),
                Column.booleans("maker", new boolean[] {true, false, true})));
        try (TableRows r = TableRows.open(file)) {
            assertThat(r.names()).containsExactly("ts", "side", "price", "bar", "maker");
        }
        List<Object[]> rows = readAll(file);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsExactly(Instant.ofEpochMilli(T0), "BUY", 42_000.5, 0L, true);
        assertThat(Arrays.asList(rows.get(1))).containsExactly(Instant.ofEpochMilli(T0 + 60_000), null, null, -1L, false);
        assertThat(rows.get(2)).containsExactly(Instant.ofEpochMilli(T0 + 120_000), "SELL é", -0.25, Long.MAX_VALUE, true);
        assertThat(rows.get(0)[0]).isInstanceOf(Instant.class);
        assertThat(rows.get(0)[3]).isInstanceOf(Long.class);
    }

    @Test
    void many_rows_come_back_in_order() throws Exception {
        int n = 50_000;
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * 60_000L;
            v[i] = i * 0.5;
        }
        Path file = dir.resolve("many.parquet");
        Tables.writeParquet(file, List.of(Column.timestamps("ts", t), Column.doubles("v", v)));
        List<Object[]> rows = readAll(file);
        assertThat(rows).hasSize(n);
        for (int i = 0; i < n; i += 997) {
            assertThat(rows.get(i)).containsExactly(Instant.ofEpochMilli(t[i]), v[i]);
        }
        assertThat(rows.get(n - 1)).containsExactly(Instant.ofEpochMilli(t[n - 1]), v[n - 1]);
    }

    @Test
    void an_empty_table_has_its_names_and_no_row() throws Exception {
        Path file = dir.resolve("empty.parquet");
        Tables.writeParquet(file, List.of(Column.longs("a", new long[0]), Column.strings("b", new String[0])));
        try (TableRows r = TableRows.open(file)) {
            assertThat(r.names()).containsExactly("a", "b");
            assertThat(r.next()).isNull();
        }
    }
}
