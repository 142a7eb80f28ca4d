package bench;

import features.Bars;
import features.FeatureEngine;
import features.FeatureRequest;
import features.FeatureResult;
import features.FeatureService;
import features.FeatureSpec;
import features.GapPolicy;
import features.ParquetDataSource;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import storage.CrashPoints;
import storage.KlineColumns;
import storage.KlineParquet;
import storage.KlineStore;
import features.Interval;
import features.indicators.IndicatorEngine;
import features.indicators.IndicatorSpec;
import features.indicators.Ta4jIndicators;
import gen.KlineGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Feature benchmark (not a test): all indicators with default periods ({@link IndicatorSpec#defaults()}) by
 * {@link IndicatorEngine} over a generated year of 1m bars (2024, 527,040 bars, {@code gen.KlineGenerator}) and over
 * 4.6M bars (BTCUSDT's 1m history length) synthesised in memory by a seeded random walk; ta4j
 * ({@link Ta4jIndicators}: series + indicators) on the year in the same run as the baseline. Prints wall time, bars/s,
 * peak heap and the ratio against ta4j and against the target (4.6M bars in < 3 s within a 1 GB heap).
 *
 * <p>Run with {@code bin/bench-features [--reps N] [--seed S] [--bars N]} (the script sets {@code -Xmx1g}).
 */
public final class FeatureBenchmark {
    static final double TARGET_SECONDS = 3.0;
    static final long MINUTE = 60_000L;

    public static void main(String[] args) throws IOException {
        int reps = 5;
        long seed = 42;
        int large = 4_600_000;
        boolean storeOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--store-only" -> storeOnly = true;
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--bars" -> large = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: FeatureBenchmark [--reps N] [--seed S] [--bars N] [--store-only]");
                    System.exit(2);
                }
            }
        }
        IndicatorSpec spec = IndicatorSpec.defaults();
        System.out.printf("java %s, %d cores, max heap %d MB, indicators %s (warm-up %d bars)%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, spec.columns(), spec.warmupBars());

        if (storeOnly) { // only the whole history from the store (what a small heap is measured with)
            fromStore(seed, large, reps);
            return;
        }
        Bars year = generatedYear(seed);
        warmUp(year, spec);
        Run ours = best(reps, () -> IndicatorEngine.compute(year, spec));
        Run ta4j = best(Math.max(1, reps / 2), () -> Ta4jIndicators.compute(year, spec));
        double maxRel = maxRelativeDifference(year, spec);
        System.out.printf("%n12 months (%,d bars, generated 2024, seed %d)%n", year.size(), seed);
        print("ours", year.size(), ours);
        print("ta4j", year.size(), ta4j);
        System.out.printf("  ours/ta4j speed %.1fx; largest relative difference after the warm-up %.3g%n",
                ta4j.bestSeconds() / ours.bestSeconds(), maxRel);

        inMemory(seed, large, reps, spec);
        fromStore(seed, large, reps);
    }

    private static void inMemory(long seed, int large, int reps, IndicatorSpec spec) {
        Bars history = randomWalk(seed, large);
        Run big = best(reps, () -> IndicatorEngine.compute(history, spec));
        System.out.printf("%nhistory (%,d bars, in-memory random walk; bars alone %d MB)%n", history.size(),
                barsBytes(history.size()) >> 20);
        print("ours", history.size(), big);
        System.out.printf("  target < %.1f s within 1 GB: %s%n", TARGET_SECONDS,
                big.bestSeconds() < TARGET_SECONDS && Runtime.getRuntime().maxMemory() <= (1L << 30) ? "PASS" : "FAIL");
    }

    /**
     * The product path for the whole history: the same random walk stored as monthly Parquet files, then (1) what
     * {@code features compute} runs, {@code FeatureService} streaming the frame into a Parquet file; (2) the streamed
     * computation alone ({@code FeatureEngine.stream}); (3) the in-memory frame ({@code FeatureEngine.compute}), which
     * needs more than a 512 MB heap (an OutOfMemoryError there is reported, not thrown).
     */
    private static void fromStore(long seed, int large, int reps) throws IOException {
        Path dir = Files.createTempDirectory("kline-feature-bench");
        KlineStore store = new KlineStore(dir, "BTCUSDT", Clock.systemUTC(), CrashPoints.NONE);
        Files.createDirectories(store.klinesDir());
        long first;
        long last;
        int months = 0;
        {
            Bars walk = randomWalk(seed, large);
            first = walk.openTime[0];
            last = walk.openTime[walk.size() - 1];
            int i = 0;
            while (i < walk.size()) {
                YearMonth m = YearMonth.from(Instant.ofEpochMilli(walk.openTime[i]).atZone(ZoneOffset.UTC));
                long end = m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                KlineColumns c = new KlineColumns(45_000);
                for (; i < walk.size() && walk.openTime[i] < end; i++) {
                    c.add(walk.openTime[i], walk.open[i], walk.high[i], walk.low[i], walk.close[i], walk.volume[i],
                            walk.openTime[i] + 59_999, walk.quoteVolume[i], walk.trades[i], walk.takerBase[i],
                            walk.takerQuote[i]);
                }
                KlineParquet.write(store.monthFile(m), c);
                months++;
            }
        }
        FeatureSpec spec = new FeatureSpec(Interval.M1, IndicatorSpec.defaults(), GapPolicy.FFILL);
        Instant start = Instant.ofEpochMilli(first);
        Instant end = Instant.ofEpochMilli(last + MINUTE);
        FeatureEngine engine = new FeatureEngine(new ParquetDataSource(store, GapPolicy.FFILL, false));
        long[] rows = new long[1];
        System.out.printf("%nwhole history from the store (%,d bars in %d monthly Parquet files, 1m, FFILL, all"
                + " indicators)%n", large, months);

        // what `features compute` runs (minus the Camel start): streamed, written to Parquet, synced, renamed
        FeatureService service = new FeatureService(store, dir.resolve("features"), List.of());
        Path out = dir.resolve("history.parquet");
        Run written = best(reps, () -> {
            try {
                rows[0] = ((FeatureResult.Computed) service.handle(new FeatureRequest.Compute(spec, start, end, out)))
                        .rows();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        System.out.printf("  streamed to a Parquet file (FeatureService compute: read, fill, indicators, write %d MB,"
                + " fsync)%n", Files.size(out) >> 20);
        print("ours", (int) rows[0], written);
        System.out.printf("  target < %.1f s within 512 MB (issue 14; run with BENCH_HEAP=512m): %s%n", TARGET_SECONDS,
                written.bestSeconds() < TARGET_SECONDS && Runtime.getRuntime().maxMemory() <= (512L << 20)
                        ? "PASS" : "FAIL");

        Run streamed = best(reps, () -> {
            try {
                long[] n = new long[1];
                engine.stream(spec, start, end, (chunk, gaps) -> n[0] += chunk.size());
                rows[0] = n[0];
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        System.out.println("  streamed, not written (FeatureEngine.stream: read, fill, indicators, a month at a time)");
        print("ours", (int) rows[0], streamed);

        System.out.println("  in memory, not written (FeatureEngine.compute: the whole frame at once)");
        try {
            Run whole = best(reps, () -> {
                try {
                    rows[0] = engine.compute(spec, start, end).size();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            print("ours", (int) rows[0], whole);
        } catch (OutOfMemoryError e) {
            System.out.println("  ours  OutOfMemoryError (" + e.getMessage() + ") in a "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MB heap");
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Best and median wall time of the repetitions, and the largest peak heap among them. */
    record Run(double bestSeconds, double medianSeconds, long peakHeapBytes) {
    }

    private static Run best(int reps, Runnable work) {
        double[] s = new double[reps];
        long peak = 0;
        for (int r = 0; r < reps; r++) {
            System.gc();
            heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
            long t0 = System.nanoTime();
            work.run();
            s[r] = (System.nanoTime() - t0) / 1e9;
            peak = Math.max(peak, heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum());
        }
        Arrays.sort(s);
        return new Run(s[0], s[reps / 2], peak);
    }

    private static void print(String who, int bars, Run run) {
        System.out.printf("  %-5s best %7.3f s (median %7.3f s)  %,13.0f bars/s  peak heap %5d MB%n", who,
                run.bestSeconds(), run.medianSeconds(), bars / run.bestSeconds(), run.peakHeapBytes() >> 20);
    }

    private static void warmUp(Bars bars, IndicatorSpec spec) {
        for (int i = 0; i < 3; i++) {
            IndicatorEngine.compute(bars, spec);
        }
    }

    /** Over all columns and rows where both have a value: max |ours - ta4j| / max(|ours|, |ta4j|). */
    private static double maxRelativeDifference(Bars bars, IndicatorSpec spec) {
        Map<String, double[]> ours = IndicatorEngine.compute(bars, spec);
        Map<String, double[]> ta4j = Ta4jIndicators.compute(bars, spec);
        double max = 0;
        for (String col : ours.keySet()) {
            double[] a = ours.get(col);
            double[] b = ta4j.get(col);
            for (int i = 0; i < a.length; i++) {
                if (!Double.isNaN(a[i]) && !Double.isNaN(b[i]) && a[i] != b[i]) {
                    max = Math.max(max, Math.abs(a[i] - b[i]) / Math.max(Math.abs(a[i]), Math.abs(b[i])));
                }
            }
        }
        return max;
    }

    /** 2024 as gen.KlineGenerator writes it (one continuous walk), read back into 1m bars. */
    private static Bars generatedYear(long seed) throws IOException {
        Path dir = Files.createTempDirectory("bench-features");
        Path csv = dir.resolve("2024.csv");
        try {
            new KlineGenerator(seed).write(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:00:00Z"),
                    csv, List.of());
            Bars bars = new Bars(Interval.M1, 527_040);
            try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.US_ASCII)) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    String[] f = line.split(",", -1);
                    bars.add(Long.parseLong(f[0]), d(f[1]), d(f[2]), d(f[3]), d(f[4]), d(f[5]), d(f[7]),
                            Long.parseLong(f[8]), d(f[9]), d(f[10]), (byte) 0);
                }
            }
            return bars;
        } finally {
            Files.deleteIfExists(csv);
            Files.deleteIfExists(dir);
        }
    }

    /** n consistent 1m bars from 2017-08-17: a seeded multiplicative random walk, 0.08% per minute. */
    static Bars randomWalk(long seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Bars bars = new Bars(Interval.M1, n);
        long t = Instant.parse("2017-08-17T04:00:00Z").toEpochMilli();
        double price = 4_300.0;
        for (int i = 0; i < n; i++) {
            double open = price;
            double close = Math.max(1.0, Math.round(open * (1 + 0.0008 * rnd.nextGaussian()) * 100) / 100.0);
            double high = Math.max(open, close) + Math.round(rnd.nextDouble() * open * 0.0005 * 100) / 100.0;
            double low = Math.max(0.01, Math.min(open, close) - Math.round(rnd.nextDouble() * open * 0.0005 * 100) / 100.0);
            double volume = 0.01 + rnd.nextDouble() * 500;
            double taker = volume * rnd.nextDouble();
            bars.add(t + i * MINUTE, open, high, low, close, volume, volume * close, 50 + rnd.nextInt(20_000), taker,
                    taker * close, (byte) 0);
            price = close;
        }
        return bars;
    }

    /** Bytes of the Bars columns for n bars: 10 eight-byte columns and one flag byte. */
    static long barsBytes(int n) {
        return n * 81L;
    }

    private static List<MemoryPoolMXBean> heapPools() {
        List<MemoryPoolMXBean> pools = new ArrayList<>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                pools.add(p);
            }
        }
        return pools;
    }

    private static double d(String s) {
        return Double.parseDouble(s);
    }
}
