package ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.CrashPoints;
import storage.Hashes;
import storage.KlineStore;
import storage.MergeConflictException;
import storage.Offsets;

/**
 * {@link IngestService} driven as the ingest route drives it (open, batches, parse, commit; fail on any error), with
 * real files: the real Binance day as CSV and ZIP, archives built to be wrong in one way each, and the store read back.
 */
class IngestServiceTest {
    private static final String DAY = "BTCUSDT-1m-2023-01-21";
    private static final Path REAL_CSV = Path.of("src/test/resources/binance-real/" + DAY + ".csv");
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @TempDir
    Path root;
    private KlineStore store;
    private Path in;
    private byte[] csv;

    @BeforeEach
    void setUp() throws IOException {
        store = new KlineStore(root.resolve("data"), "BTCUSDT", Clock.fixed(NOW, ZoneOffset.UTC), CrashPoints.NONE);
        in = Files.createDirectories(root.resolve("in"));
        csv = Files.readAllBytes(REAL_CSV);
    }

    private IngestService service(ZipLimits limits, Path rawCsvDir) {
        return new IngestService(store, new IngestSettings("BTCUSDT", limits, 100, 1024, rawCsvDir),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private IngestService service() {
        return service(new ZipLimits(1 << 24, 200), null);
    }

    /** As the ingest route: open, every batch parsed, commit; any error turned into a refusal by {@code fail}. */
    private static IngestOutcome ingest(IngestService service, Path file, boolean replace) {
        IngestSession s = null;
        try {
            s = service.open(file.toString(), replace);
            for (Iterator<LineBatch> it = service.batches(s); it.hasNext(); ) {
                service.parse(s, it.next());
            }
            return service.commit(s);
        } catch (Exception e) {
            return service.fail(s, file.toString(), e);
        }
    }

    private IngestOutcome ingest(Path file) {
        return ingest(service(), file, false);
    }

    private Path zip(String name, byte[]... entries) throws IOException {
        return zipNamed(name, entries.length == 0 ? List.of() : List.of(DAY + ".csv"), entries);
    }

    private Path zipNamed(String name, List<String> entryNames, byte[]... entries) throws IOException {
        Path file = in.resolve(name);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            for (int i = 0; i < entryNames.size(); i++) {
                z.putNextEntry(support.Fixtures.entry(entryNames.get(i)));
                z.write(entries[Math.min(i, entries.length - 1)]);
                z.closeEntry();
            }
        }
        return file;
    }

    private Path csvFile(String name, byte[] bytes) throws IOException {
        return Files.write(in.resolve(name), bytes);
    }

    private static String checksumLine(String sha, String name) {
        return sha + "  " + name + "\n";
    }

    private List<String> filesIn(Path dir) throws IOException {
        return support.Fixtures.filesUnder(dir);
    }

    @Test
    void the_real_day_as_a_verified_zip_is_stored_and_a_second_time_is_already_ingested() throws IOException {
        Path zip = zip(DAY + ".zip", csv);
        String sha = Hashes.sha256(zip);
        Files.writeString(in.resolve(DAY + ".zip.CHECKSUM"), checksumLine(sha, DAY + ".zip"));

        IngestOutcome first = ingest(zip);
        assertThat(first.status()).isEqualTo(IngestOutcome.Status.INGESTED);
        assertThat(first.ok()).isTrue();
        assertThat(first).extracting(IngestOutcome::file, IngestOutcome::sha256, IngestOutcome::month,
                        IngestOutcome::timeUnit, IngestOutcome::rowsRead, IngestOutcome::added,
                        IngestOutcome::duplicates, IngestOutcome::replaced, IngestOutcome::monthRows)
                .containsExactly(DAY + ".zip", sha, "2023-01", "ms", 1440L, 1440L, 0L, 0L, 1440L);
        assertThat(first.summary()).isEqualTo("INGESTED " + DAY + ".zip: month 2023-01, rows read 1440, added 1440,"
                + " duplicates 0, replaced 0, month rows 1440 (times in ms)");
        assertThat(first.sourcesNeeded()).isEmpty();

        Offsets offsets = store.offsets();
        Offsets.FileEntry entry = offsets.findFile(sha);
        assertThat(entry.name()).isEqualTo(DAY + ".zip");
        assertThat(entry.source()).isEqualTo("archive");
        assertThat(entry.rows()).isEqualTo(1440);
        assertThat(entry.csvSha256()).isEqualTo(HexFormat.of().formatHex(sha256(csv)));
        assertThat(offsets.firstOpenTime()).isEqualTo(Instant.parse("2023-01-21T00:00:00Z"));
        assertThat(offsets.lastOpenTime()).isEqualTo(Instant.parse("2023-01-21T23:59:00Z"));
        assertThat(store.monthFile(YearMonth.of(2023, 1))).exists();
        byte[] month = Files.readAllBytes(store.monthFile(YearMonth.of(2023, 1)));

        IngestOutcome again = ingest(zip);
        assertThat(again.status()).isEqualTo(IngestOutcome.Status.ALREADY_INGESTED);
        assertThat(again.ok()).isTrue();
        assertThat(again).extracting(IngestOutcome::month, IngestOutcome::rowsRead, IngestOutcome::added)
                .containsExactly("2023-01", 1440L, 0L);
        assertThat(again.summary()).isEqualTo("ALREADY_INGESTED " + DAY + ".zip: identical file (sha256 " + sha
                + ") was ingested before into month 2023-01; nothing changed");
        assertThat(Files.readAllBytes(store.monthFile(YearMonth.of(2023, 1)))).isEqualTo(month);
    }

    @Test
    void a_plain_csv_is_recorded_as_csv_and_its_raw_copy_is_kept_only_when_it_was_stored() throws IOException {
        Path raw = root.resolve("raw");
        IngestService service = service(new ZipLimits(1 << 24, 200), raw);
        IngestOutcome ok = ingest(service, csvFile(DAY + ".csv", csv), false);
        assertThat(ok.status()).isEqualTo(IngestOutcome.Status.INGESTED);
        assertThat(store.offsets().findFile(ok.sha256()).source()).isEqualTo("csv");
        assertThat(filesIn(raw)).containsExactly(DAY + ".csv");
        assertThat(raw.resolve(DAY + ".csv")).hasBinaryContent(csv);

        // a refused file (its last row is bad) leaves no raw copy and no temp file behind
        String next = "BTCUSDT-1m-2023-01-22";
        String bad = "1674345600000,1,1,1,1,1,1674345659999,1,1,1,1,0\n1674345660000,1,1,x,1,1,1674345719999,1,1,1,1,0\n";
        IngestOutcome refused = ingest(service, csvFile(next + ".csv", bad.getBytes(StandardCharsets.US_ASCII)), false);
        assertThat(refused.status()).isEqualTo(IngestOutcome.Status.REJECTED);
        assertThat(refused.ok()).isFalse();
        assertThat(refused.rejection().line()).isEqualTo(2);
        assertThat(refused.sha256()).isEqualTo(Hashes.sha256(in.resolve(next + ".csv")));
        assertThat(refused.summary()).startsWith("REJECTED ");
        assertThat(filesIn(raw)).containsExactly(DAY + ".csv");
    }

    @Test
    void a_checksum_that_does_not_match_refuses_the_archive_and_stores_nothing() throws IOException {
        Path zip = zip(DAY + ".zip", csv);
        String wrong = "0".repeat(64);
        Files.writeString(in.resolve(DAY + ".zip.CHECKSUM"), checksumLine(wrong, DAY + ".zip"));
        IngestOutcome r = ingest(zip);
        assertThat(r.rejection().code()).isEqualTo(RejectCode.CHECKSUM_MISMATCH);
        assertThat(r.rejection().message()).isEqualTo("SHA-256 " + Hashes.sha256(zip) + " does not match " + DAY
                + ".zip.CHECKSUM (" + wrong + ")");
        assertThat(r.sha256()).isEqualTo(Hashes.sha256(zip));
        assertThat(filesIn(root.resolve("data"))).isEmpty();
    }

    @Test
    void archives_with_other_than_one_entry_or_an_unexpected_entry_name_are_refused_naming_the_entries() throws IOException {
        Rejection two = ingest(zipNamed(DAY + ".zip", List.of("a.csv", "b.csv"), csv)).rejection();
        assertThat(two.code()).isEqualTo(RejectCode.ZIP_ENTRY_COUNT);
        assertThat(two.message()).isEqualTo("archive must hold exactly one CSV entry, found 2 [a.csv, b.csv]");

        List<String> seven = List.of("1", "2", "3", "4", "5", "6", "7");
        assertThat(ingest(zipNamed(DAY + ".zip", seven, csv)).rejection().message())
                .isEqualTo("archive must hold exactly one CSV entry, found 7 [1, 2, 3, 4, 5]");

        Path empty = in.resolve(DAY + ".zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(empty))) {
            z.setComment("no entries");
        }
        Rejection none = ingest(empty).rejection();
        assertThat(none.code()).isIn(RejectCode.ZIP_ENTRY_COUNT, RejectCode.ZIP_CORRUPT);
        if (none.code() == RejectCode.ZIP_ENTRY_COUNT) {
            assertThat(none.message()).isEqualTo("archive must hold exactly one CSV entry, found 0");
        }

        for (String unsafe : List.of("x/" + DAY + ".csv", "x\\" + DAY + ".csv", ".." + DAY + ".csv")) {
            Rejection r = ingest(zipNamed(DAY + ".zip", List.of(unsafe), csv)).rejection();
            assertThat(r.code()).as(unsafe).isEqualTo(RejectCode.ZIP_ENTRY_NAME);
            assertThat(r.message()).as(unsafe).startsWith("unsafe entry name '")
                    .endsWith("' (path separators or '..' are never accepted)");
        }
        Rejection other = ingest(zipNamed(DAY + ".zip", List.of("BTCUSDT-1m-2023-01-22.csv"), csv)).rejection();
        assertThat(other.code()).isEqualTo(RejectCode.ZIP_ENTRY_NAME);
        assertThat(other.message()).isEqualTo("entry 'BTCUSDT-1m-2023-01-22.csv' does not match the archive name"
                + " (expected '" + DAY + ".csv')");
        assertThat(filesIn(root.resolve("data"))).isEmpty();
    }

    @Test
    void bytes_that_are_no_zip_are_a_corrupt_archive() throws IOException {
        Path notZip = csvFile(DAY + ".zip", "this is not an archive".getBytes(StandardCharsets.US_ASCII));
        Rejection r = ingest(notZip).rejection();
        assertThat(r.code()).isEqualTo(RejectCode.ZIP_CORRUPT);
        assertThat(r.message()).startsWith("not a readable ZIP archive (");
        assertThat(r.sha256()).isEqualTo(Hashes.sha256(notZip));
    }

    @Test
    void an_entry_inflating_beyond_ratio_times_its_packed_size_is_refused_with_the_exact_cap() throws IOException {
        // the real day and a megabyte of blank lines (skipped by the parser): packs far below a third of its size
        byte[] newlines = new byte[1 << 20];
        java.util.Arrays.fill(newlines, (byte) '\n');
        byte[] repeated = concat(csv, newlines);
        Path zip = zip(DAY + ".zip", repeated);
        long packed;
        try (ZipFile z = new ZipFile(zip.toFile())) {
            packed = z.entries().nextElement().getCompressedSize();
        }
        int ratio = 3;
        long cap = Math.max(packed * ratio, 64 * 1024);
        assertThat((long) repeated.length).isGreaterThan(cap);
        Rejection r = ingest(service(new ZipLimits(1 << 26, ratio), null), zip, false).rejection();
        assertThat(r.code()).isEqualTo(RejectCode.ZIP_TOO_LARGE);
        assertThat(r.message()).isEqualTo("entry inflates beyond " + cap + " bytes (limits: app.ingest.max-entry-bytes="
                + (1 << 26) + ", app.ingest.max-compression-ratio=" + ratio + ")");

        // the absolute cap applies even when the ratio would allow more
        Rejection capped = ingest(service(new ZipLimits(70_000, 1000), null), zip(DAY + ".zip", csv), false)
                .rejection();
        assertThat(capped.code()).isEqualTo(RejectCode.ZIP_TOO_LARGE);
        assertThat(capped.message()).startsWith("entry inflates beyond 70000 bytes (limits: app.ingest.max-entry-bytes=70000,");
        assertThat(filesIn(root.resolve("data"))).isEmpty();
    }

    @Test
    void a_small_entry_is_allowed_at_least_64_kib_whatever_its_ratio() throws IOException {
        // ratio 1 would allow only the packed size; the floor of 64 KiB lets a small file through
        byte[] small = java.util.Arrays.copyOf(csv, 60_000);
        int cut = new String(small, StandardCharsets.US_ASCII).lastIndexOf('\n') + 1;
        Path zip = zip(DAY + ".zip", java.util.Arrays.copyOf(csv, cut));
        IngestOutcome ok = ingest(service(new ZipLimits(1 << 24, 1), null), zip, false);
        assertThat(ok.status()).as(ok.summary()).isEqualTo(IngestOutcome.Status.INGESTED);
        assertThat(ok.rowsRead()).isEqualTo(new String(csv, 0, cut, StandardCharsets.US_ASCII).lines().count());
    }

    @Test
    void an_entry_whose_bytes_do_not_match_its_crc_is_refused_as_corrupt() throws IOException {
        // a STORED entry: the JDK hands its bytes through unchecked, so the CRC check is ours
        Path zip = in.resolve(DAY + ".zip");
        CRC32 crc = new CRC32();
        crc.update(csv);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            ZipEntry e = new ZipEntry(DAY + ".csv");
            e.setMethod(ZipEntry.STORED);
            e.setSize(csv.length);
            e.setCompressedSize(csv.length);
            e.setCrc(crc.getValue());
            z.putNextEntry(e);
            z.write(csv);
            z.closeEntry();
        }
        byte[] bytes = Files.readAllBytes(zip);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("1674259200000,") + 20; // a digit inside the first row's open price
        bytes[at] = (byte) (bytes[at] == '1' ? '2' : '1');
        Files.write(zip, bytes);
        Rejection r = ingest(zip).rejection();
        assertThat(r.code()).isEqualTo(RejectCode.ZIP_CORRUPT);
        assertThat(r.message()).isEqualTo("CRC-32 of the inflated entry does not match the archive");
        assertThat(filesIn(root.resolve("data"))).isEmpty();
    }

