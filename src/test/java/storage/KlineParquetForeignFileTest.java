package storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.DuckDb;

/**
 * Month files rewritten by another tool (DuckDB {@code COPY ... TO}): the reader honours the timestamp unit the file
 * declares, and refuses, naming file and column, what it cannot read as epoch times.
 */
class KlineParquetForeignFileTest {
    private static final long T0 = Instant.parse("2024-03-05T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private Path ours() throws Exception {
        KlineColumns c = new KlineColumns(3);
        for (int i = 0; i < 3; i++) {
            long t = T0 + i * 60_000L;
            c.add(t, 100 + i, 101 + i, 99 + i, 100.5 + i, 1.5, t + 59_999, 150, 10 + i, 0.5, 50);
        }
        Path file = dir.resolve("2024-03.parquet");
        if (!Files.exists(file)) {
            KlineParquet.write(file, c);
        }
        return file;
    }

    /** DuckDB rewrites our file with {@code select} as the column list (same names, DuckDB's own types and layout). */
    private Path rewritten(String name, String select) throws Exception {
        Path out = dir.resolve(name);
        DuckDb.execute("COPY (SELECT " + select + " FROM " + DuckDb.parquet(ours()) + ") TO '" + out + "' (FORMAT PARQUET)");
        return out;
    }

    private static final String REST = "open, high, low, close, volume, %s AS close_time, quote_asset_volume, trades, "
            + "taker_base, taker_quote";

    @Test
    void microsecond_timestamps_written_by_duckdb_read_as_the_same_instants() throws Exception {
        Path micros = rewritten("micros.parquet", "open_time::TIMESTAMP AS open_time, "
                + REST.formatted("close_time::TIMESTAMP"));
        assertThat(DuckDb.single("SELECT type FROM parquet_schema('" + micros + "') WHERE name = 'open_time'"))
                .isEqualTo("INT64");

        KlineColumns back = KlineParquet.read(micros);

        assertThat(back.size()).isEqualTo(3);
        assertThat(Instant.ofEpochMilli(back.openTime[0])).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(back.closeTime[2]).isEqualTo(T0 + 2 * 60_000L + 59_999);
        assertThat(back.trades[1]).isEqualTo(11);
        assertThat(back.close[2]).isEqualTo(102.5);
    }

    @Test
    void timestamp_with_time_zone_and_nanoseconds_read_as_the_same_instants() throws Exception {
        Path tz = rewritten("tz.parquet", "open_time, " + REST.formatted("close_time")); // TIMESTAMPTZ, micros
        Path nanos = rewritten("nanos.parquet", "open_time::TIMESTAMP_NS AS open_time, "
                + REST.formatted("close_time::TIMESTAMP_NS"));

        for (Path file : new Path[] {tz, nanos}) {
            KlineColumns back = KlineParquet.read(file);
            assertThat(back.openTime[0]).as(file.toString()).isEqualTo(T0);
            assertThat(back.closeTime[0]).as(file.toString()).isEqualTo(T0 + 59_999);
        }
    }

    @Test
    void times_without_a_timestamp_unit_are_refused_naming_file_and_column() throws Exception {
        Path plain = rewritten("plain.parquet", "epoch_ms(open_time) AS open_time, " + REST.formatted("close_time"));

        assertThatThrownBy(() -> KlineParquet.read(plain))
                .hasMessageContaining(plain.toString())
                .hasMessageContaining("open_time")
                .hasMessageContaining("TIMESTAMP");
    }

    @Test
    void a_null_value_is_refused_naming_file_and_column() throws Exception {
        Path nulls = rewritten("nulls.parquet", "open_time, open, high, low, close, "
                + "CASE WHEN trades = 11 THEN NULL ELSE volume END AS volume, close_time, quote_asset_volume, trades, "
                + "taker_base, taker_quote");

        assertThatThrownBy(() -> KlineParquet.read(nulls))
                .hasMessageContaining(nulls.toString())
                .hasMessageContaining("volume")
                .hasMessageContaining("null");
    }
}
