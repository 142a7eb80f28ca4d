package routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import gen.BinanceArchive;
import gen.KlineGenerator;
import ingest.IngestOutcome;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.Hashes;
import storage.Offsets;
import storage.OffsetsCodec;
import support.Await;
import support.DuckDb;
import support.Fixtures;
import support.TestApp;

/** The real Binance day through the running routes, read back by DuckDB. */
class RealDayIngestIT {
    @TempDir
    Path root;

    @Test
    void real_day_dropped_in_the_inbox_lands_exactly_as_binance_published_it() throws Exception {
        String csv = Fixtures.realCsv("1m");
        try (PipelineRuntime app = TestApp.longLived(root, Map.of())) {
            Path inbox = Files.createDirectories(root.resolve("inbox"));
            Path staged = Fixtures.zip(root.resolve("staging"), Fixtures.REAL_DAY, csv);
            Fixtures.checksum(staged);
            Files.move(staged.resolveSibling(staged.getFileName() + ".CHECKSUM"),
                    inbox.resolve(staged.getFileName() + ".CHECKSUM"));
            Files.move(staged, inbox.resolve(staged.getFileName()));
            Await.until("archive moved to inbox/.done", Duration.ofSeconds(20),
                    () -> Files.exists(inbox.resolve(".done/" + Fixtures.REAL_DAY + ".zip")));
            assertThat(inbox.resolve(".done/" + Fixtures.REAL_DAY + ".zip.CHECKSUM")).exists();
        }

        Path month = TestApp.monthFile(root, "2023-01");
        String pq = DuckDb.parquet(month);
        List<Object> stats = DuckDb.query("SELECT count(*), min(open_time), max(open_time), max(close_time), "
                + "sum(open), sum(high), sum(low), sum(close), sum(volume), sum(quote_asset_volume), sum(trades), "
                + "sum(taker_base), sum(taker_quote), count(DISTINCT open_time), any_value(typeof(open_time)) FROM " + pq).get(0);
        assertThat(((Number) stats.get(0)).longValue()).isEqualTo(1440);
        assertThat(((OffsetDateTime) stats.get(1)).toInstant().toString()).isEqualTo("2023-01-21T00:00:00Z");
        assertThat(((OffsetDateTime) stats.get(2)).toInstant().toString()).isEqualTo("2023-01-21T23:59:00Z");
        assertThat(((OffsetDateTime) stats.get(3)).toInstant().toString()).isEqualTo("2023-01-21T23:59:59.999Z");
        assertThat(((Number) stats.get(13)).longValue()).isEqualTo(1440);
        assertThat(stats.get(14)).isEqualTo("TIMESTAMP WITH TIME ZONE");

        BigDecimal[] sums = new BigDecimal[12];
        java.util.Arrays.fill(sums, BigDecimal.ZERO);
        for (String line : csv.lines().toList()) {
            String[] f = line.split(",");
            for (int i = 1; i <= 10; i++) {
                sums[i] = sums[i].add(new BigDecimal(f[i]));
            }
        }
        int[] csvColumn = {1, 2, 3, 4, 5, 7, 8, 9, 10};
        for (int k = 0; k < csvColumn.length; k++) {
            double expected = sums[csvColumn[k]].doubleValue();
            double actual = ((Number) stats.get(4 + k)).doubleValue();
            assertThat(actual).as("sum of CSV column %d", csvColumn[k]).isCloseTo(expected, within(Math.abs(expected) * 1e-12));
        }
        assertThat(((Number) stats.get(10)).longValue()).isEqualTo(sums[8].longValueExact());

        List<String> schema = DuckDb.query("SELECT name FROM parquet_schema('" + month + "') WHERE name <> 'kline_1m'")
                .stream().map(r -> (String) r.get(0)).toList();
        assertThat(schema).containsExactly("open_time", "open", "high", "low", "close", "volume", "close_time",
                "quote_asset_volume", "trades", "taker_base", "taker_quote");
        assertThat(DuckDb.single("SELECT compression FROM parquet_metadata('" + month + "') LIMIT 1")).isEqualTo("SNAPPY");

        Offsets offsets = OffsetsCodec.read(root.resolve("data/spot/BTCUSDT/metadata/offsets.json"));
        Offsets.MonthEntry entry = offsets.months().get("2023-01");
        assertThat(entry.rows()).isEqualTo(1440);
        assertThat(entry.missingMinutes()).isZero();
        assertThat(entry.parquetSha256()).isEqualTo(Hashes.sha256(month));
        assertThat(entry.files()).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo(Fixtures.REAL_DAY + ".zip");
            assertThat(f.sha256()).isEqualTo(Hashes.sha256(root.resolve("inbox/.done/" + Fixtures.REAL_DAY + ".zip")));
            assertThat(f.rows()).isEqualTo(1440);
            assertThat(f.source()).isEqualTo("archive");
        });
    }

    @Test
    void keeps_the_raw_csv_when_asked() throws Exception {
        Map<String, String> p = TestApp.settings(root);
        p.put("app.ingest.keep-raw-csv", "true");
        try (PipelineRuntime app = PipelineRuntime.startOneShot(p)) {
            app.ingest(Fixtures.zip(root.resolve("in"), Fixtures.REAL_DAY, Fixtures.realCsv("1m")), false);
        }
        Path raw = root.resolve("data/spot/BTCUSDT/klines_1m/raw_csv/" + Fixtures.REAL_DAY + ".csv");
        assertThat(Files.readString(raw)).isEqualTo(Fixtures.realCsv("1m"));
        try (var files = Files.list(raw.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactly(Fixtures.REAL_DAY + ".csv");
        }
    }

    @Test
    void microsecond_timestamps_give_byte_identical_stored_content() throws Exception {
        Path ms = root.resolve("ms");
        Path us = root.resolve("us");
        try (PipelineRuntime app = TestApp.oneShot(ms)) {
            IngestOutcome o = app.ingest(Fixtures.zip(root.resolve("in-ms"), Fixtures.REAL_DAY, Fixtures.realCsv("1m")), false);
            assertThat(o.timeUnit()).isEqualTo("ms");
        }
        try (PipelineRuntime app = TestApp.oneShot(us)) {
            IngestOutcome o = app.ingest(Fixtures.zip(root.resolve("in-us"), Fixtures.REAL_DAY, Fixtures.realCsvMicros()), false);
            assertThat(o.summary()).startsWith("INGESTED");
            assertThat(o.timeUnit()).isEqualTo("us");
        }
        assertThat(Hashes.sha256(TestApp.monthFile(us, "2023-01"))).isEqualTo(Hashes.sha256(TestApp.monthFile(ms, "2023-01")));
    }

    @Test
    void december_2024_in_ms_and_january_2025_in_us_form_one_contiguous_series() throws Exception {
        KlineGenerator generator = new KlineGenerator(11);
        Path in = Files.createDirectories(root.resolve("in"));
        Path dec = in.resolve("BTCUSDT-1m-2024-12.csv");
        Path jan = in.resolve("BTCUSDT-1m-2025-01.csv");
        generator.writeMonth(YearMonth.of(2024, 12), dec, List.of());
        generator.writeMonth(YearMonth.of(2025, 1), jan, List.of());
        assertThat(Files.readAllLines(dec).get(0).split(",")[0]).hasSize(13);
        assertThat(Files.readAllLines(jan).get(0).split(",")[0]).hasSize(16);
        try (PipelineRuntime app = TestApp.oneShot(root)) {
            assertThat(app.ingest(BinanceArchive.zipWithChecksum(dec, in), false).timeUnit()).isEqualTo("ms");
            assertThat(app.ingest(BinanceArchive.zipWithChecksum(jan, in), false).timeUnit()).isEqualTo("us");
        }
        String all = "read_parquet('" + root.resolve("data/spot/BTCUSDT/klines_1m") + "/*.parquet')";
        List<Object> r = DuckDb.query("SELECT count(*), count(DISTINCT open_time), min(open_time), max(open_time), "
                + "max(step), min(step), sum(CASE WHEN close_time - open_time = INTERVAL 59999 MILLISECOND THEN 1 ELSE 0 END) FROM "
                + "(SELECT open_time, close_time, epoch_ms(open_time) - lag(epoch_ms(open_time)) OVER (ORDER BY open_time) AS step FROM "
                + all + ")").get(0);
        assertThat(((Number) r.get(0)).longValue()).isEqualTo(31 * 1440 * 2);
        assertThat(((Number) r.get(1)).longValue()).isEqualTo(31 * 1440 * 2);
        assertThat(((OffsetDateTime) r.get(2)).toInstant().toString()).isEqualTo("2024-12-01T00:00:00Z");
        assertThat(((OffsetDateTime) r.get(3)).toInstant().toString()).isEqualTo("2025-01-31T23:59:00Z");
        assertThat(((Number) r.get(4)).longValue()).isEqualTo(60_000);
        assertThat(((Number) r.get(5)).longValue()).isEqualTo(60_000);
        assertThat(((Number) r.get(6)).longValue()).isEqualTo(31 * 1440 * 2);
    }

    @Test
    void crlf_line_ends_and_blank_lines_give_byte_identical_stored_content() throws Exception {
        String lf = Fixtures.realCsv("1m");
        List<String> lines = lf.lines().toList();
        StringBuilder crlf = new StringBuilder("\r\n\n"); // blank lines first, CRLF and LF
        for (int i = 0; i < lines.size(); i++) {
            crlf.append(lines.get(i)).append("\r\n");
            if (i % 100 == 0) {
                crlf.append("\r\n");
            }
        }
        crlf.append("\r\n\r\n");
        Path a = root.resolve("lf");
        Path b = root.resolve("crlf");
        try (PipelineRuntime app = TestApp.oneShot(a)) {
            assertThat(app.ingest(Fixtures.zip(root.resolve("in-lf"), Fixtures.REAL_DAY, lf), false).rowsRead()).isEqualTo(1440);
        }
        try (PipelineRuntime app = TestApp.oneShot(b)) {
            Path csv = Files.createDirectories(root.resolve("in-crlf")).resolve(Fixtures.REAL_DAY + ".csv");
            Files.writeString(csv, crlf);
            IngestOutcome o = app.ingest(csv, false);
            assertThat(o.summary()).startsWith("INGESTED");
            assertThat(o.rowsRead()).isEqualTo(1440);
        }
        assertThat(Hashes.sha256(TestApp.monthFile(b, "2023-01"))).isEqualTo(Hashes.sha256(TestApp.monthFile(a, "2023-01")));
    }
}
