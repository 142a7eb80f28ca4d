package cli;

import static org.assertj.core.api.Assertions.assertThat;

import backfill.VisionFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import gen.BinanceArchive;
import gen.KlineGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.Hashes;
import support.ChildJvm;
import support.FakeBinance;

/**
 * Soak test of the long-lived process ({@code kline-pipeline run}) in a child JVM with a 256 MB heap: inbox files
 * of every kind (valid, duplicate, conflicting, corrupt, checksum mismatch, wrong symbol, over-long line, ZIP bomb,
 * odd names, temporary names, a sub-folder) are dropped over a period while the backfill timer downloads from a
 * Binance stand-in whose archives fail now and then (connection resets, 503). At the end every file taken got its
 * outcome (logged once, refusals with a reason file), nothing waits that should not, the backfill completed, the
 * store verifies clean, the heap after GC stayed bounded, and SIGTERM stops the process within 10 s with exit 0.
 *
 * <p>Default size for the test suite: {@code soak.files=300} over {@code soak.seconds=30}. The figure in
 * docs/benchmarks.md: {@code bin/soak} (2,000 files over 180 s).
 */
class LongLivedSoakIT {
    private static final int FILES = Integer.getInteger("soak.files", 300);
    private static final int SECONDS = Integer.getInteger("soak.seconds", 30);
    private static final long SEED = 17;
    private static final YearMonth JAN = YearMonth.of(2024, 1);
    private static final String NOW = "2024-04-10T12:00:00Z"; // backfill: Feb + Mar monthly, Apr 1..9 daily
    private static final long HEAP_LIMIT_MB = 256;
    private static final Pattern OUTCOME = Pattern.compile("inbox: (INGESTED|ALREADY_INGESTED|REJECTED) (\\S+)");
    private static final Pattern GC_AFTER = Pattern.compile("->(\\d+)M\\(\\d+M\\)");

    @TempDir
    Path root;

    private final Map<String, byte[]> kinds = new TreeMap<>();

