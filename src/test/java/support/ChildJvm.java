package support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A main class run in a separate JVM: this JVM's java binary and test classpath, settings as {@code -D} properties,
 * the working directory given, output to a log file there. Determinism across processes can only be tested this way.
 *
 * <p>Identity hash codes (and with them the iteration order of hash sets of enum values) are per-JVM state: two
 * JVMs differ in them when their threads start or run in another order. So that a test does not depend on that
 * luck, a child first computes {@code hashShift} identity hash codes of its own, which moves every later one.
 */
public final class ChildJvm {
    private static final String SHIFT = "test.identity-hash-shift";
    private static final long TIMEOUT_SECONDS = 300;
    private static final AtomicInteger LAUNCHED = new AtomicInteger();

    private ChildJvm() {
    }

    /** How a child ended; its output (stdout and stderr) is in {@code log}. */
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

    /** Runs {@code mainClass} with {@code args} in a child JVM in {@code workDir} and waits for it to end. */
    public static Run run(Path workDir, Map<String, String> properties, int hashShift, Class<?> mainClass,
                          String... args) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "-Xmx1g",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", // short runs on 2 cores: C1 only halves the CPU
                "-D" + SHIFT + "=" + hashShift, "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        properties.forEach((key, value) -> cmd.add("-D" + key + "=" + value));
        cmd.add(ChildJvm.class.getName());
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        Path log = workDir.resolve("child-" + LAUNCHED.incrementAndGet() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("APP_")); // settings come from -D only
        long start = System.nanoTime();
        Process process = pb.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return new Run(process.exitValue(), (System.nanoTime() - start) / 1_000_000, log);
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