    @Test
    void damaged_deflate_data_is_a_corrupt_archive_not_a_crash() throws IOException {
        Path zip = zip(DAY + ".zip", csv);
        byte[] bytes = Files.readAllBytes(zip);
        for (int i = 200; i < 400; i++) {
            bytes[i] = (byte) 0xff;
        }
        Files.write(zip, bytes);
        IngestOutcome r = ingest(zip);
        assertThat(r.status()).isEqualTo(IngestOutcome.Status.REJECTED);
        assertThat(r.rejection().code()).isIn(RejectCode.ZIP_CORRUPT, RejectCode.BAD_NUMBER, RejectCode.BAD_VALUE,
                RejectCode.COLUMN_COUNT, RejectCode.BAD_TIME, RejectCode.BAD_ENCODING);
        assertThat(filesIn(root.resolve("data"))).isEmpty();
    }

    @Test
    void a_plain_csv_over_the_entry_cap_is_refused_before_it_is_read() throws IOException {
        Rejection r = ingest(service(new ZipLimits(1000, 200), null), csvFile(DAY + ".csv", csv), false).rejection();
        assertThat(r.code()).isEqualTo(RejectCode.CSV_TOO_LARGE);
        assertThat(r.message()).isEqualTo("CSV is larger than 1000 bytes (app.ingest.max-entry-bytes, the cap of one"
                + " archive entry)");
        // exactly at the cap is accepted
        byte[] row = "1674259200000,1,1,1,1,1,1674259259999,1,1,1,1,0\n".getBytes(StandardCharsets.US_ASCII);
        IngestOutcome ok = ingest(service(new ZipLimits(row.length, 200), null), csvFile(DAY + ".csv", row), false);
        assertThat(ok.status()).as(ok.summary()).isEqualTo(IngestOutcome.Status.INGESTED);
    }