    @Test
    void thousands_of_inbox_files_while_a_flaky_backfill_runs_all_settled_store_clean_heap_bounded_clean_stop()
            throws Exception {
        try (FakeBinance binance = new FakeBinance(root.resolve("binance"), SEED)) {
            List<VisionFile> remote = new ArrayList<>();
            for (YearMonth m : List.of(YearMonth.of(2024, 2), YearMonth.of(2024, 3))) {
                binance.publishMonth(m, List.of());
                remote.add(VisionFile.month("BTCUSDT", m));
            }
            for (int d = 1; d <= 9; d++) {
                binance.publishDay(LocalDate.of(2024, 4, d));
                remote.add(VisionFile.day("BTCUSDT", LocalDate.of(2024, 4, d)));
            }
            armFailures(binance, remote);
            prepareInputs();

            Path inbox = root.resolve("inbox");
            Path data = root.resolve("data");
            Map<String, String> settings = new HashMap<>(Map.of(
                    "app.data.dir", data.toString(), "app.inbox.dir", inbox.toString(), "app.clock.fixed", NOW,
                    "app.backfill.base-url", binance.baseUrl(), "app.backfill.initial-delay-ms", "1000",
                    "app.backfill.period-ms", "4000", "app.backfill.http.backoff-ms", "100",
                    "app.backfill.http.retries", "1", "app.inbox.poll-ms", "200", "app.inbox.settle-ms", "200"));
            Files.createDirectories(inbox.resolve("sub"));
            Files.write(inbox.resolve("sub/BTCUSDT-1m-2024-01-01.zip"), kinds.get("valid-01"));
            Path gcLog = root.resolve("gc.log");
            ChildJvm child = ChildJvm.start(root.resolve("work"), settings,
                    List.of("-Xmx" + HEAP_LIMIT_MB + "m", "-Xlog:gc:file=" + gcLog), false, List.of("run"));

            long dropStart = System.nanoTime();
            int taken = 0;
            int waiting = 0;
            for (int i = 0; i < FILES; i++) {
                if (!child.process().isAlive()) {
                    break;
                }
                Drop drop = drop(i);
                waiting += drop.waits ? 1 : 0;
                taken += drop.waits ? 0 : drop.names.size();
                for (int k = 0; k < drop.names.size(); k++) {
                    place(inbox, drop.names.get(k), drop.bytes.get(k));
                }
                if (i % 50 == 49) {
                    binance.server.resetScenarios(); // every archive fails once more
                }
                long due = dropStart + TimeUnit.SECONDS.toNanos(SECONDS) * (i + 1) / FILES;
                long sleep = due - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                }
            }
            long settled = awaitSettled(child, inbox, data);
            long stopStart = System.nanoTime();
            child.process().destroy(); // SIGTERM
            boolean stopped = child.process().waitFor(30, TimeUnit.SECONDS);
            long stopMs = (System.nanoTime() - stopStart) / 1_000_000;
            ChildJvm.Run run = child.awaitExit();
            String log = run.output();

            assertThat(stopped).as(run.describe()).isTrue();
            assertThat(stopMs).as("SIGTERM to exit; " + run.describe()).isLessThan(10_000);
            assertThat(log).doesNotContain("Forcing").doesNotContain("OutOfMemoryError");

            // every file taken got exactly one outcome line; the CHECKSUM files travelled with their archives
            Matcher m = OUTCOME.matcher(log);
            Map<String, Integer> outcomes = new TreeMap<>();
            int lines = 0;
            while (m.find()) {
                outcomes.merge(m.group(1), 1, Integer::sum);
                lines++;
            }
            int archives = taken - countChecksums;
            assertThat(lines).as("outcome lines %s; %s", outcomes, run.describe()).isEqualTo(archives);
            assertThat(outcomes.get("INGESTED")).isGreaterThanOrEqualTo(31);
            try (Stream<Path> left = Files.list(inbox)) {
                assertThat(left.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".") && !n.equals("sub"))
                        .filter(n -> !n.endsWith(".part")).toList()).as("left in the inbox").isEmpty();
            }
            assertThat(log).contains("sub-folder sub/ is not read");
            assertThat(reasonCodes(inbox.resolve(".failed"))).contains("BAD_FILE_NAME", "CHECKSUM_MISMATCH",
                    "WRONG_SYMBOL", "LINE_TOO_LONG", "BAD_NUMBER", "ZIP_CORRUPT", "BAD_ENCODING", "CONFLICT");

            ChildJvm.Run verify = ChildJvm.start(root.resolve("work"), Map.of("app.data.dir", data.toString()),
                    List.of("verify")).awaitExit();
            assertThat(verify.exitCode()).as(verify.describe()).isZero();

            long peakAfterGcMb = peakAfterGc(gcLog);
            assertThat(peakAfterGcMb).as("largest heap after a full GC, MB").isLessThan(HEAP_LIMIT_MB * 3 / 4);
            System.out.printf("soak: %d drops (%d inbox files taken, %d waiting) over %d s, settled %d ms after the"
                            + " last drop; outcomes %s; heap after a full GC at most %d MB of %d MB; SIGTERM to exit %d ms%n",
                    FILES, taken, waiting, SECONDS, settled, outcomes, peakAfterGcMb, HEAP_LIMIT_MB, stopMs);
            assertThat(run.exitCode()).as("exit code after a clean stop; " + run.describe()).isZero();
        }
    }

    private int countChecksums;

    private record Drop(List<String> names, List<byte[]> bytes, boolean waits) {
        static Drop of(String name, byte[] bytes) {
            return new Drop(List.of(name), List.of(bytes), false);
        }
    }

    /** The i-th drop: four in ten valid days (the first 31 new, then duplicates), the rest bad or odd in turn. */
    private Drop drop(int i) {
        int day = i % 31 + 1;
        String dayName = String.format("BTCUSDT-1m-2024-01-%02d", day);
        return switch (i % 10) {
            case 0, 1, 2, 3 -> {
                int n = (i / 10 * 4 + i % 10) % 31 + 1; // days 1..31 in the first 80 drops, then again
                String name = String.format("BTCUSDT-1m-2024-01-%02d.zip", n);
                byte[] zip = kinds.get(String.format("valid-%02d", n));
                if (n % 2 == 0) { // with its CHECKSUM, written first
                    countChecksums++;
                    yield new Drop(List.of(name + ".CHECKSUM", name), List.of(checksum(zip, name), zip), false);
                }
                yield Drop.of(name, zip);
            }
            case 4 -> Drop.of("BTCUSDT-1m-2024-01-05.zip", kinds.get("conflict"));
            case 5 -> Drop.of("BTCUSDT-1m-2024-01-05.zip", kinds.get("bad-number"));
            case 6 -> {
                countChecksums++;
                byte[] zip = kinds.get(String.format("valid-%02d", day));
                yield new Drop(List.of(dayName + ".zip.CHECKSUM", dayName + ".zip"),
                        List.of(checksum(kinds.get("conflict"), dayName + ".zip"), zip), false);
            }
            case 7 -> i % 20 == 7 ? Drop.of("ETHUSDT-1m-2024-01-03.zip", kinds.get("valid-03"))
                    : Drop.of("BTCUSDT-1m-2024-01-05.csv", kinds.get("long-line"));
            case 8 -> i % 20 == 8 ? Drop.of("BTCUSDT-1m-2024-01-06.zip", kinds.get("bomb"))
                    : Drop.of("BTCUSDT-1m-2024-01-04.zip", kinds.get("corrupt"));
            default -> switch (i / 10 % 3) {
                case 0 -> Drop.of(dayName.toUpperCase() + ".ZIP", kinds.get("valid-01"));
                case 1 -> Drop.of("notes-" + i + ".txt", "not an archive\n".getBytes(StandardCharsets.UTF_8));
                default -> new Drop(List.of(dayName + "-" + i + ".zip.part"), List.of(kinds.get("valid-02")), true);
            };
        };
    }

    private static byte[] checksum(byte[] zip, String name) {
        return (Hashes.sha256(zip) + "  " + name + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes under a hidden temp name, then renames into the inbox (after an earlier file of that name was taken). */
    private static void place(Path inbox, String name, byte[] bytes) throws IOException, InterruptedException {
        Path target = inbox.resolve(name);
        for (int waited = 0; Files.exists(target) && waited < 30_000; waited += 20) {
            Thread.sleep(20);
        }
        Path tmp = inbox.resolve("." + name + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private void prepareInputs() throws IOException {
        Path src = Files.createDirectories(root.resolve("src"));
        KlineGenerator g = new KlineGenerator(SEED);
        for (int d = 1; d <= 31; d++) {
            LocalDate day = JAN.atDay(d);
            Path csv = src.resolve("BTCUSDT-1m-" + day + ".csv");
            g.writeDay(day, csv, List.of());
            kinds.put(String.format("valid-%02d", d), Files.readAllBytes(BinanceArchive.zip(csv, src.resolve("z" + d))));
        }
        Path csv = src.resolve("BTCUSDT-1m-2024-01-05.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        String[] f = lines.get(100).split(",");
        f[5] = "123.45600000"; // another volume for a stored minute
        lines.set(100, String.join(",", f));
        kinds.put("conflict", zipOf(src.resolve("conflict"), "BTCUSDT-1m-2024-01-05.csv", lines));
        f[4] = "12x3.5"; // close
        lines.set(100, String.join(",", f));
        kinds.put("bad-number", zipOf(src.resolve("bad"), "BTCUSDT-1m-2024-01-05.csv", lines));
        lines.set(100, lines.get(100) + "," + "9".repeat(5000));
        kinds.put("long-line", String.join("\n", lines).getBytes(StandardCharsets.US_ASCII));
        byte[] corrupt = kinds.get("valid-04").clone();
        for (int k = 100; k < corrupt.length - 100; k += 7) {
            corrupt[k] ^= 0x5a;
        }
        kinds.put("corrupt", corrupt);
        Path bomb = src.resolve("bomb.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.putNextEntry(new ZipEntry("BTCUSDT-1m-2024-01-06.csv")); // 64 MiB of NUL bytes
            byte[] zeros = new byte[1 << 20];
            for (int k = 0; k < 64; k++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        kinds.put("bomb", Files.readAllBytes(bomb));
    }

    private static byte[] zipOf(Path dir, String entry, List<String> lines) throws IOException {
        Path csv = Files.createDirectories(dir).resolve(entry);
        Files.write(csv, lines);
        return Files.readAllBytes(BinanceArchive.zip(csv, dir));
    }

    /** Every remote archive fails its next GET: connection resets and 503s in turn. */
    private static void armFailures(FakeBinance binance, List<VisionFile> files) {
        for (int k = 0; k < files.size(); k++) {
            binance.failNextZip(files.get(k), k % 2 == 0 ? FakeBinance.fault(Fault.CONNECTION_RESET_BY_PEER)
                    : FakeBinance.ok().withStatus(503).withBody("<html>Service Unavailable</html>"));
        }
    }

    /** Waits until the inbox holds only what must wait and the backfill stored Feb, Mar and Apr 1..9; returns ms. */
    private static long awaitSettled(ChildJvm child, Path inbox, Path data) throws Exception {
        long start = System.nanoTime();
        ObjectMapper json = new ObjectMapper();
        Path offsets = data.resolve("spot/BTCUSDT/metadata/offsets.json");
        while (child.process().isAlive() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(180)) {
            boolean inboxDone;
            try (Stream<Path> left = Files.list(inbox)) {
                inboxDone = left.map(p -> p.getFileName().toString())
                        .noneMatch(n -> !n.startsWith(".") && !n.equals("sub") && !n.endsWith(".part"));
            }
            boolean backfilled = false;
            if (Files.exists(offsets)) {
                JsonNode months = json.readTree(offsets.toFile()).path("months");
                backfilled = months.path("2024-02").path("rows").asLong() == 29 * 1440
                        && months.path("2024-03").path("rows").asLong() == 31 * 1440
                        && months.path("2024-04").path("rows").asLong() == 9 * 1440;
            }
            if (inboxDone && backfilled) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not settled within 180 s (inbox or backfill); child log " + child.log());
    }

    private static List<String> reasonCodes(Path failed) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> codes = new ArrayList<>();
        try (Stream<Path> files = Files.list(failed)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".reason.json")).toList()) {
                codes.add(json.readTree(p.toFile()).path("code").asText());
            }
        }
        return codes;
    }

    /**
     * The largest heap left after a full collection (the live set; the old generation is not collected by young
     * pauses, so their after-figures include garbage), or after any pause if there was no full collection.
     */
    private static long peakAfterGc(Path gcLog) throws IOException {
        long full = -1;
        long any = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_AFTER.matcher(line);
            if (m.find()) {
                long after = Long.parseLong(m.group(1));
                any = Math.max(any, after);
                if (line.contains("Pause Full")) {
                    full = Math.max(full, after);
                }
            }
        }
        return full >= 0 ? full : any;
    }
}
