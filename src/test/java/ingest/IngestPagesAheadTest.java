package ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gen.BinanceArchive;
import gen.KlineGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.CrashPoints;
import storage.Hashes;
import storage.KlineStore;

/**
 * The overlapped ingest of one file: the archive inflating while its hash is checked ({@link ZipReading}) and a new
 * month's Parquet pages encoded while its rows are parsed ({@link storage.PagesAhead}). Each case is run twice, once
 * as the route runs it and once with the pages ahead taken away after {@code open} (the store then encodes every page
 * at the commit, as before): the month files must be the same bytes, and every refusal must leave the store as it was.
 */
class IngestPagesAheadTest {
    private static final YearMonth MONTH = YearMonth.of(2024, 6);
    private static final String NAME = "BTCUSDT-1m-" + MONTH;
    private static final Instant NOW = Instant.parse("2026-12-02T04:00:00Z");
    /** As the route's default (app.ingest.batch-lines): a month of 43,200 lines is 15 batches. */
    private static final int BATCH_LINES = 3000;

    @TempDir
    Path root;
    private Path in;
    private Path monthCsv;

    @BeforeEach
    void setUp() throws IOException {
        in = Files.createDirectories(root.resolve("in"));
        monthCsv = in.resolve(NAME + ".csv");
        new KlineGenerator(42).writeMonth(MONTH, monthCsv, List.of());
    }

    private KlineStore store(String name) {
        return new KlineStore(root.resolve(name), "BTCUSDT", Clock.fixed(NOW, ZoneOffset.UTC), CrashPoints.NONE);
    }

