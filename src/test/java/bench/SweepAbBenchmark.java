package bench;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The 1,000-EMA-pair sweep of {@link SweepBenchmark} on two builds in one JVM, alternating: a baseline build (its
 * {@code target/classes} and {@code target/test-classes}, copied aside before a change) and this build, each in its
 * own class loader over the same dependency jars, so that both see the same machine state (on a shared machine the
 * load changes from minute to minute; the ratio of the two in one run is the figure to trust). Each repetition runs
 * the baseline then this build (2 workers, then 1), after one untimed sweep of each; the rows of the two builds must
 * be equal (their {@code toString}).
 *
 * <p>{@code java -cp target/classes:target/test-classes:DEPS bench.SweepAbBenchmark BASE_CLASSES BASE_TEST_CLASSES
 * [--reps N]} (DEPS: {@code target/bench-classpath.txt} as {@code bin/bench-backtest} builds it).
 */
public final class SweepAbBenchmark {
    private SweepAbBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: SweepAbBenchmark BASE_CLASSES BASE_TEST_CLASSES [--reps N] [--grid AXIS...]");
            System.exit(2);
        }
        int reps = 5;
        List<String> grid = new ArrayList<>(List.of("ema_fast=2:41:1", "ema_slow=50:290:10"));
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("--reps")) {
                reps = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--grid")) {
                grid = new ArrayList<>(Arrays.asList(args).subList(i + 1, args.length));
                break;
            }
        }
        List<URL> deps = new ArrayList<>();
        for (String p : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!p.endsWith("target/classes") && !p.endsWith("target/test-classes")) {
                deps.add(Path.of(p).toUri().toURL());
            }
        }
        ClassLoader parent = new URLClassLoader(deps.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        quietLogging(parent);
        Side base = new Side("baseline", new URLClassLoader(new URL[] {Path.of(args[0]).toUri().toURL(),
                Path.of(args[1]).toUri().toURL()}, parent), grid);
        Side ours = new Side("this build", new URLClassLoader(new URL[] {Path.of("target/classes").toUri().toURL(),
                Path.of("target/test-classes").toUri().toURL()}, parent), grid);
        System.out.printf("java %s, %d cores; grid %s; %d repetitions, alternating%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), String.join(" ", grid), reps);
        String rowsBase = base.sweep(1);
        String rowsOurs = ours.sweep(1);
        if (!rowsBase.equals(rowsOurs)) {
            throw new IllegalStateException("the two builds' rows differ");
        }
        base.sweep(2);
        ours.sweep(2);
        int workers = Runtime.getRuntime().availableProcessors();
        double[][] t = new double[4][reps];
        double[][] cpu = new double[4][reps];
        Side[] sides = {base, ours, base, ours};
        for (int r = 0; r < reps; r++) {
            for (int k = 0; k < 4; k++) {
                long c0 = cpuNanos();
                t[k][r] = sides[k].timed(k < 2 ? workers : 1);
                cpu[k][r] = (cpuNanos() - c0) / 1e6 / sides[k].runs;
            }
        }
        String[] names = {"baseline, " + workers + " workers", "this build, " + workers + " workers",
            "baseline, 1 worker", "this build, 1 worker"};
        for (int k = 0; k < 4; k++) {
            Arrays.sort(t[k]);
            Arrays.sort(cpu[k]);
            System.out.printf("  %-26s best %6.3f s (median %6.3f s); process CPU per combination best %.3f ms"
                    + " (median %.3f ms)%n", names[k], t[k][0], t[k][reps / 2], cpu[k][0], cpu[k][reps / 2]);
        }
        System.out.printf("  baseline / this build: %d workers %.2fx (medians %.2fx), 1 worker %.2fx (medians %.2fx);"
                + " rows equal%n", workers, t[0][0] / t[1][0], t[0][reps / 2] / t[1][reps / 2], t[2][0] / t[3][0],
                t[2][reps / 2] / t[3][reps / 2]);
    }

    /**
     * Root at INFO in the logback of the shared parent loader. The project configures logback in code
     * ({@code cli.LogDefaults}, a service of the project's own classes, which the parent loader does not see): left
     * alone, that logback runs its default configuration, DEBUG, and every trimmed buy of a sweep is formatted and
     * printed - a cost neither build has in a real run.
     */
    private static void quietLogging(ClassLoader parent) throws Exception {
        Class<?> level = parent.loadClass("ch.qos.logback.classic.Level");
        Object root = parent.loadClass("org.slf4j.LoggerFactory").getMethod("getLogger", String.class)
                .invoke(null, "ROOT");
        root.getClass().getMethod("setLevel", level).invoke(root, level.getField("INFO").get(null));
    }

    /** Process CPU time (all threads, GC and compiler included), ns. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** One build: its own store (the benchmark's two months), config and grid, called by reflection. */
    private static final class Side {
        final String name;
        final Object store;
        final Object cfg;
        final Object grid;
        final Method run;
        final Method rows;

        Side(String name, ClassLoader loader, List<String> axes) throws Exception {
            this.name = name;
            Class<?> bench = loader.loadClass("bench.BacktestBenchmark");
            Class<?> cfgClass = loader.loadClass("backtest.config.BacktestConfig");
            java.lang.reflect.Field config = bench.getDeclaredField("CONFIG");
            config.setAccessible(true);
            cfg = cfgClass.getMethod("parse", String.class).invoke(null, config.get(null));
            Method twoMonths = bench.getDeclaredMethod("twoMonthStore", Path.class, cfgClass, long.class);
            twoMonths.setAccessible(true);
            Path dir = Files.createTempDirectory("kline-sweep-ab");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir))); // the two months' Parquet files
            store = twoMonths.invoke(null, dir, cfg, 42L);
            Class<?> gridClass = loader.loadClass("backtest.sweep.GridSpec");
            grid = gridClass.getMethod("parse", List.class).invoke(null, axes);
            Class<?> runner = loader.loadClass("backtest.sweep.SweepRunner");
            run = runner.getMethod("run", cfgClass, gridClass, loader.loadClass("storage.KlineStore"), int.class);
            rows = loader.loadClass("backtest.sweep.SweepResult").getMethod("rows");
        }

        private static void delete(Path dir) {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (java.io.IOException e) {
                System.err.println("could not delete " + dir + ": " + e.getMessage());
            }
        }

        int runs;

        String sweep(int threads) throws Exception {
            List<?> r = (List<?>) rows.invoke(run.invoke(null, cfg, grid, store, threads));
            runs = r.size();
            return r.toString();
        }

        double timed(int threads) throws Exception {
            System.gc();
            long t0 = System.nanoTime();
            sweep(threads);
            return (System.nanoTime() - t0) / 1e9;
        }
    }
}