    @Test
    void the_capped_csv_stream_counts_every_way_of_reading() throws IOException {
        byte[] ten = "0123456789".getBytes(StandardCharsets.US_ASCII);
        try (CappedCsvStream s = new CappedCsvStream(new java.io.ByteArrayInputStream(ten), 10, "f.csv")) {
            assertThat(s.read()).isEqualTo('0');
            assertThat(s.skip(4)).isEqualTo(4);
            byte[] rest = new byte[10];
            assertThat(s.read(rest, 0, 10)).isEqualTo(5);
            assertThat(new String(rest, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("56789");
            assertThat(s.read()).isEqualTo(-1);
            assertThat(s.read(rest, 0, 10)).isEqualTo(-1);
        }
        try (CappedCsvStream s = new CappedCsvStream(new java.io.ByteArrayInputStream(ten), 9, "f.csv")) {
            assertThat(s.skip(9)).isEqualTo(9);
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(IngestRejectedException.class, s::read)
                    .rejection().code()).isEqualTo(RejectCode.CSV_TOO_LARGE);
        }
        try (CappedCsvStream s = new CappedCsvStream(new java.io.ByteArrayInputStream(ten), 9, "f.csv")) {
            Rejection r = org.assertj.core.api.Assertions.catchThrowableOfType(IngestRejectedException.class,
                    () -> s.skip(10)).rejection();
            assertThat(r.file()).isEqualTo("f.csv");
            assertThat(r.message()).startsWith("CSV is larger than 9 bytes");
        }
        try (CappedCsvStream s = new CappedCsvStream(new java.io.ByteArrayInputStream(ten), 9, "f.csv")) {
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(IngestRejectedException.class,
                    () -> s.read(new byte[20], 0, 20))).isNotNull();
        }
    }

