package cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.ChildJvm;

/**
 * {@code bin/jdk} sourced by a real bash on a machine with no JDK >= 21: PATH holds only the tools it uses and a fake
 * {@code apt-get} that records its calls; JAVA_HOME and the search folders ({@code KLINE_JDK_SEARCH}) hold no JDK.
 */
class BinJdkTest {
    private static final Path BIN_JDK = Path.of("bin/jdk").toAbsolutePath();

    @TempDir
    Path root;
    private Path tools;
    private Path aptCalls;
    private Path bash;

    record Result(int exitCode, String stdout, String stderr) {
    }

    @BeforeEach
    void machineWithoutJdk() throws IOException {
        tools = Files.createDirectories(root.resolve("tools"));
        bash = real("bash");
        for (String tool : List.of("awk", "dirname", "readlink", "id", "cat")) {
            script(tool, "exec '" + real(tool) + "' \"$@\"");
        }
        aptCalls = root.resolve("apt-get-calls");
        script("apt-get", "echo \"$*\" >> '" + aptCalls + "'");
    }

    private static Path real(String tool) {
        return List.of(Path.of("/usr/bin", tool), Path.of("/bin", tool)).stream().filter(Files::isExecutable)
                .findFirst().orElseThrow(() -> new IllegalStateException("no " + tool + " on this machine"));
    }

    private void script(String name, String body) throws IOException {
        Path s = Files.writeString(tools.resolve(name), "#!" + bash + "\n" + body + "\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Result source(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(bash.toString(), "-c",
                ". '" + BIN_JDK + "' && echo \"JAVA_HOME=$JAVA_HOME\"")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))) // not a terminal
                .redirectOutput(root.resolve("out").toFile()).redirectError(root.resolve("err").toFile());
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", tools.toString(), "JAVA_HOME", "/nonexistent",
                "KLINE_JDK_SEARCH", "/nonexistent", "HOME", root.toString()));
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(root.resolve("out")), Files.readString(root.resolve("err")));
    }

    @Test
    void without_a_terminal_it_prints_the_install_command_and_fails_instead_of_installing() throws Exception {
        Result r = source(Map.of());

        assertThat(r.exitCode()).as(r.stderr()).isNotZero();
        assertThat(r.stdout()).doesNotContain("JAVA_HOME=");
        assertThat(r.stderr().lines().toList()).hasSize(1);
        String sudo = ChildJvm.isRoot() ? "" : "sudo ";
        assertThat(r.stderr()).contains("needs a JDK >= 21", "none was found",
                sudo + "apt-get update && " + sudo + "apt-get install -y openjdk-21-jdk-headless", "set JAVA_HOME",
                "KLINE_INSTALL_JDK=yes");
        assertThat(aptCalls).as("apt-get must not run unasked").doesNotExist();
    }

    @Test
    void ci_opts_in_with_kline_install_jdk() throws Exception {
        assumeTrue(ChildJvm.isRoot(), "installing is for root only");
        Result r = source(Map.of("KLINE_INSTALL_JDK", "yes"));

        assertThat(Files.readAllLines(aptCalls)).containsExactly("update -qq", "install -y -qq openjdk-21-jdk-headless");
        // the fake apt-get installed nothing, so there is still no JDK
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("installing openjdk-21-jdk-headless", "needs a JDK >= 21 (set JAVA_HOME)");
    }

    @Test
    void a_jdk_in_the_search_folders_is_taken_without_apt_get() throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));
        assumeTrue(Files.isExecutable(jdk.resolve("bin/javac")), "the test runs on a JDK");
        Result r = source(Map.of("KLINE_JDK_SEARCH", "/nonexistent " + jdk));

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("JAVA_HOME=" + jdk);
        assertThat(aptCalls).doesNotExist();
    }
}
