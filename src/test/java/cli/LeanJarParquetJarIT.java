package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.DuckDb;
import support.Fixtures;

/**
 * The minimized shaded jar (pom.xml: minimizeJar, Hadoop reduced to a few classes, parquet's Jackson copy and most
 * Snappy natives left out) still writes and reads Parquet: in child JVMs on the jar, a real Binance day is ingested,
 * verified, aggregated to hourly features, backtested and exported, and every value read back matches Binance's own
 * files. Also pins what the build left out, and the size (docs/benchmarks.md#jar-size).
 */
class LeanJarParquetJarIT {
    private static final Path JAR = Path.of("target/kline-pipeline.jar").toAbsolutePath();
    /** Issue 14's target: 20 MB (43.8 MB before the minimizing, 24.6 MB before the re-packing). */
    private static final long MAX_JAR_BYTES = 20_000_000L;

    @TempDir
    Path root;

    record Result(int exitCode, String stdout, String stderr) {
    }

    private Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Dapp.backfill.enabled=false");
        if (Runtime.version().feature() >= 24) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.add("-jar");
        cmd.add(JAR.toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(root, "out-", ".txt");
        Path err = Files.createTempFile(root, "err-", ".txt");
        Process p = new ProcessBuilder(cmd).directory(root.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished: " + cmd).isTrue();
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void the_jar_is_lean_and_leaves_out_what_is_never_loaded() throws Exception {
        assertThat(Files.size(JAR)).as("jar size").isLessThanOrEqualTo(MAX_JAR_BYTES);
        try (ZipFile z = new ZipFile(JAR.toFile())) {
            // Snappy natives of Linux, macOS and Windows x86_64 kept (the store writes SNAPPY); 32-bit ones dropped
            assertThat(z.getEntry("org/xerial/snappy/native/Linux/x86_64/libsnappyjava.so")).isNotNull();
            assertThat(z.getEntry("org/xerial/snappy/native/Linux/aarch64/libsnappyjava.so")).isNotNull();
            assertThat(z.getEntry("org/xerial/snappy/native/Windows/x86_64/snappyjava.dll")).isNotNull();
            assertThat(z.getEntry("org/xerial/snappy/native/Windows/x86/snappyjava.dll")).isNull();
            // Hadoop: only what parquet-hadoop's reader loads, not its Configuration or file systems
            assertThat(z.getEntry("org/apache/hadoop/mapreduce/lib/input/FileInputFormat.class")).isNotNull();
            assertThat(z.getEntry("org/apache/hadoop/conf/Configuration.class")).isNull();
            assertThat(z.getEntry("org/apache/hadoop/fs/FileSystem.class")).isNull();
            // parquet's own Jackson copy is gone (its references point at ours), as is the second fastutil copy's map
            assertThat(z.stream().filter(e -> e.getName().startsWith("shaded/parquet/com/fasterxml/"))).isEmpty();
            assertThat(z.getEntry("shaded/parquet/it/unimi/dsi/fastutil/ints/Int2IntOpenHashMap.class")).isNull();
            // the minimizer's root list is read at build time only; the components Camel finds by name are in
            assertThat(z.getEntry("META-INF/services/routes.ShadedJarRoots")).isNull();
            assertThat(z.getEntry("org/apache/camel/component/file/FileComponent.class")).isNotNull();
            assertThat(z.stream().filter(e -> e.getName().startsWith("META-INF/maven/"))).isEmpty();
            // ta4j's unused dependencies, Camel's catalogue JSON, commons-codec's phonetic rules: left out
            assertThat(z.stream().filter(e -> e.getName().startsWith("org/apache/commons/math3/"))).isEmpty();
            assertThat(z.stream().filter(e -> e.getName().startsWith("com/google/gson/"))).isEmpty();
            assertThat(z.stream().filter(e -> e.getName().startsWith("META-INF/org/apache/camel/"))).isEmpty();
            assertThat(z.stream().filter(e -> e.getName().startsWith("org/apache/commons/codec/language/"))).isEmpty();
            // re-packed (src/build/RepackJar.java): no directory entries, our own classes byte for byte as compiled
            // (libraries' classes lose their debugger attributes only), the manifest first
            assertThat(z.stream().filter(ZipEntry::isDirectory)).isEmpty();
            assertThat(z.entries().nextElement().getName()).isEqualTo("META-INF/MANIFEST.MF");
            for (String own : List.of("cli/KlinePipeline.class", "routes/BackfillRoutes.class",
                    "storage/SnappyCodecFactory.class")) {
                try (InputStream in = z.getInputStream(z.getEntry(own))) {
                    assertThat(in.readAllBytes()).as(own).isEqualTo(Files.readAllBytes(Path.of("target/classes", own)));
                }
            }
        }
    }

    @Test
    void parquet_written_by_the_jar_reads_back_through_the_jar_with_binances_values() throws Exception {
        Path zip = Fixtures.zip(root.resolve("in"), Fixtures.REAL_DAY, Fixtures.realCsv("1m"));

        Result ingest = run("ingest", zip.toString());
        assertThat(ingest.exitCode()).as(ingest.stderr()).isZero();
        assertThat(ingest.stdout()).contains("INGESTED BTCUSDT-1m-2023-01-21.zip: month 2023-01, rows read 1440, added 1440");
        Path month = root.resolve("data/spot/BTCUSDT/klines_1m/2023-01.parquet");
        assertThat(DuckDb.single("SELECT count(*) FROM " + DuckDb.parquet(month))).isEqualTo(1440L);

        // verify reads every file back (footer, rows, times)
        Result verify = run("verify");
        assertThat(verify.exitCode()).as(verify.stdout() + verify.stderr()).isZero();
        assertThat(verify.stdout()).contains("1440 rows, 0 missing minutes").contains("CLEAN: no problems found");

        // hourly bars aggregated from the stored minutes equal Binance's own hourly file, value for value
        Result features = run("features", "compute", "--interval", "1h", "--indicators", "ema,rsi",
                "--start", "2023-01-21", "--end", "2023-01-22");
        assertThat(features.exitCode()).as(features.stderr()).isZero();
        assertThat(features.stdout()).contains(": 24 rows");
        Path frame;
        try (var files = Files.list(root.resolve("data/spot/BTCUSDT/features"))) {
            frame = files.filter(f -> f.getFileName().toString().startsWith("1h-ema-rsi_")).findFirst().orElseThrow();
        }
        List<List<Object>> hours = DuckDb.query("SELECT open, high, low, close, volume FROM " + DuckDb.parquet(frame)
                + " ORDER BY ts");
        List<String> binance = Fixtures.realCsv("1h").lines().toList();
        assertThat(hours).hasSize(24).hasSameSizeAs(binance);
        for (int i = 0; i < 24; i++) {
            String[] f = binance.get(i).split(",");
            for (int c = 0; c < 4; c++) { // prices exactly
                assertThat(((Number) hours.get(i).get(c)).doubleValue()).as("hour %d column %d", i, c)
                        .isEqualTo(Double.parseDouble(f[c + 1]));
            }
            double volume = Double.parseDouble(f[5]); // a sum of 60 doubles: to the last bits
            assertThat(((Number) hours.get(i).get(4)).doubleValue()).as("hour %d volume", i)
                    .isCloseTo(volume, org.assertj.core.data.Offset.offset(volume * 1e-12));
        }

        // the spot check recomputes sampled rows with ta4j: ta4j runs from the jar without the libraries left out
        // (commons-math3, gson: docs/benchmarks.md#jar-size)
        Result sample = run("features", "sample", "--interval", "1m", "--indicators", "ema,rsi,cmf,macd,atr",
                "--n", "2", "--seed", "7", "--start", "2023-01-21", "--end", "2023-01-22");
        assertThat(sample.exitCode()).as(sample.stdout() + sample.stderr()).isZero();
        assertThat(sample.stdout()).contains("2 rows, 26 values checked, 0 mismatches (seed 7)");

        // a backtest over the day, and the export reads the month back: every minute as Binance published it
        Files.writeString(root.resolve("bt.yaml"), """
                symbol: BTCUSDT
                start: 2023-01-21
                end: 2023-01-22
                interval: 15m
                initial_cash: 10000
                indicators: {ema_fast: 5, ema_slow: 12}
                strategy: {type: ema-cross, decision_every: 15m}
                output_dir: runs
                """);
        Result backtest = run("backtest", "--config", "bt.yaml");
        assertThat(backtest.exitCode()).as(backtest.stderr()).isZero();
        assertThat(backtest.stdout()).contains("bars / decisions / fills     96 / 96 /");
        try (var runs = Files.list(root.resolve("runs"))) {
            Path run = runs.findFirst().orElseThrow();
            assertThat(DuckDb.single("SELECT count(*) FROM " + DuckDb.parquet(run.resolve("equity.parquet"))))
                    .isEqualTo(96L);
        }

        Result export = run("export", "klines", "--from", "2023-01", "--to", "2023-01");
        assertThat(export.exitCode()).as(export.stderr()).isZero();
        List<String> csv = Files.readAllLines(root.resolve("exports/klines_1m_2023-01.csv"));
        List<String> real = Fixtures.realLines();
        assertThat(csv).hasSize(1441);
        for (int i = 0; i < real.size(); i++) {
            String[] want = real.get(i).split(",");
            String[] got = csv.get(i + 1).split(",");
            for (int c : new int[] {1, 2, 3, 4, 5, 7, 9, 10}) {
                assertThat(Double.parseDouble(got[c])).as("minute %d column %d", i, c)
                        .isEqualTo(Double.parseDouble(want[c]));
            }
            assertThat(got[8]).isEqualTo(want[8]); // trades
        }
    }
}
