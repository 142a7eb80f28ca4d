package storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The column-at-a-time month writer makes the very bytes parquet-java's record writer makes for the same rows
 * (page boundaries, statistics, indexes, footer), for row counts around every page and size-check boundary.
 */
class ColumnPagesTest {
    private static final long T0 = 1_704_067_200_000L;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 99, 100, 101, 199, 5_000, 10_099, 10_100, 19_999, 20_000, 20_001, 20_100, 39_999,
        40_000, 40_001, 41_760, 43_200, 44_640, 60_001, 117_964, 117_966, 150_000, ColumnPages.MAX_ROWS})
    void writes_the_bytes_of_the_record_writer(int rows) throws IOException {
        KlineColumns c = rows(rows, rows);
        Path fast = dir.resolve("fast-" + rows + ".parquet");
        Path reference = dir.resolve("reference-" + rows + ".parquet");
        KlineParquet.write(fast, c);
        KlineParquet.writeRecordByRecord(reference, c);
        assertThat(Files.readAllBytes(fast)).isEqualTo(Files.readAllBytes(reference));
        assertThat(KlineParquet.read(fast).size()).isEqualTo(rows);
    }

    /**
     * Pages encoded while the rows arrive (PagesAhead, fed after every batch of a few sizes: one row, a kline batch,
     * an odd count) make the file the one-shot writer and the record writer make.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 1_439, 19_999, 20_000, 20_001, 39_999, 40_000, 40_001, 43_200, 44_640, 60_001, 117_966,
        ColumnPages.MAX_ROWS})
    void pages_encoded_as_the_rows_arrive_make_the_bytes_of_the_record_writer(int rows) throws IOException {
        KlineColumns all = rows(rows, rows);
        Path reference = dir.resolve("reference-" + rows + ".parquet");
        KlineParquet.writeRecordByRecord(reference, all);
        byte[] expected = Files.readAllBytes(reference);
        for (int batch : new int[] {1, 3_000, 7_777}) {
            if (batch == 1 && rows > 45_000) {
                continue; // a page check per row: enough for a month's sizes
            }
            KlineColumns growing = new KlineColumns(16);
            try (PagesAhead ahead = PagesAhead.of(growing)) {
                for (int from = 0; from < rows; from += batch) {
                    for (int i = from; i < Math.min(rows, from + batch); i++) {
                        growing.addRow(all, i);
                    }
                    ahead.advance();
                }
                int[] ends = ColumnPages.pageEnds(rows);
                int completeBeforeTheEnd = ends.length > 1 ? ends[ends.length - 2] : 0;
                assertThat(ahead.rowsEncoded()).as("batch " + batch).isBetween(completeBeforeTheEnd, rows);
                assertThat(ahead.covers(growing)).isTrue();
                assertThat(ahead.covers(all)).isFalse(); // the same values in another block are not the rows parsed
                ColumnPages.Encoded file = ahead.finish();
                byte[] bytes = new byte[file.bytes().remaining()];
                file.bytes().get(bytes);
                assertThat(bytes).as("batch " + batch).isEqualTo(expected);
                assertThat(file.sha256()).isEqualTo(Hashes.sha256(expected)); // hashed while the footer was made
                assertThat(ColumnPages.encodeHashed(all).sha256()).isEqualTo(file.sha256());
            }
        }
    }

    /** A page is encoded as soon as the rows complete it - at exactly its last row - and not one row earlier. */
    @Test
    void a_page_is_encoded_ahead_at_exactly_the_row_that_completes_it() throws IOException {
        KlineColumns all = rows(44_640, 5);
        KlineColumns growing = new KlineColumns(16);
        try (PagesAhead ahead = PagesAhead.of(growing)) {
            int[] feedTo = {19_999, 20_000, 39_999, 40_000, 44_639};
            int[] encoded = {0, 20_000, 20_000, 40_000, 40_000};
            int added = 0;
            for (int k = 0; k < feedTo.length; k++) {
                while (added < feedTo[k]) {
                    growing.addRow(all, added++);
                }
                ahead.advance();
                assertThat(ahead.rowsEncoded()).as("after " + feedTo[k] + " rows").isEqualTo(encoded[k]);
            }
        }
    }

    /**
     * The store finishes the month file from the pages it is given when it writes exactly the block they were made of
     * (they are used up: nothing left encoded), and leaves pages of another block alone; the file is the record
     * writer's either way.
     */
    @Test
    void the_store_writes_a_new_month_from_the_pages_ahead_of_the_very_rows_it_writes() throws IOException {
        KlineColumns all = rows(44_640, 11);
        Path reference = dir.resolve("reference.parquet");
        KlineParquet.writeRecordByRecord(reference, all);
        for (boolean sameBlock : new boolean[] {true, false}) {
            KlineColumns parsed = new KlineColumns(16);
            for (int i = 0; i < all.size(); i++) {
                parsed.addRow(all, i);
            }
            KlineColumns aheadOf = sameBlock ? parsed : all; // `all`: the same values in another block
            KlineStore store = new KlineStore(dir.resolve("store-" + sameBlock), "BTCUSDT",
                    java.time.Clock.fixed(java.time.Instant.parse("2026-12-02T00:00:00Z"), java.time.ZoneOffset.UTC),
                    CrashPoints.NONE);
            try (PagesAhead ahead = PagesAhead.of(aheadOf)) {
                ahead.advance();
                assertThat(ahead.rowsEncoded()).isEqualTo(40_000);
                store.merge(new MergeRequest("BTCUSDT-1m-2024-01.csv", "ab".repeat(32), "csv",
                        java.time.YearMonth.of(2024, 1), T0, T0 + 44_640 * 60_000L, parsed, false), ahead);
                assertThat(ahead.rowsEncoded()).as("pages used up by the store: " + sameBlock)
                        .isEqualTo(sameBlock ? 0 : 40_000);
            }
            assertThat(Files.readAllBytes(store.monthFile(java.time.YearMonth.of(2024, 1))))
                    .isEqualTo(Files.readAllBytes(reference));
        }
    }

    @Test
    void pages_ahead_are_given_up_for_rows_out_of_order_or_beyond_one_row_group() throws IOException {
        KlineColumns all = rows(45_000, 9);
        KlineColumns swapped = new KlineColumns(16);
        try (PagesAhead ahead = PagesAhead.of(swapped)) {
            for (int i = 0; i < all.size(); i++) {
                swapped.addRow(all, i == 30_000 ? 30_001 : i == 30_001 ? 30_000 : i);
                if (i % 3_000 == 2_999) {
                    ahead.advance();
                }
            }
            assertThat(ahead.rowsEncoded()).isZero();
            assertThat(ahead.covers(swapped)).isFalse();
            assertThat(ahead.finish()).isNull();
        }
        KlineColumns repeated = new KlineColumns(16);
        try (PagesAhead ahead = PagesAhead.of(repeated)) {
            for (int i = 0; i < 20_000; i++) {
                repeated.addRow(all, i == 19_999 ? 19_998 : i); // the same minute twice at the page's end
            }
            ahead.advance();
            assertThat(ahead.covers(repeated)).isFalse();
        }
        KlineColumns big = rows(ColumnPages.MAX_ROWS + 1, 3);
        try (PagesAhead ahead = PagesAhead.of(big)) {
            ahead.advance();
            assertThat(ahead.covers(big)).isFalse();
        }
    }

    @Test
    void a_month_is_written_in_pages_of_twenty_thousand_rows_or_fewer() throws IOException {
        assertThat(ColumnPages.pageEnds(44_640)).containsExactly(20_000, 40_000, 44_640);
        Path file = dir.resolve("month.parquet");
        KlineParquet.write(file, rows(44_640, 7));
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            assertThat(r.getRowGroups()).hasSize(1);
            assertThat(r.readOffsetIndex(r.getRowGroups().get(0).getColumns().get(5)).getPageCount()).isEqualTo(3);
        }
    }

    @Test
    void more_rows_than_one_row_group_surely_holds_go_through_the_record_writer() throws IOException {
        int rows = ColumnPages.MAX_ROWS + 1;
        KlineColumns c = rows(rows, 3);
        Path fast = dir.resolve("big.parquet");
        Path reference = dir.resolve("big-reference.parquet");
        KlineParquet.write(fast, c);
        KlineParquet.writeRecordByRecord(reference, c);
        assertThat(Files.readAllBytes(fast)).isEqualTo(Files.readAllBytes(reference));
    }

    /** Plausible klines with the awkward values too: zero volumes, repeated prices, whole numbers, tiny and huge. */
    private static KlineColumns rows(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        KlineColumns c = new KlineColumns(n);
        double price = 42_000;
        for (int i = 0; i < n; i++) {
            long open = T0 + i * 60_000L;
            double o = price;
            double h = o + (random.nextInt(10) == 0 ? 0 : random.nextDouble() * 50);
            double l = o - (random.nextInt(10) == 0 ? 0 : random.nextDouble() * 50);
            double cl = random.nextInt(7) == 0 ? o : l + (h - l) * random.nextDouble();
            double volume = random.nextInt(9) == 0 ? 0 : Math.round(random.nextDouble() * 1e8) / 1e5;
            long trades = volume == 0 ? 0 : 1 + random.nextInt(5_000);
            double takerBase = volume * random.nextDouble();
            c.add(open, o, h, l, cl, volume, open + 59_999, volume * cl, trades, takerBase,
                    random.nextInt(50) == 0 ? 1e-300 : takerBase * cl);
            price = Math.max(1, cl + (random.nextDouble() - 0.5) * 20);
        }
        return c;
    }
}