    private static IngestService service(KlineStore store) {
        return new IngestService(store, new IngestSettings("BTCUSDT", new ZipLimits(1 << 26, 200), BATCH_LINES, 1024,
                null), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** What a session showed while it was read: the rows in pages encoded ahead when the last batch was parsed. */
    private record Run(IngestOutcome outcome, int rowsEncodedAhead) {
    }

    /** As the ingest route: open, every batch parsed, commit; {@code ahead} false takes the pages ahead away first. */
    private static Run ingest(IngestService service, Path file, boolean ahead) {
        IngestSession s = null;
        int encoded = -1;
        try {
            s = service.open(file.toString(), false);
            if (!ahead && s.pagesAhead != null) {
                s.pagesAhead.close();
                s.pagesAhead = null;
            }
            try {
                for (Iterator<LineBatch> it = service.batches(s); it.hasNext(); ) {
                    service.parse(s, it.next());
                }
            } finally {
                encoded = s.pagesAhead == null ? 0 : s.pagesAhead.rowsEncoded();
            }
            return new Run(service.commit(s), encoded);
        } catch (Exception e) {
            return new Run(service.fail(s, file.toString(), e), encoded);
        }
    }

    private Path zipOf(Path csv, String folder) throws IOException {
        return BinanceArchive.zipWithChecksum(csv, Files.createDirectories(root.resolve(folder)));
    }

    private static byte[] monthFile(KlineStore store) throws IOException {
        return Files.readAllBytes(store.monthFile(MONTH));
    }

    @Test
    void a_new_month_is_written_from_pages_encoded_while_it_was_parsed_and_is_the_file_the_commit_alone_writes()
            throws IOException {
        Path zip = zipOf(monthCsv, "zips");
        KlineStore overlapped = store("a");
        KlineStore plain = store("b");
        Run a = ingest(service(overlapped), zip, true);
        Run b = ingest(service(plain), zip, false);
        assertThat(a.outcome().status()).isEqualTo(IngestOutcome.Status.INGESTED);
        assertThat(b.outcome().status()).isEqualTo(IngestOutcome.Status.INGESTED);
        assertThat(a.outcome().monthRows()).isEqualTo(43_200);
        assertThat(a.rowsEncodedAhead()).isEqualTo(40_000); // two of the three pages before the last batch was committed
        assertThat(b.rowsEncodedAhead()).isZero();
        assertThat(monthFile(overlapped)).isEqualTo(monthFile(plain));
        assertThat(overlapped.offsets().months().get(MONTH.toString()).parquetSha256())
                .isEqualTo(Hashes.sha256(overlapped.monthFile(MONTH)))
                .isEqualTo(plain.offsets().months().get(MONTH.toString()).parquetSha256());
    }

    @Test
    void a_month_with_a_stored_file_by_its_commit_is_merged_as_before_and_its_pages_ahead_dropped() throws IOException {
        // the month's first day is stored between the month's open (no file yet: pages are encoded ahead) and its
        // commit - as when `ingest day.zip month.zip` reads the month ahead while the day commits
        Path dayCsv = in.resolve("BTCUSDT-1m-2024-06-01.csv");
        Files.write(dayCsv, Files.readAllLines(monthCsv, StandardCharsets.US_ASCII).subList(0, 1440), StandardCharsets.US_ASCII);
        Path day = zipOf(dayCsv, "days");
        Path month = zipOf(monthCsv, "zips");
        byte[][] files = new byte[2][];
        for (int side = 0; side < 2; side++) {
            KlineStore store = store("s" + side);
            IngestService service = service(store);
            IngestSession s = service.open(month.toString(), false);
            if (side == 1) {
                s.pagesAhead.close();
                s.pagesAhead = null;
            }
            for (Iterator<LineBatch> it = service.batches(s); it.hasNext(); ) {
                service.parse(s, it.next());
            }
            assertThat(s.pagesAhead == null ? 0 : s.pagesAhead.rowsEncoded()).isEqualTo(side == 0 ? 40_000 : 0);
            assertThat(ingest(service, day, true).outcome().status()).isEqualTo(IngestOutcome.Status.INGESTED);
            IngestOutcome o = service.commit(s);
            assertThat(o.status()).isEqualTo(IngestOutcome.Status.INGESTED);
            assertThat(o.added()).isEqualTo(43_200 - 1440);
            assertThat(o.duplicates()).isEqualTo(1440);
            files[side] = monthFile(store);
        }
        assertThat(files[0]).isEqualTo(files[1]);
        // a month whose file exists at its open encodes nothing ahead, and adds to the file as before
        KlineStore store = store("later");
        assertThat(ingest(service(store), day, true).outcome().status()).isEqualTo(IngestOutcome.Status.INGESTED);
        Run later = ingest(service(store), month, true);
        assertThat(later.rowsEncodedAhead()).isZero();
        assertThat(monthFile(store)).isEqualTo(files[0]);
    }

    @Test
    void rows_out_of_order_give_the_pages_up_and_the_store_sorts_them_as_before() throws IOException {
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(monthCsv, StandardCharsets.US_ASCII));
        java.util.Collections.swap(lines, 100, 101);
        Path swapped = Files.createDirectories(in.resolve("swapped")).resolve(NAME + ".csv");
        Files.write(swapped, lines, StandardCharsets.US_ASCII);
        Path zip = zipOf(swapped, "swapped-zips");
        KlineStore overlapped = store("a");
        Run a = ingest(service(overlapped), zip, true);
        Run b = ingest(service(store("b")), zip, false);
        assertThat(a.outcome().status()).isEqualTo(IngestOutcome.Status.INGESTED);
        assertThat(a.rowsEncodedAhead()).isZero();
        assertThat(monthFile(overlapped)).isEqualTo(monthFile(store("b")));
        // and the sorted month is the month in order, byte for byte
        KlineStore inOrder = store("c");
        ingest(service(inOrder), zipOf(monthCsv, "zips"), true);
        assertThat(monthFile(overlapped)).isEqualTo(monthFile(inOrder));
    }

    @Test
    void a_checksum_mismatch_refuses_the_archive_before_anything_is_stored_though_it_was_inflating()
            throws IOException {
        Path zip = zipOf(monthCsv, "zips");
        Files.writeString(Path.of(zip + ".CHECKSUM"), "0".repeat(64) + "  " + zip.getFileName() + "\n");
        KlineStore store = store("a");
        Run r = ingest(service(store), zip, true);
        assertThat(r.outcome().rejection().code()).isEqualTo(RejectCode.CHECKSUM_MISMATCH);
        assertThat(Files.exists(store.monthFile(MONTH))).isFalse();
        assertThat(Files.exists(store.offsetsFile())).isFalse();
        assertThat(readingThreads()).isEmpty(); // the refusal stopped the inflating thread before it was reported
        // bytes that are no archive at all, with a CHECKSUM that does not match them: the checksum is the reason
        Path notZip = Files.createDirectories(in.resolve("not-zip")).resolve(NAME + ".zip");
        Files.writeString(notZip, "this is not an archive");
        Files.writeString(Path.of(notZip + ".CHECKSUM"), "0".repeat(64) + "  " + NAME + ".zip\n");
        assertThat(ingest(service(store), notZip, true).outcome().rejection().code())
                .isEqualTo(RejectCode.CHECKSUM_MISMATCH);
        // a file ingested before is not read again: its inflating stops at the open
        KlineStore full = store("b");
        Path good = zipOf(monthCsv, "good");
        assertThat(ingest(service(full), good, true).outcome().status()).isEqualTo(IngestOutcome.Status.INGESTED);
        try (IngestSession again = service(full).open(good.toString(), false)) {
            assertThat(again.already).isNotNull();
            assertThat(again.reading).isNull();
            assertThat(readingThreads()).isEmpty();
        }
    }

    @Test
    void a_bad_row_in_the_last_batch_leaves_the_store_as_it_was_though_most_pages_were_encoded() throws IOException {
        KlineStore store = store("a");
        // a month stored before, so that offsets.json exists and must stay the same bytes
        Path may = in.resolve("BTCUSDT-1m-2024-05.csv");
        new KlineGenerator(7).writeMonth(YearMonth.of(2024, 5), may, List.of());
        assertThat(ingest(service(store), zipOf(may, "may"), true).outcome().status())
                .isEqualTo(IngestOutcome.Status.INGESTED);
        byte[] offsets = Files.readAllBytes(store.offsetsFile());
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(monthCsv, StandardCharsets.US_ASCII));
        int last = lines.size() - 1;
        lines.set(last, lines.get(last).replaceFirst(",", ",x")); // the open price of the month's last minute
        Path bad = Files.createDirectories(in.resolve("bad")).resolve(NAME + ".csv");
        Files.write(bad, lines, StandardCharsets.US_ASCII);
        Run r = ingest(service(store), zipOf(bad, "bad-zips"), true);
        assertThat(r.outcome().rejection().code()).isEqualTo(RejectCode.BAD_NUMBER);
        assertThat(r.outcome().rejection().line()).isEqualTo(43_200);
        assertThat(r.outcome().rejection().field()).isEqualTo("open");
        assertThat(r.rowsEncodedAhead()).isEqualTo(40_000);
        assertThat(Files.exists(store.monthFile(MONTH))).isFalse();
        assertThat(Files.readAllBytes(store.offsetsFile())).isEqualTo(offsets);
        assertThat(support.Fixtures.filesUnder(store.klinesDir())).containsExactly("2024-05.parquet");
        assertThat(readingThreads()).isEmpty();
    }

