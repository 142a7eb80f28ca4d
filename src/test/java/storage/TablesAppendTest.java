package storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.DuckDb;

/**
 * {@link Tables#openParquet}: a table appended in chunks of any size (empty ones included) is the file
 * {@link Tables#writeParquet} writes for all its rows at once, byte for byte - also past a row group (64 MB).
 */
class TablesAppendTest {
    @TempDir
    Path dir;

    @Test
    void chunks_make_the_same_bytes_as_one_write_across_row_groups() throws Exception {
        int rows = 900_000; // 11 doubles a row: 79 MB of values, so more than one 64 MB row group
        SplittableRandom random = new SplittableRandom(3);
        long[] ts = new long[rows];
        boolean[] flag = new boolean[rows];
        double[][] values = new double[11][rows];
        for (int i = 0; i < rows; i++) {
            ts[i] = 1_704_067_200_000L + i * 60_000L;
            flag[i] = random.nextInt(7) == 0;
            for (double[] v : values) {
                v[i] = random.nextInt(50) == 0 ? Double.NaN : random.nextDouble() * 1e5;
            }
        }
        Path whole = dir.resolve("whole.parquet");
        Tables.writeParquet(whole, columns(ts, flag, values, 0, rows), Map.of("k", "v"));

        Path chunked = dir.resolve("chunked.parquet");
        try (Tables.ParquetAppender out = Tables.openParquet(chunked, columns(ts, flag, values, 0, 0),
                Map.of("k", "v"))) {
            int from = 0;
            while (from < rows) {
                int to = Math.min(rows, from + (random.nextInt(5) == 0 ? 0 : random.nextInt(90_000)));
                out.append(columns(ts, flag, values, from, to));
                from = to;
            }
            assertThat(out.rows()).isEqualTo(rows);
        }
        assertThat(Files.readAllBytes(chunked)).isEqualTo(Files.readAllBytes(whole));
        assertThat(((Number) DuckDb.single("SELECT count(DISTINCT row_group_id) FROM parquet_metadata('"
                + chunked.toAbsolutePath() + "')")).longValue()).isGreaterThan(1);
    }

    @Test
    void refuses_a_chunk_that_is_not_the_tables_columns() throws Exception {
        Path file = dir.resolve("t.parquet");
        try (Tables.ParquetAppender out = Tables.openParquet(file,
                List.of(Column.longs("a", new long[0]), Column.doubles("b", new double[0])), Map.of())) {
            assertThatThrownBy(() -> out.append(List.of(Column.longs("a", new long[1]), Column.longs("b", new long[1]))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'b' DOUBLE");
            assertThatThrownBy(() -> out.append(List.of(Column.longs("a", new long[1]))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 columns, the table has 2");
            assertThatThrownBy(() -> out.append(List.of(Column.longs("a", new long[2]),
                    Column.doubles("b", new double[1])))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("has 1 rows");
            out.append(List.of(Column.longs("a", new long[] {7}), Column.doubles("b", new double[] {0.5})));
        }
        assertThat(DuckDb.query("SELECT a, b FROM " + DuckDb.parquet(file))).containsExactly(List.of(7L, 0.5));
    }

    private static List<Column> columns(long[] ts, boolean[] flag, double[][] values, int from, int to) {
        List<Column> out = new ArrayList<>();
        out.add(Column.timestamps("ts", Arrays.copyOfRange(ts, from, to)));
        out.add(Column.booleans("flag", Arrays.copyOfRange(flag, from, to)));
        for (int k = 0; k < values.length; k++) {
            out.add(Column.doubles("v" + k, Arrays.copyOfRange(values[k], from, to)));
        }
        return out;
    }
}
