package bench;

import gen.BinanceArchive;
import gen.KlineGenerator;
import ingest.IngestOutcome;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import routes.PipelineRuntime;

/**
 * Profiling harness (not a test): the 12 generated months of the ingest benchmark through
 * {@code PipelineRuntime.ingest}, one file after another into a fresh store, {@code loops} times in one JVM; prints
 * each loop's wall and process CPU time and the load average. Run under JFR to see where an ingest spends its time:
 * {@code java -XX:StartFlightRecording=... -cp ... bench.IngestLoop 10 [months [all]]} ({@code all}: one
 * {@code PipelineRuntime.ingestAll} call, as the ingest command).
 */
public final class IngestLoop {
    public static void main(String[] args) throws Exception {
        System.setProperty("kline.log.camel", "WARN");
        int loops = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int months = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        boolean inARow = args.length > 2 && args[2].equals("all"); // one ingestAll call, as `ingest *.zip`
        Path work = Files.createTempDirectory("kline-loop-");
        List<Path> zips = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            YearMonth ym = YearMonth.of(2024, m);
            Path csv = work.resolve("gen").resolve("BTCUSDT-1m-" + ym + ".csv");
            new KlineGenerator(42).write(ym.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                    ym.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(), csv, List.of());
            zips.add(BinanceArchive.zipWithChecksum(csv, work.resolve("archives")));
            Files.delete(csv);
        }
        List<Path> input = months == 1 ? List.of(zips.get(5)) : zips.subList(0, months);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int loop = 0; loop < loops; loop++) {
            Path data = work.resolve("data-" + loop);
            try (PipelineRuntime rt = PipelineRuntime.startOneShot(Map.of("app.data.dir", data.toString(),
                    "app.inbox.dir", work.resolve("inbox").toString(), "app.features.refresh", ""))) {
                System.gc();
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                List<IngestOutcome> outcomes = new ArrayList<>();
                if (inARow) {
                    rt.ingestAll(input, false, outcomes::add);
                } else {
                    for (Path zip : input) {
                        outcomes.add(rt.ingest(zip, false));
                    }
                }
                for (IngestOutcome o : outcomes) {
                    if (o.status() != IngestOutcome.Status.INGESTED) {
                        throw new IllegalStateException(o.summary());
                    }
                }
                long t1 = System.nanoTime();
                long cpu1 = os.getProcessCpuTime();
                System.out.printf("loop %d: %.3f s wall, %.3f s process CPU, load %s%n", loop, (t1 - t0) / 1e9,
                        (cpu1 - cpu0) / 1e9, Files.readString(Path.of("/proc/loadavg")).trim());
            }
            IngestBenchmark.deleteTree(data);
        }
        IngestBenchmark.deleteTree(work);
    }
}