    @Test
    void names_the_store_does_not_take_are_refused_before_any_byte_is_read() throws IOException {
        Rejection symbol = ingest(csvFile("ETHUSDT-1m-2023-01-21.csv", csv)).rejection();
        assertThat(symbol.code()).isEqualTo(RejectCode.WRONG_SYMBOL);
        assertThat(symbol.message()).isEqualTo("file is for symbol ETHUSDT, this store holds BTCUSDT");
        Rejection interval = ingest(csvFile("BTCUSDT-5m-2023-01-21.csv", csv)).rejection();
        assertThat(interval.code()).isEqualTo(RejectCode.WRONG_INTERVAL);
        assertThat(interval.message()).isEqualTo("only 1m klines are stored (every other interval is derived from them);"
                + " file has 5m");
        assertThat(filesIn(root.resolve("data"))).isEmpty();
    }

    @Test
    void a_file_without_rows_is_empty() throws IOException {
        Rejection r = ingest(csvFile(DAY + ".csv", "\n\n".getBytes(StandardCharsets.US_ASCII))).rejection();
        assertThat(r.code()).isEqualTo(RejectCode.EMPTY);
        assertThat(r.message()).isEqualTo("no kline rows in the file");
        assertThat(filesIn(root.resolve("data"))).isEmpty();
    }

