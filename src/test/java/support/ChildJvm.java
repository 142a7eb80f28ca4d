package support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code kline-pipeline} in a child JVM on this JVM's binary and classpath, output (stdout and stderr) to a log file:
 * for {@code kill -9}, for stores the child may not write and for determinism across processes (which can only
 * be tested this way). Settings come from {@code -D} (and the environment variables a test gives) only.
 *
 * <p>Identity hash codes (and with them the iteration order of hash sets of enum values) are per-JVM state: two
 * JVMs differ in them when their threads start or run in another order. So that a test does not depend on that
 * luck, {@link #run} lets a child first compute {@code hashShift} identity hash codes of its own, which moves every
 * later one.
 */
public record ChildJvm(Process process, long startNanos, Path log) {
    /** setpriv without the capabilities that let root ignore file permissions: root obeys chmod like anyone else. */
    private static final List<String> OBEY_PERMISSIONS = List.of("setpriv", "--bounding-set",
            "-dac_override,-dac_read_search,-fowner,-linux_immutable");
    private static final String SHIFT = "test.identity-hash-shift";
    private static int launched;

    /** A finished child: exit code, run time and its output. */
    public record Run(int exitCode, long elapsedMs, Path log) {
        public String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String describe() {
            String out = output();
            return "child exit " + exitCode + " after " + elapsedMs + " ms; output (" + log + "):\n"
                    + out.substring(Math.max(0, out.length() - 4000));
        }
    }

    /** {@code kline-pipeline ARGS} in {@code work} (its log goes there too). */
    public static ChildJvm start(Path work, Map<String, String> settings, List<String> args) throws IOException {
        return start(work, settings, false, args);
    }

    /**
     * As {@link #start(Path, Map, List)}; with {@code obeyPermissions} a child of root runs without the capabilities
     * that bypass file permissions (see {@link #permissionsCanBeEnforced}), so a chmod'ed store is read-only to it.
     */
    public static ChildJvm start(Path work, Map<String, String> settings, boolean obeyPermissions, List<String> args)
            throws IOException {
        return start(work, settings, Map.of(), List.of(), obeyPermissions, args);
    }

    /** As {@link #start(Path, Map, List)}, with environment variables {@code env} (e.g. {@code APP_DATA_DIR}). */
    public static ChildJvm start(Path work, Map<String, String> settings, Map<String, String> env, List<String> args)
            throws IOException {
        return start(work, settings, env, List.of(), false, args);
    }

    /** As {@link #start(Path, Map, boolean, List)} with JVM flags after the defaults ({@code -Xmx256m} wins). */
    public static ChildJvm start(Path work, Map<String, String> settings, List<String> jvmFlags,
                                 boolean obeyPermissions, List<String> args) throws IOException {
        return start(work, settings, Map.of(), jvmFlags, obeyPermissions, args);
    }

    /**
     * As {@link #start(Path, Map, List, boolean, List)}; {@code env} is added to the child's environment after this
     * JVM's {@code APP_*} variables are removed, so a test can set settings the way an operator's shell does.
     */
    public static ChildJvm start(Path work, Map<String, String> settings, Map<String, String> env, List<String> jvmFlags,
                                 boolean obeyPermissions, List<String> args) throws IOException {
        Files.createDirectories(work);
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        if (obeyPermissions && isRoot()) {
            cmd.addAll(OBEY_PERMISSIONS);
        }
        cmd.addAll(List.of(java, "-cp", System.getProperty("java.class.path"), "-Xmx1g",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")); // short runs on 2 cores: C1 only halves the CPU
        cmd.addAll(jvmFlags);
        settings.forEach((key, value) -> cmd.add("-D" + key + "=" + value));
        if (!settings.containsKey("app.api.port") && !env.containsKey("APP_API_PORT")) {
            // a long-lived child listens on a free port, not the default 8080 another process on the machine may hold
            cmd.add("-Dapp.api.port=" + TestApp.freePort());
        }
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "cli.KlinePipeline"));
        cmd.addAll(args);
        Path log = work.resolve("child-" + next() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("APP_")); // settings come from -D (and env) only
        pb.environment().putAll(env);
        return new ChildJvm(pb.start(), System.nanoTime(), log);
    }

    /** Runs {@code mainClass} with {@code args} in a child JVM in {@code workDir} and waits for it to end. */
    public static Run run(Path workDir, Map<String, String> properties, int hashShift, Class<?> mainClass,
                          String... args) throws IOException, InterruptedException {
        return run(workDir, properties, List.of(), hashShift, mainClass, args);
    }

    /** As {@link #run(Path, Map, int, Class, String...)} with JVM flags after the defaults ({@code -Xmx256m} wins). */
    public static Run run(Path workDir, Map<String, String> properties, List<String> jvmFlags, int hashShift,
                          Class<?> mainClass, String... args) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "-Xmx1g",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", // short runs on 2 cores: C1 only halves the CPU
                "-D" + SHIFT + "=" + hashShift, "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(jvmFlags);
        properties.forEach((key, value) -> cmd.add("-D" + key + "=" + value));
        cmd.add(ChildJvm.class.getName());
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        Path log = workDir.resolve("child-" + next() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("APP_")); // settings come from -D only
        long start = System.nanoTime();
        Process process = pb.start();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return new Run(process.exitValue(), (System.nanoTime() - start) / 1_000_000, log);
    }

    private static synchronized int next() {
        return ++launched;
    }

    /**
     * Whether a child started with {@code obeyPermissions} is kept from writing a folder without write permission:
     * always for other users; for root only where setpriv can drop its capabilities (checked by trying).
     */
    public static boolean permissionsCanBeEnforced(Path scratch) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(scratch.resolve("permission-probe"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            List<String> cmd = new ArrayList<>(isRoot() ? OBEY_PERMISSIONS : List.of());
            cmd.addAll(List.of("touch", dir.resolve("x").toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() != 0 && !Files.exists(dir.resolve("x"));
        } catch (IOException e) {
            return false; // no setpriv
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    public long elapsedMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    public Run awaitExit() throws InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return new Run(process.exitValue(), elapsedMs(), log);
    }

    /** Waits until {@code file} exists (or the child ends); returns ms since start. */
    public long awaitFile(Path file) throws InterruptedException {
        while (!Files.exists(file) && !process.waitFor(10, TimeUnit.MILLISECONDS)) {
            // poll
        }
        return elapsedMs();
    }

    /** SIGKILL ({@code kill -9}: {@link Process#destroyForcibly} on Linux) now, and waits for the child to end. */
    public Run kill() throws InterruptedException {
        process.destroyForcibly();
        return awaitExit();
    }

    /** SIGKILL (kill -9) once {@code delayMs} have passed since start, unless the child ended before. */
    public Run killAfter(long delayMs) throws InterruptedException {
        long left = delayMs - elapsedMs();
        if (left <= 0 || !process.waitFor(left, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
        }
        return awaitExit();
    }

    /** Child entry point: {@code MAIN_CLASS ARGS...}, after the identity hash shift. */
    public static void main(String[] args) throws Throwable {
        int shift = Integer.getInteger(SHIFT, 0);
        int sink = 0;
        for (int i = 0; i < shift; i++) {
            sink ^= new Object().hashCode();
        }
        if (sink == 42) {
            System.out.print(""); // keeps the loop from being optimised away
        }
        try {
            Class.forName(args[0]).getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
