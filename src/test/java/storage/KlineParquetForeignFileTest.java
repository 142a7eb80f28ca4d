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
                .hasMessageContaining("null in row 2;");
    }

    private static final String ALL = "open_time, open, high, low, close, volume, close_time, quote_asset_volume, "
            + "trades, taker_base, taker_quote";

    private static void assertSameRows(KlineColumns back, KlineColumns expected) {
        assertThat(back.size()).isEqualTo(expected.size());
        assertThat(java.util.Arrays.copyOf(back.openTime, back.size())).isEqualTo(java.util.Arrays.copyOf(expected.openTime, expected.size()));
        assertThat(java.util.Arrays.copyOf(back.open, back.size())).isEqualTo(java.util.Arrays.copyOf(expected.open, expected.size()));
        assertThat(java.util.Arrays.copyOf(back.high, back.size())).isEqualTo(java.util.Arrays.copyOf(expected.high, expected.size()));
        assertThat(java.util.Arrays.copyOf(back.low, back.size())).isEqualTo(java.util.Arrays.copyOf(expected.low, expected.size()));
        assertThat(java.util.Arrays.copyOf(back.close, back.size())).isEqualTo(java.util.Arrays.copyOf(expected.close, expected.size()));
        assertThat(java.util.Arrays.copyOf(back.volume, back.size())).isEqualTo(java.util.Arrays.copyOf(expected.volume, expected.size()));
        assertThat(java.util.Arrays.copyOf(back.closeTime, back.size())).isEqualTo(java.util.Arrays.copyOf(expected.closeTime, expected.size()));
        assertThat(java.util.Arrays.copyOf(back.quoteVolume, back.size())).isEqualTo(java.util.Arrays.copyOf(expected.quoteVolume, expected.size()));
        assertThat(java.util.Arrays.copyOf(back.trades, back.size())).isEqualTo(java.util.Arrays.copyOf(expected.trades, expected.size()));
        assertThat(java.util.Arrays.copyOf(back.takerBase, back.size())).isEqualTo(java.util.Arrays.copyOf(expected.takerBase, expected.size()));
        assertThat(java.util.Arrays.copyOf(back.takerQuote, back.size())).isEqualTo(java.util.Arrays.copyOf(expected.takerQuote, expected.size()));
    }

    /** DuckDB's own layouts (dictionary pages, data page v2, several row groups, columns in another order). */
    @Test
    void every_field_of_a_file_duckdb_rewrote_in_its_own_layout_reads_back_as_written() throws Exception {
        KlineColumns ours = KlineParquet.read(ours());
        String[] options = {"FORMAT PARQUET", "FORMAT PARQUET, ROW_GROUP_SIZE 2",
            "FORMAT PARQUET, COMPRESSION UNCOMPRESSED", "FORMAT PARQUET, PARQUET_VERSION V2",
            "FORMAT PARQUET, PARQUET_VERSION V2, ROW_GROUP_SIZE 2, COMPRESSION UNCOMPRESSED"};
        for (int k = 0; k < options.length; k++) {
            Path out = dir.resolve("layout-" + k + ".parquet");
            DuckDb.execute("COPY (SELECT taker_quote, taker_base, trades, quote_asset_volume, close_time, volume, close, "
                    + "low, high, open, open_time FROM " + DuckDb.parquet(ours()) + " ORDER BY open_time) TO '" + out
                    + "' (" + options[k] + ")");
            assertSameRows(KlineParquet.read(out), ours);
        }
    }

    @Test
    void a_month_file_of_many_rows_rewritten_by_duckdb_reads_back_row_for_row() throws Exception {
        KlineColumns c = new KlineColumns(50_000);
        for (int i = 0; i < 50_000; i++) {
            long t = T0 + i * 60_000L;
            double p = 40_000 + (i % 97) * 0.5; // repeated values: DuckDB picks dictionary pages
            c.add(t, p, p + 1, p - 1, p + 0.25, i % 5, t + 59_999, p * (i % 5), i % 13, (i % 5) / 2.0, p);
        }
        Path file = dir.resolve("big.parquet");
        KlineParquet.write(file, c);
        Path copy = dir.resolve("big-duckdb.parquet");
        DuckDb.execute("COPY (SELECT " + ALL + " FROM " + DuckDb.parquet(file) + " ORDER BY open_time) TO '" + copy
                + "' (FORMAT PARQUET, ROW_GROUP_SIZE 20000)");

        assertSameRows(KlineParquet.read(copy), c);
        assertSameRows(KlineParquet.read(file), c);
    }

    @Test
    void a_missing_or_mistyped_column_is_refused_naming_file_and_column() throws Exception {
        Path missing = rewritten("missing.parquet", "open_time, open, high, low, close, volume, close_time, "
                + "quote_asset_volume, taker_base, taker_quote");
        assertThatThrownBy(() -> KlineParquet.read(missing)).hasMessage("Parquet file " + missing
                + " lacks column 'trades'");

        Path doubleTrades = rewritten("double-trades.parquet", ALL.replace("trades,", "trades::DOUBLE AS trades,"));
        assertThatThrownBy(() -> KlineParquet.read(doubleTrades)).hasMessage("Parquet file " + doubleTrades
                + ": column 'trades' is DOUBLE, expected INT64");

        Path intTrades = rewritten("int-trades.parquet", ALL.replace("trades,", "trades::INTEGER AS trades,"));
        assertThatThrownBy(() -> KlineParquet.read(intTrades)).hasMessageContaining("column 'trades' is INT32")
                .hasMessageEndingWith("expected INT64");

        Path timeTrades = rewritten("time-trades.parquet",
                ALL.replace("trades,", "make_timestamp(trades) AS trades,"));
        assertThatThrownBy(() -> KlineParquet.read(timeTrades)).hasMessageContaining("column 'trades' is INT64 TIMESTAMP")
                .hasMessageEndingWith("expected INT64");

        Path floatOpen = rewritten("float-open.parquet", ALL.replace("open,", "open::FLOAT AS open,"));
        assertThatThrownBy(() -> KlineParquet.read(floatOpen)).hasMessage("Parquet file " + floatOpen
                + ": column 'open' is FLOAT, expected DOUBLE");

        Path intClose = rewritten("int-close-time.parquet",
                ALL.replace("close_time,", "epoch_ms(close_time) AS close_time,"));
        assertThatThrownBy(() -> KlineParquet.read(intClose)).hasMessageContaining("column 'close_time' is INT64 INTEGER(64,true), not an INT64 TIMESTAMP")
                .hasMessageContaining("not an INT64 TIMESTAMP");

        Path listOpen = rewritten("list-open.parquet", ALL.replace("open,", "[open] AS open,"));
        assertThatThrownBy(() -> KlineParquet.read(listOpen)).hasMessage("Parquet file " + listOpen
                + ": column 'open' is not a single value per row");
    }

    @Test
    void unsigned_trades_are_read_as_counts() throws Exception {
        Path unsigned = rewritten("unsigned.parquet", ALL.replace("trades,", "trades::UBIGINT AS trades,"));
        assertSameRows(KlineParquet.read(unsigned), KlineParquet.read(ours()));
    }
}