    @Test
    void the_same_bytes_under_another_period_name_are_refused_and_under_the_containing_month_merged() throws IOException {
        assertThat(ingest(csvFile(DAY + ".csv", csv)).ok()).isTrue();
        String sha = Hashes.sha256(in.resolve(DAY + ".csv"));

        Rejection r = ingest(csvFile("BTCUSDT-1m-2023-02-21.csv", csv)).rejection();
        assertThat(r.code()).isEqualTo(RejectCode.OUT_OF_PERIOD);
        assertThat(r.message()).isEqualTo("these exact bytes (sha256 " + sha + ") were ingested before as " + DAY
                + ".csv into month 2023-01; their rows lie in 2023-01-21, not in 2023-02-21 as this file's name says");
        Rejection otherDay = ingest(csvFile("BTCUSDT-1m-2023-01-22.csv", csv)).rejection();
        assertThat(otherDay.code()).isEqualTo(RejectCode.OUT_OF_PERIOD);

        // named as the month that holds the day: checked like a new file, every row a duplicate
        IngestOutcome month = ingest(csvFile("BTCUSDT-1m-2023-01.csv", csv));
        assertThat(month.status()).isEqualTo(IngestOutcome.Status.INGESTED);
        assertThat(month).extracting(IngestOutcome::added, IngestOutcome::duplicates, IngestOutcome::monthRows)
                .containsExactly(0L, 1440L, 1440L);
    }

    @Test
    void different_values_for_stored_minutes_conflict_unless_replace_is_asked() throws IOException {
        assertThat(ingest(csvFile(DAY + ".csv", csv)).ok()).isTrue();
        String text = new String(csv, StandardCharsets.US_ASCII);
        String first = text.substring(0, text.indexOf('\n'));
        String[] f = first.split(",");
        f[5] = "1.5"; // another volume for the first minute
        byte[] changed = (String.join(",", f) + "\n").getBytes(StandardCharsets.US_ASCII);
        Path monthFile = store.monthFile(YearMonth.of(2023, 1));
        byte[] before = Files.readAllBytes(monthFile);

        Rejection conflict = ingest(csvFile("BTCUSDT-1m-2023-01.csv", changed)).rejection();
        assertThat(conflict.code()).isEqualTo(RejectCode.CONFLICT);
        assertThat(conflict.field()).isEqualTo("open_time");
        assertThat(Files.readAllBytes(monthFile)).isEqualTo(before);

        // with replace the file's period (here the month) becomes what the file holds: one row
        IngestOutcome replaced = ingest(service(), in.resolve("BTCUSDT-1m-2023-01.csv"), true);
        assertThat(replaced).extracting(IngestOutcome::added, IngestOutcome::duplicates, IngestOutcome::replaced,
                IngestOutcome::monthRows).containsExactly(0L, 0L, 1440L, 1L);

        byte[] twice = (first + "\n" + String.join(",", f) + "\n").getBytes(StandardCharsets.US_ASCII);
        Rejection within = ingest(csvFile("BTCUSDT-1m-2023-01-21.csv", twice)).rejection();
        assertThat(within.code()).isEqualTo(RejectCode.DUPLICATE_CONFLICT);
    }

    @Test
    void a_month_file_gone_is_rebuilt_from_a_file_ingested_before() throws IOException {
        Path file = csvFile(DAY + ".csv", csv);
        assertThat(ingest(file).ok()).isTrue();
        Files.delete(store.monthFile(YearMonth.of(2023, 1)));
        IngestOutcome again = ingest(file);
        assertThat(again.status()).isEqualTo(IngestOutcome.Status.INGESTED);
        assertThat(again.rebuild()).isNotNull();
        assertThat(again.summary()).contains("; REBUILT month 2023-01 from this file: ");
        assertThat(again.monthRows()).isEqualTo(1440);
        assertThat(store.damage(YearMonth.of(2023, 1))).isEmpty();
    }