    @Test
    void a_day_into_an_empty_month_is_one_page_written_at_the_commit() throws IOException {
        Path dayCsv = in.resolve("BTCUSDT-1m-2024-06-02.csv");
        new KlineGenerator(3).writeDay(LocalDate.of(2024, 6, 2), dayCsv, List.of());
        Path zip = zipOf(dayCsv, "days");
        KlineStore a = store("a");
        KlineStore b = store("b");
        Run ra = ingest(service(a), zip, true);
        Run rb = ingest(service(b), zip, false);
        assertThat(ra.outcome().status()).isEqualTo(IngestOutcome.Status.INGESTED);
        assertThat(ra.rowsEncodedAhead()).isZero(); // 1,440 rows complete no page before the end
        assertThat(rb.outcome().status()).isEqualTo(IngestOutcome.Status.INGESTED);
        assertThat(monthFile(a)).isEqualTo(monthFile(b));
    }

    @Test
    void the_open_waits_for_nothing_it_does_not_need_and_a_session_closed_unread_stops_its_reading() throws IOException {
        Path zip = zipOf(monthCsv, "zips");
        IngestService service = service(store("a"));
        IngestSession s = service.open(zip.toString(), false);
        assertThat(s.reading).isNotNull();
        s.close();
        assertThat(readingThreads()).isEmpty();
        assertThatThrownBy(() -> s.reading.batches().next()).isInstanceOf(java.util.NoSuchElementException.class);
    }

    private static List<String> readingThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("ingest-read " + NAME)).toList();
    }
}
