package routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.Hashes;
import support.Await;
import support.Fixtures;
import support.TestApp;
import support.TreeSnapshot;

/**
 * Every kind of bad input, dropped into the inbox of the running application: it is refused with a clear
 * reason (code, file, line, field), moved to inbox/.failed with a reason file, and the store (which already
 * holds the real day) stays byte-identical.
 */
class BadInputQuarantineIT {
    private static final String DAY = Fixtures.REAL_DAY;
    private static final String CSV = Fixtures.realCsv("1m");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path root;
    static PipelineRuntime app;
    static Path inbox;
    static Path staging;
    static Map<String, String> storeBefore;

    @BeforeAll
    static void startWithTheRealDayStored() throws Exception {
        app = TestApp.longLived(root, Map.of("app.ingest.max-entry-bytes", "50000000"));
        inbox = Files.createDirectories(root.resolve("inbox"));
        staging = Files.createDirectories(root.resolve("staging"));
        Path good = Fixtures.zip(staging, DAY, CSV);
        Files.move(good, inbox.resolve(good.getFileName()));
        Await.until("baseline ingested", Duration.ofSeconds(20), () -> Files.exists(inbox.resolve(".done/" + DAY + ".zip")));
        storeBefore = TreeSnapshot.of(root.resolve("data"));
        assertThat(storeBefore).containsKey("spot/BTCUSDT/klines_1m/2023-01.parquet");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @BeforeEach
    void clearQuarantine() throws IOException {
        Path failed = inbox.resolve(".failed");
        if (Files.exists(failed)) {
            try (Stream<Path> files = Files.walk(failed)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Drops the staged file into the inbox, waits for its reason file, checks quarantine and the store. */
    private JsonNode refused(Path staged, String code) throws IOException {
        String name = staged.getFileName().toString();
        Path checksum = staged.resolveSibling(name + ".CHECKSUM");
        if (Files.exists(checksum)) {
            Files.move(checksum, inbox.resolve(checksum.getFileName()));
        }
        String sha = Hashes.sha256(staged);
        Files.move(staged, inbox.resolve(name));
        Path reason = inbox.resolve(".failed/" + name + ".reason.json");
        Await.until(name + " quarantined", Duration.ofSeconds(20),
                () -> Files.exists(reason) && Files.exists(inbox.resolve(".failed/" + name)));
        JsonNode r = JSON.readTree(reason.toFile());
        assertThat(r.get("code").asText()).as(r.toString()).isEqualTo(code);
        assertThat(r.get("file").asText()).isEqualTo(name);
        assertThat(r.get("sha256").asText()).isEqualTo(sha);
        assertThat(r.get("message").asText()).isNotBlank();
        assertThat(inbox.resolve(name)).doesNotExist();
        if (Files.exists(inbox.resolve(".failed/" + name + ".CHECKSUM")) || Files.exists(inbox.resolve(name + ".CHECKSUM"))) {
            assertThat(inbox.resolve(name + ".CHECKSUM")).doesNotExist();
        }
        assertThat(TreeSnapshot.of(root.resolve("data"))).as("store unchanged").isEqualTo(storeBefore);
        return r;
    }

    private JsonNode refusedRow(String csv, String code, int line, String field) throws IOException {
        JsonNode r = refused(Fixtures.zip(staging, DAY, csv), code);
        assertThat(r.get("line").asInt()).isEqualTo(line);
        assertThat(r.get("field").asText()).isEqualTo(field);
        return r;
    }

    @Test
    void corrupt_zip() throws IOException {
        Path f = staging.resolve(DAY + ".zip");
        Files.write(f, "PK\u0003\u0004 this is not really a zip archive".getBytes());
        refused(f, "ZIP_CORRUPT");
    }

    @Test
    void truncated_zip() throws IOException {
        Path full = Fixtures.zip(staging.resolve("full"), DAY, CSV);
        byte[] bytes = Files.readAllBytes(full);
        Path f = staging.resolve(DAY + ".zip");
        Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        refused(f, "ZIP_CORRUPT");
    }

    @Test
    void zip_with_no_entry() throws IOException {
        refused(Fixtures.zipEntries(staging.resolve(DAY + ".zip"), Map.of()), "ZIP_ENTRY_COUNT");
    }

    @Test
    void zip_with_two_entries() throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(DAY + ".csv", CSV);
        entries.put("README.txt", "extra");
        JsonNode r = refused(Fixtures.zipEntries(staging.resolve(DAY + ".zip"), entries), "ZIP_ENTRY_COUNT");
        assertThat(r.get("message").asText()).contains("found 2");
    }

    @Test
    void entry_named_to_escape_the_folder() throws IOException {
        JsonNode r = refused(Fixtures.zipEntries(staging.resolve(DAY + ".zip"), Map.of("../x.csv", CSV)), "ZIP_ENTRY_NAME");
        assertThat(r.get("message").asText()).contains("../x.csv");
        assertThat(root.resolve("x.csv")).doesNotExist();
        assertThat(inbox.resolve("x.csv")).doesNotExist();
    }

    @Test
    void entry_named_for_another_file() throws IOException {
        refused(Fixtures.zipEntries(staging.resolve(DAY + ".zip"), Map.of("BTCUSDT-1m-2023-01-22.csv", CSV)), "ZIP_ENTRY_NAME");
    }

    @Test
    void zip_bomb() throws IOException {
        Path f = staging.resolve(DAY + ".zip");
        // one real row over and over (NUL bytes would be refused earlier, as BAD_ENCODING)
        String row = CSV.lines().findFirst().orElseThrow() + "\n";
        byte[] rows = row.repeat((1 << 20) / row.length()).getBytes();
        try (OutputStream fo = Files.newOutputStream(f); ZipOutputStream zo = new ZipOutputStream(fo)) {
            zo.putNextEntry(new ZipEntry(DAY + ".csv"));
            for (int i = 0; i < 200; i++) {
                zo.write(rows); // ~200 MB of one row deflate to well under 1 MB
            }
            zo.closeEntry();
        }
        assertThat(Files.size(f)).isLessThan(1_000_000);
        JsonNode r = refused(f, "ZIP_TOO_LARGE");
        assertThat(r.get("message").asText()).contains("app.ingest.max-compression-ratio");
    }

    @Test
    void checksum_mismatch() throws IOException {
        Path f = Fixtures.zip(staging, DAY, CSV);
        Files.writeString(staging.resolve(DAY + ".zip.CHECKSUM"), "0".repeat(64) + "  " + DAY + ".zip\n");
        refused(f, "CHECKSUM_MISMATCH");
        assertThat(inbox.resolve(".failed/" + DAY + ".zip.CHECKSUM")).exists();
    }

    @Test
    void wrong_column_count() throws IOException {
        String csv = CSV.replace("1674259320000,22663.67000000,", "1674259320000,");
        refusedRow(csv, "COLUMN_COUNT", 3, "null");
    }

    @Test
    void non_numeric_field() throws IOException {
        refusedRow(Fixtures.withField(CSV, 10, 2, "twenty"), "BAD_NUMBER", 10, "high");
    }

    @Test
    void hex_field() throws IOException {
        refusedRow(Fixtures.withField(CSV, 11, 5, "0x1F"), "BAD_NUMBER", 11, "volume");
    }

    @Test
    void nan_field() throws IOException {
        refusedRow(Fixtures.withField(CSV, 12, 4, "NaN"), "BAD_NUMBER", 12, "close");
    }

    @Test
    void infinity_field() throws IOException {
        refusedRow(Fixtures.withField(CSV, 13, 7, "Infinity"), "BAD_NUMBER", 13, "quote_asset_volume");
    }

    @Test
    void negative_price() throws IOException {
        refusedRow(Fixtures.withField(CSV, 100, 3, "-22658.71000000"), "BAD_VALUE", 100, "low");
    }

    @Test
    void high_below_low() throws IOException {
        refusedRow(Fixtures.withField(CSV, 200, 2, "1.00000000"), "BAD_VALUE", 200, "high");
    }

    @Test
    void open_time_not_on_a_minute() throws IOException {
        refusedRow(Fixtures.withField(CSV, 5, 0, "1674259440001"), "NOT_ON_MINUTE", 5, "open_time");
    }

    @Test
    void mixed_ms_and_us_in_one_file() throws IOException {
        String micros = Fixtures.realCsvMicros();
        String mixed = String.join("\n", CSV.lines().limit(700).toList()) + "\n"
                + String.join("\n", micros.lines().skip(700).toList()) + "\n";
        refusedRow(mixed, "MIXED_TIME_UNITS", 701, "open_time");
    }

    @Test
    void rows_from_another_period() throws IOException {
        // the real day's rows in a file named for the next day
        Path f = Fixtures.zip(staging, "BTCUSDT-1m-2023-01-22", CSV);
        JsonNode r = refused(f, "OUT_OF_PERIOD");
        assertThat(r.get("line").asInt()).isEqualTo(1);
    }

    @Test
    void rows_from_another_month() throws IOException {
        Path f = Fixtures.zip(staging, "BTCUSDT-1m-2023-02", CSV);
        refused(f, "OUT_OF_PERIOD");
    }

    @Test
    void conflicting_duplicate_against_stored_rows() throws IOException {
        // same day, one minute with another volume: Binance-style re-upload without --replace
        JsonNode r = refused(Fixtures.zip(staging, DAY, Fixtures.withField(CSV, 61, 5, "999.00000000")), "CONFLICT");
        assertThat(r.get("message").asText()).contains("2023-01-21T01:00:00Z", "--replace");
    }

    @Test
    void conflicting_duplicate_inside_the_file() throws IOException {
        String csv = CSV + Fixtures.withField(CSV, 1, 5, "1.00000000").lines().findFirst().orElseThrow() + "\n";
        JsonNode r = refused(Fixtures.zip(staging, DAY, csv), "DUPLICATE_CONFLICT");
        assertThat(r.get("message").asText()).contains("2023-01-21T00:00:00Z");
    }

    @Test
    void another_symbols_file() throws IOException {
        refused(Fixtures.zip(staging, "ETHUSDT-1m-2023-01-21", CSV), "WRONG_SYMBOL");
    }

    @Test
    void another_interval() throws IOException {
        refused(Fixtures.zip(staging, "BTCUSDT-5m-2023-01-21", Fixtures.realCsv("5m")), "WRONG_INTERVAL");
    }

    @Test
    void badly_named_file() throws IOException {
        Path f = staging.resolve("klines.zip");
        Files.copy(Fixtures.zip(staging.resolve("x"), DAY, CSV), f);
        refused(f, "BAD_FILE_NAME");
    }

    @Test
    void empty_zip_file() throws IOException {
        Path f = staging.resolve(DAY + ".zip");
        Files.write(f, new byte[0]);
        refused(f, "ZIP_CORRUPT");
    }

    @Test
    void empty_csv_entry() throws IOException {
        refused(Fixtures.zip(staging, DAY, ""), "EMPTY");
    }

    @Test
    void empty_plain_csv() throws IOException {
        Path f = staging.resolve(DAY + ".csv");
        Files.writeString(f, "\n\n");
        refused(f, "EMPTY");
    }

    /** Writes {@code pattern} repeatedly to {@code file} until it holds at least {@code bytes} bytes. */
    static Path repeated(Path file, byte[] pattern, long bytes) throws IOException {
        byte[] block = new byte[pattern.length * Math.max(1, (1 << 20) / pattern.length)];
        for (int i = 0; i < block.length; i += pattern.length) {
            System.arraycopy(pattern, 0, block, i, pattern.length);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long n = 0; n < bytes; n += block.length) {
                out.write(block);
            }
        }
        return file;
    }

    @Test
    void newline_free_csv() throws IOException {
        Path f = repeated(staging.resolve(DAY + ".csv"), "1674259200000,".getBytes(), 20L << 20);
        JsonNode r = refused(f, "LINE_TOO_LONG");
        assertThat(r.get("line").asInt()).isEqualTo(1);
        assertThat(r.get("message").asText()).contains("1024 bytes", "app.ingest.max-line-bytes");
    }

    @Test
    void plain_csv_larger_than_the_entry_cap() throws IOException {
        // the real day over and over: identical duplicates that the merge would drop, so only the size cap refuses it
        Path f = repeated(staging.resolve(DAY + ".csv"), CSV.getBytes(), 51_000_000L);
        JsonNode r = refused(f, "CSV_TOO_LARGE");
        assertThat(r.get("message").asText()).contains("50000000", "app.ingest.max-entry-bytes");
    }

    @Test
    void junk_in_the_ignore_column() throws IOException {
        JsonNode r = refusedRow(Fixtures.withField(CSV, 30, 11, "x".repeat(500)), "BAD_VALUE", 30, "ignore");
        assertThat(r.get("message").asText()).contains("Binance writes 0").hasSizeLessThan(400);
    }

    @Test
    void megabytes_of_junk_in_the_ignore_column() throws IOException {
        JsonNode r = refused(Fixtures.zip(staging, DAY, Fixtures.withField(CSV, 30, 11, "x".repeat(10 << 20))),
                "LINE_TOO_LONG");
        assertThat(r.get("line").asInt()).isEqualTo(30);
    }

    /** Refusal messages are text: no control characters, no invisible format characters, bounded length. */
    private static void assertPrintable(JsonNode r) {
        for (String key : new String[] {"message", "file"}) {
            String text = r.get(key).asText();
            assertThat(text.codePoints().filter(c -> c < 0x20 || c == 0x7f || Character.getType(c) == Character.FORMAT
                    || c == 0xfffd)).as("%s of %s", key, r).isEmpty();
            assertThat(text.length()).as(key).isLessThan(700);
        }
    }

    @Test
    void utf8_byte_order_mark() throws IOException {
        byte[] csv = ("\uFEFF" + CSV).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        JsonNode r = refused(Fixtures.zipBytes(staging, DAY, csv), "BAD_ENCODING");
        assertThat(r.get("message").asText()).contains("starts with a UTF-8 byte-order mark", "\\uFEFF");
        assertThat(r.get("line").asInt()).isEqualTo(1);
        assertPrintable(r);
    }

    @Test
    void utf16_plain_csv() throws IOException {
        Path f = staging.resolve(DAY + ".csv");
        Files.write(f, CSV.getBytes(java.nio.charset.StandardCharsets.UTF_16LE)); // no byte-order mark
        JsonNode r = refused(f, "BAD_ENCODING");
        assertThat(r.get("message").asText()).contains("looks like UTF-16", "NUL bytes");
        assertPrintable(r);
    }

    @Test
    void utf16_with_byte_order_mark() throws IOException {
        JsonNode r = refused(Fixtures.zipBytes(staging, DAY, CSV.getBytes(java.nio.charset.StandardCharsets.UTF_16)),
                "BAD_ENCODING");
        assertThat(r.get("message").asText()).contains("UTF-16 byte-order mark");
        assertPrintable(r);
    }

    @Test
    void zip_in_zip() throws IOException {
        Path inner = Fixtures.zip(staging.resolve("inner"), DAY, CSV);
        JsonNode r = refused(Fixtures.zipBytes(staging, DAY, Files.readAllBytes(inner)), "NOT_CSV");
        assertThat(r.get("message").asText()).contains("entry is itself a ZIP archive");
        assertPrintable(r);
    }

    @Test
    void zip_named_csv() throws IOException {
        Path f = staging.resolve(DAY + ".csv");
        Files.copy(Fixtures.zip(staging.resolve("inner"), DAY, CSV), f);
        JsonNode r = refused(f, "NOT_CSV");
        assertThat(r.get("message").asText()).contains("is a ZIP archive");
        assertPrintable(r);
    }

    @Test
    void nul_bytes_inside_the_file() throws IOException {
        byte[] csv = Fixtures.withField(CSV, 500, 5, "1.5\u0000\u0000").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        JsonNode r = refused(Fixtures.zipBytes(staging, DAY, csv), "BAD_ENCODING");
        assertThat(r.get("line").asInt()).isEqualTo(500);
        assertThat(r.get("message").asText()).contains("NUL bytes", "\\x00");
        assertPrintable(r);
    }

    @Test
    void control_character_in_a_number_is_shown_escaped() throws IOException {
        JsonNode r = refusedRow(Fixtures.withField(CSV, 12, 4, "22663.67\u0007"), "BAD_NUMBER", 12, "close");
        assertThat(r.get("message").asText()).contains("'22663.67\\x07'");
        assertPrintable(r);
    }

    @Test
    void a_long_bad_value_is_quoted_only_in_part() throws IOException {
        JsonNode r = refusedRow(Fixtures.withField(CSV, 12, 4, "9".repeat(600) + "x"), "BAD_NUMBER", 12, "close");
        assertThat(r.get("message").asText()).contains("601 bytes").hasSizeLessThan(250);
        assertPrintable(r);
    }

    @Test
    void crlf_file_with_blank_lines_names_the_physical_line() throws IOException {
        String bad = Fixtures.withField(CSV, 10, 4, "NaN");
        String crlf = "\r\n" + String.join("\r\n\r\n", bad.lines().toList()) + "\r\n";
        // line 1 blank, data line k on physical line 2k, blank lines between: the bad 10th row is on line 20
        refusedRow(crlf, "BAD_NUMBER", 20, "close");
    }

    @Test
    void a_file_refused_again_under_the_same_name_is_kept_beside_the_first() throws IOException {
        Path failed = inbox.resolve(".failed");
        String name = DAY + ".zip";
        byte[][] bytes = new byte[3][];
        String[] codes = {"BAD_NUMBER", "CHECKSUM_MISMATCH", "BAD_VALUE"};
        String[] stored = {name, DAY + "-2.zip", DAY + "-3.zip"};
        for (int i = 0; i < 3; i++) {
            Path f = Fixtures.zip(staging.resolve("v" + i), DAY, i == 0 ? Fixtures.withField(CSV, 7, 1, "NaN")
                    : i == 1 ? CSV : Fixtures.withField(CSV, 8, 1, "-1.0"));
            bytes[i] = Files.readAllBytes(f);
            if (i == 1) {
                Files.writeString(inbox.resolve(name + ".CHECKSUM"), "0".repeat(64) + "  " + name + "\n");
            }
            Files.move(f, inbox.resolve(name));
            Path kept = failed.resolve(stored[i]);
            Path reason = failed.resolve(stored[i] + ".reason.json");
            Await.until(stored[i] + " quarantined", Duration.ofSeconds(20),
                    () -> Files.exists(reason) && Files.exists(kept));
        }
        for (int i = 0; i < 3; i++) {
            JsonNode r = JSON.readTree(failed.resolve(stored[i] + ".reason.json").toFile());
            assertThat(r.get("code").asText()).isEqualTo(codes[i]);
            assertThat(r.get("file").asText()).as("the name it arrived under").isEqualTo(name);
            assertThat(Files.readAllBytes(failed.resolve(stored[i]))).as(stored[i]).isEqualTo(bytes[i]);
        }
        assertThat(failed.resolve(DAY + "-2.zip.CHECKSUM")).exists();
        assertThat(failed.resolve(name + ".CHECKSUM")).doesNotExist();
        assertThat(TreeSnapshot.of(root.resolve("data"))).isEqualTo(storeBefore);
    }

    @Test
    void checksum_file_of_megabytes() throws IOException {
        Path f = Fixtures.zip(staging, DAY, CSV);
        repeated(staging.resolve(DAY + ".zip.CHECKSUM"), "0".getBytes(), 20L << 20);
        JsonNode r = refused(f, "CHECKSUM_UNREADABLE");
        assertThat(r.get("message").asText()).contains("bytes");
    }
}