    @Test
    void text_that_is_not_ascii_csv_is_named_for_what_it_is() throws IOException {
        byte[] row = "1674259200000,1,1,1,1,1,1674259259999,1,1,1,1,0\n".getBytes(StandardCharsets.US_ASCII);
        Rejection bom = ingest(csvFile(DAY + ".csv", concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, row)))
                .rejection();
        assertThat(bom.code()).isEqualTo(RejectCode.BAD_ENCODING);
        assertThat(bom.line()).isEqualTo(1);
        assertThat(bom.message()).isEqualTo("the file starts with a UTF-8 byte-order mark (\\uFEFF); Binance CSVs are"
                + " plain ASCII without one");
        Rejection bomInZip = ingest(zip(DAY + ".zip", concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, row)))
                .rejection();
        assertThat(bomInZip.message()).startsWith("the archive's entry starts with a UTF-8 byte-order mark");

        byte[] utf16 = new String(row, StandardCharsets.US_ASCII).getBytes(StandardCharsets.UTF_16LE);
        Rejection le = ingest(csvFile(DAY + ".csv", concat(new byte[] {(byte) 0xff, (byte) 0xfe}, utf16))).rejection();
        assertThat(le.message()).isEqualTo("the file starts with a UTF-16 byte-order mark (\\xFF\\xFE): it is UTF-16"
                + " text; Binance CSVs are plain ASCII");
        Rejection be = ingest(csvFile(DAY + ".csv", concat(new byte[] {(byte) 0xfe, (byte) 0xff},
                new String(row, StandardCharsets.US_ASCII).getBytes(StandardCharsets.UTF_16BE)))).rejection();
        assertThat(be.message()).startsWith("the file starts with a UTF-16 byte-order mark (\\xFE\\xFF)");

        Rejection noBom = ingest(csvFile(DAY + ".csv", utf16)).rejection();
        assertThat(noBom.code()).isEqualTo(RejectCode.BAD_ENCODING);
        assertThat(noBom.message()).isEqualTo("the file looks like UTF-16 (NUL bytes between the characters); Binance"
                + " CSVs are plain ASCII");
        Rejection noBomBe = ingest(csvFile(DAY + ".csv",
                new String(row, StandardCharsets.US_ASCII).getBytes(StandardCharsets.UTF_16BE))).rejection();
        assertThat(noBomBe.message()).startsWith("the file looks like UTF-16");

        byte[] binary = concat(row, row, "1674259320000,1,1,\0\0\0,1".getBytes(StandardCharsets.ISO_8859_1));
        Rejection nul = ingest(csvFile(DAY + ".csv", binary)).rejection();
        assertThat(nul.line()).isEqualTo(3);
        assertThat(nul.message()).isEqualTo("the file holds NUL bytes (binary data, not CSV text): '...74259320000,1,1,"
                + "\\x00\\x00\\x00,1'");

        Rejection gzip = ingest(csvFile(DAY + ".csv", concat(new byte[] {0x1f, (byte) 0x8b, 8, 0}, row))).rejection();
        assertThat(gzip.code()).isEqualTo(RejectCode.NOT_CSV);
        assertThat(gzip.line()).isZero();
        assertThat(gzip.message()).isEqualTo("the file is gzip-compressed (starts with \\x1F\\x8B), not CSV text");

        Rejection zipAsCsv = ingest(csvFile(DAY + ".csv", Files.readAllBytes(zip("x.zip", csv)))).rejection();
        assertThat(zipAsCsv.code()).isEqualTo(RejectCode.NOT_CSV);
        assertThat(zipAsCsv.message()).isEqualTo("the file is a ZIP archive (starts with PK\\x03\\x04), not CSV text:"
                + " name it .zip");
        Rejection zipInZip = ingest(zip(DAY + ".zip", Files.readAllBytes(in.resolve("x.zip")))).rejection();
        assertThat(zipInZip.message()).isEqualTo("the archive's entry is itself a ZIP archive (starts with"
                + " PK\\x03\\x04), not CSV text");
        assertThat(filesIn(root.resolve("data"))).isEmpty();
    }

    @Test
    void a_bad_line_deep_in_the_file_is_explained_by_its_bytes() throws IOException {
        byte[] good = java.util.Arrays.copyOf(csv, new String(csv, StandardCharsets.US_ASCII).indexOf('\n', 9000) + 1);
        long lines = new String(good, StandardCharsets.US_ASCII).lines().count();
        // far past the first 4 KiB the start check reads
        byte[] bom = concat(good, new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf},
                "1674259200000,1,1,1,1,1,1674259259999,1,1,1,1,0\n".getBytes(StandardCharsets.US_ASCII));
        Rejection r = ingest(csvFile(DAY + ".csv", bom)).rejection();
        assertThat(r.code()).isEqualTo(RejectCode.BAD_ENCODING);
        assertThat(r.line()).isEqualTo(lines + 1);
        assertThat(r.message()).isEqualTo("line " + (lines + 1) + " starts with a UTF-8 byte-order mark (\\uFEFF);"
                + " Binance CSVs are plain ASCII without one");

        byte[] nul = concat(good, "1674259200000,1,1,1\0,1,1,1674259259999,1,1,1,1,0\n".getBytes(StandardCharsets.ISO_8859_1));
        Rejection n = ingest(csvFile(DAY + ".csv", nul)).rejection();
        assertThat(n.code()).isEqualTo(RejectCode.BAD_ENCODING);
        assertThat(n.message()).isEqualTo("line " + (lines + 1) + " holds NUL bytes (UTF-16 text or binary data, not"
                + " ASCII CSV): '...4259200000,1,1,1\\x00,1,1,1674259259999,1,1,...'");
    }

    @Test
    void fail_turns_every_kind_of_error_into_a_refusal_naming_the_file() throws IOException {
        IngestService service = service();
        Path file = csvFile(DAY + ".csv", csv);
        String path = file.toString();
        String sha = Hashes.sha256(file);

        Rejection conflict = service.fail(null, path, new MergeConflictException(false, List.of(1L), 1)).rejection();
        assertThat(conflict.code()).isEqualTo(RejectCode.CONFLICT);
        assertThat(conflict.file()).isEqualTo(DAY + ".csv");
        assertThat(conflict.sha256()).isEqualTo(sha);
        assertThat(conflict.field()).isEqualTo("open_time");
        assertThat(conflict.rejectedAt()).isEqualTo(NOW);
        assertThat(service.fail(null, path, new RuntimeException("wrapped",
                new MergeConflictException(true, List.of(1L), 1))).rejection().code())
                .isEqualTo(RejectCode.DUPLICATE_CONFLICT);

        Rejection zip = service.fail(null, path, new java.util.zip.ZipException("bad")).rejection();
        assertThat(zip.code()).isEqualTo(RejectCode.ZIP_CORRUPT);
        assertThat(zip.message()).isEqualTo("corrupt archive (bad)");

        Rejection error = service.fail(null, path, new RuntimeException("x", new OutOfMemoryError("heap"))).rejection();
        assertThat(error.code()).isEqualTo(RejectCode.INTERNAL_ERROR);
        assertThat(error.message()).isEqualTo("unexpected OutOfMemoryError: heap while reading this file");

        Rejection io = service.fail(null, path, new UncheckedIOException(new IOException("disk gone"))).rejection();
        assertThat(io.code()).isEqualTo(RejectCode.IO_ERROR);
        assertThat(io.message()).isEqualTo("IOException: disk gone");
        Rejection nested = service.fail(null, path, new IllegalStateException("step",
                new java.nio.file.AccessDeniedException("/x"))).rejection();
        assertThat(nested.code()).isEqualTo(RejectCode.IO_ERROR);
        assertThat(nested.message()).isEqualTo("AccessDeniedException: /x");

        Rejection other = service.fail(null, path, new IllegalStateException("boom")).rejection();
        assertThat(other.code()).isEqualTo(RejectCode.INTERNAL_ERROR);
        assertThat(other.message()).isEqualTo("unexpected IllegalStateException: boom");

        IngestRejectedException inner = IngestRejectedException.of(RejectCode.BAD_VALUE, "f.csv", "inner");
        assertThat(service.fail(null, path, new RuntimeException(new RuntimeException(inner))).rejection().message())
                .isEqualTo("inner");

        Rejection gone = service.fail(null, in.resolve("gone.csv").toString(), new IllegalStateException("x")).rejection();
        assertThat(gone.file()).isEqualTo("gone.csv");
        assertThat(gone.sha256()).isNull();

        // with a session: its SHA-256, and the session is closed (its stream no longer readable)
        IngestSession s = service.open(path, false);
        Rejection withSession = service.fail(s, path, new IllegalStateException("x")).rejection();
        assertThat(withSession.sha256()).isEqualTo(sha);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> s.csv.read())).isInstanceOf(IOException.class);
    }

    /** The real day as our klines export of its month writes it: header, ISO times. */
    private byte[] exportOfTheDay(String header) {
        StringBuilder sb = new StringBuilder(header).append('\n');
        for (String line : new String(csv, StandardCharsets.US_ASCII).split("\n")) {
            String[] f = line.split(",");
            sb.append(Instant.ofEpochMilli(Long.parseLong(f[0]))).append(',').append(f[1]).append(',').append(f[2])
                    .append(',').append(f[3]).append(',').append(f[4]).append(',').append(f[5]).append(',')
                    .append(Instant.ofEpochMilli(Long.parseLong(f[6]))).append(',').append(f[7]).append(',')
                    .append(f[8]).append(',').append(f[9]).append(',').append(f[10]).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void our_klines_export_is_taken_back_when_its_header_sha256_and_manifest_entry_agree() throws IOException {
        String name = "klines_1m_2023-01.csv";
        Path export = csvFile(name, exportOfTheDay(KlineRowParser.EXPORT_HEADER));
        String sha = Hashes.sha256(export);
        Files.writeString(in.resolve(name + ".sha256"), checksumLine(sha, name));
        Files.writeString(in.resolve("manifest.json"), "{\"exports\":[{\"file\":\"other.csv\",\"sha256\":\"00\"},"
                + "{\"file\":\"" + name + "\"},{\"file\":\"" + name + "\",\"sha256\":\"" + sha + "\"}]}");
        IngestOutcome ok = ingest(export);
        assertThat(ok.status()).as(ok.summary()).isEqualTo(IngestOutcome.Status.INGESTED);
        assertThat(ok).extracting(IngestOutcome::timeUnit, IngestOutcome::rowsRead, IngestOutcome::monthRows)
                .containsExactly("iso", 1440L, 1440L);

        // the same rows from Binance's own file are duplicates of what the export stored
        IngestOutcome binance = ingest(csvFile(DAY + ".csv", csv));
        assertThat(binance).extracting(IngestOutcome::added, IngestOutcome::duplicates).containsExactly(0L, 1440L);
    }

    @Test
    void an_export_that_changed_since_it_was_exported_or_lost_its_header_is_refused() throws IOException {
        String name = "klines_1m_2023-01.csv";
        Path export = csvFile(name, exportOfTheDay(KlineRowParser.EXPORT_HEADER));
        String sha = Hashes.sha256(export);
        Files.writeString(in.resolve(name + ".sha256"), checksumLine("f".repeat(64), name));
        Rejection r = ingest(export).rejection();
        assertThat(r.code()).isEqualTo(RejectCode.CHECKSUM_MISMATCH);
        assertThat(r.message()).isEqualTo("SHA-256 " + sha + " does not match " + name + ".sha256 (" + "f".repeat(64) + ")");
        Files.delete(in.resolve(name + ".sha256"));

        Files.writeString(in.resolve("manifest.json"), "{\"exports\":[{\"file\":\"" + name + "\",\"sha256\":\"" + "e".repeat(64)
                + "\"}]}");
        Rejection m = ingest(export).rejection();
        assertThat(m.code()).isEqualTo(RejectCode.CHECKSUM_MISMATCH);
        assertThat(m.message()).isEqualTo("SHA-256 " + sha + " does not match the export's entry in manifest.json ("
                + "e".repeat(64) + "): the file changed since it was exported");
        assertThat(m.rejectedAt()).isEqualTo(NOW);
        Files.writeString(in.resolve("manifest.json"), "not json {");
        assertThat(ingest(export).ok()).as("an unreadable manifest is not ours: the .sha256 guards").isTrue();
        Files.delete(in.resolve("manifest.json"));

        Rejection filled = ingest(csvFile(name, exportOfTheDay(KlineRowParser.EXPORT_HEADER + ",filled"))).rejection();
        assertThat(filled.code()).isEqualTo(RejectCode.BAD_HEADER);
        assertThat(filled.line()).isEqualTo(1);
        assertThat(filled.field()).isEqualTo("filled");
        assertThat(filled.message()).isEqualTo("this export was made with --gap-policy ffill: its forward-filled minutes"
                + " are not stored data; export without --gap-policy to ingest it");
        Rejection other = ingest(csvFile(name, exportOfTheDay("time,o,h,l,c"))).rejection();
        assertThat(other.code()).isEqualTo(RejectCode.BAD_HEADER);
        assertThat(other.message()).isEqualTo("a klines_<interval>_YYYY-MM.csv file is our export format and starts with"
                + " the header " + KlineRowParser.EXPORT_HEADER + ", found 'time,o,h,l,c'");
        String longHeader = "open_time,open,high,low,close,volume,close_time";
        assertThat(ingest(csvFile(name, exportOfTheDay(longHeader))).rejection().message())
                .endsWith(", found '" + longHeader.substring(0, 40) + "...' (" + longHeader.length() + " bytes)");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
