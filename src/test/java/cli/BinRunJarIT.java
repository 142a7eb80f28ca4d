package cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.Fixtures;

/**
 * {@code bin/run} as a user calls it, in a real bash from another folder, on the packaged jar (failsafe runs this after
 * {@code package}; {@code KLINE_JAR} names the jar so the script never starts a Maven build here).
 */
class BinRunJarIT {
    static final Path REPO = Path.of("").toAbsolutePath();
    static final Path JAR = REPO.resolve("target/kline-pipeline.jar");

    @TempDir
    Path root;

    /** A finished {@code bin/run ARGS}: exit code and its output (stdout and stderr). */
    record Result(int exitCode, String output) {
    }

    static ProcessBuilder binRun(Path cwd, Path log, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", REPO.resolve("bin/run").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("APP_") || k.equals("JAVA_OPTS"));
        pb.environment().put("KLINE_JAR", JAR.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home")); // bin/jdk takes it when it is >= 21
        pb.environment().put("KLINE_AOT", "off"); // no background AOT training next to target/ (BinRunAotJarIT tests it)
        pb.environment().putAll(env);
        return pb;
    }

    Result run(Path cwd, Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile(root, "bin-run-", ".log");
        Process p = binRun(cwd, log, env, args).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("bin/run finished").isTrue();
        return new Result(p.exitValue(), Files.readString(log));
    }

    @Test
    void leading_jvm_options_and_java_opts_reach_the_jvm_and_files_are_relative_to_the_callers_folder() throws Exception {
        assertThat(JAR).exists();
        Path here = Files.createDirectories(root.resolve("elsewhere"));
        Path zip = Fixtures.zip(here.resolve("in"), Fixtures.REAL_DAY, Fixtures.realCsv("1m"));
        Fixtures.checksum(zip);

        // as README says: -Dapp.backfill.enabled=false before the command; a relative file from the caller's folder
        Result r = run(here, Map.of("JAVA_OPTS", "-Xmx512m -Dapp.ingest.keep-raw-csv=true -Dapp.data.dir=from-java-opts"),
                "-Dapp.backfill.enabled=false", "-Dapp.data.dir=store", "-Dapp.features.refresh=", "-Xss2m",
                "ingest", "in/" + zip.getFileName());

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("INGESTED BTCUSDT-1m-2023-01-21.zip").doesNotContain("Unknown option");
        // the store is relative to the caller's folder; a -D argument wins over JAVA_OPTS, which applies too
        assertThat(here.resolve("store/spot/BTCUSDT/klines_1m/2023-01.parquet")).exists();
        assertThat(here.resolve("store/spot/BTCUSDT/klines_1m/raw_csv")).isDirectory();
        assertThat(here.resolve("from-java-opts")).doesNotExist();
        assertThat(REPO.resolve("store")).doesNotExist();
    }

    @Test
    void settings_given_as_leading_d_arguments_are_checked_like_any_other() throws Exception {
        Result r = run(root, Map.of(), "-Dapp.inbox.pol-ms=500", "verify");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output().strip()).isEqualTo("kline-pipeline verify: unknown setting app.inbox.pol-ms "
                + "(-D system property): did you mean app.inbox.poll-ms?");
    }

    @Test
    void default_folders_are_relative_to_the_callers_folder() throws Exception {
        Path here = Files.createDirectories(root.resolve("work"));
        Result r = run(here, Map.of(), "generate", "--day", "2023-12-01", "--out", "inbox");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(here.resolve("inbox/BTCUSDT-1m-2023-12-01.zip")).exists();

        Result ingest = run(here, Map.of(), "ingest", "inbox/BTCUSDT-1m-2023-12-01.zip");
        assertThat(ingest.exitCode()).as(ingest.output()).isZero();
        assertThat(here.resolve("data/spot/BTCUSDT/klines_1m/2023-12.parquet")).exists();
    }

    @Test
    void ingest_runs_with_the_serial_collector_unless_one_is_chosen_and_other_commands_keep_g1() throws Exception {
        Path here = Files.createDirectories(root.resolve("gc"));
        Result gen = run(here, Map.of(), "generate", "--day", "2023-12-01", "--out", "in");
        assertThat(gen.exitCode()).as(gen.output()).isZero();
        String zip = "in/BTCUSDT-1m-2023-12-01.zip";

        Result ingest = run(here, Map.of(), "-XX:+PrintCommandLineFlags", "ingest", zip);
        assertThat(ingest.exitCode()).as(ingest.output()).isZero();
        assertThat(ingest.output()).contains("-XX:+UseSerialGC").doesNotContain("-XX:+UseG1GC");

        Result chosen = run(here, Map.of("JAVA_OPTS", "-XX:+UseG1GC"), "-XX:+PrintCommandLineFlags", "ingest", zip);
        assertThat(chosen.exitCode()).as(chosen.output()).isZero();
        assertThat(chosen.output()).contains("-XX:+UseG1GC").doesNotContain("-XX:+UseSerialGC");

        Result verify = run(here, Map.of(), "-XX:+PrintCommandLineFlags", "verify");
        assertThat(verify.output()).contains("-XX:+UseG1GC").doesNotContain("-XX:+UseSerialGC");

        // a collector chosen where the java launcher itself reads options: ours would stop the JVM ("Multiple
        // garbage collectors selected")
        for (String env : List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS")) {
            Result launcher = run(here, Map.of(env, "-XX:+UseParallelGC -Xmx512m -XX:CompileThresholdScaling=2"),
                    "-XX:+PrintCommandLineFlags", "ingest", zip);
            assertThat(launcher.exitCode()).as(env + ": " + launcher.output()).isZero();
            assertThat(launcher.output()).as(env).contains("-XX:+UseParallelGC", "-XX:CompileThresholdScaling=2.0")
                    .doesNotContain("-XX:+UseSerialGC", "NewSize=268435456", "CompileThresholdScaling=5.0");
        }
    }

    @Test
    void on_one_or_two_cores_every_start_scales_the_compile_thresholds_unless_they_are_chosen() throws Exception {
        Process nproc = new ProcessBuilder("nproc").redirectErrorStream(true).start();
        int cores = Integer.parseInt(new String(nproc.getInputStream().readAllBytes()).strip());
        Path here = Files.createDirectories(root.resolve("jit"));

        Result verify = run(here, Map.of(), "-XX:+PrintCommandLineFlags", "verify");
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        if (cores <= 2) {
            assertThat(verify.output()).contains("-XX:CompileThresholdScaling=5.000000");
        } else {
            assertThat(verify.output()).doesNotContain("CompileThresholdScaling");
        }
        Result help = run(here, Map.of(), "-XX:+PrintCommandLineFlags", "--version");
        assertThat(help.output()).contains(cores <= 2 ? "-XX:CompileThresholdScaling=5.000000" : "-XX:+PrintCommandLineFlags");

        Result chosen = run(here, Map.of("JAVA_OPTS", "-XX:CompileThresholdScaling=2"), "-XX:+PrintCommandLineFlags",
                "verify");
        assertThat(chosen.exitCode()).as(chosen.output()).isZero();
        assertThat(chosen.output()).contains("-XX:CompileThresholdScaling=2.000000").doesNotContain("=5.000000");
        Result given = run(here, Map.of(), "-XX:CompileThresholdScaling=1", "-XX:+PrintCommandLineFlags", "verify");
        assertThat(given.output()).contains("-XX:CompileThresholdScaling=1.000000").doesNotContain("=5.000000");
    }
}
