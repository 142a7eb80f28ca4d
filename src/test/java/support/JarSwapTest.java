package support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rebuild does not change the jar under a running process: the build unlinks the old jar (src/build/UnlinkJar.java,
 * bound to prepare-package, before the jar plugin writes its jar into an existing file) - the process that has it open
 * keeps reading the old bytes, the path gets the new jar. Checked with the real tool (JDK source launcher) and the
 * pom's binding.
 */
class JarSwapTest {
    @TempDir
    Path dir;

    private static void jar(Path file, String text) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file))) {
            out.putNextEntry(new JarEntry("a.txt"));
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    private static String read(ZipFile zip) throws IOException {
        try (var in = zip.getInputStream(zip.getEntry("a.txt"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void a_process_reading_the_old_jar_keeps_reading_it_after_a_rebuild_writes_a_new_one() throws Exception {
        Path jar = dir.resolve("kline-pipeline.jar");
        jar(jar, "old ".repeat(1000));
        try (ZipFile running = new ZipFile(jar.toFile())) {
            Process unlink = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    Path.of("src/build/UnlinkJar.java").toAbsolutePath().toString(), jar.toString())
                    .redirectErrorStream(true).start();
            String out = new String(unlink.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(unlink.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(unlink.exitValue()).as(out).isZero();
            assertThat(jar).doesNotExist();
            jar(jar, "new"); // what the jar plugin then writes at the same path

            assertThat(read(running)).isEqualTo("old ".repeat(1000));
            try (ZipFile rebuilt = new ZipFile(jar.toFile())) {
                assertThat(read(rebuilt)).isEqualTo("new");
            }
        }
    }

    @Test
    void the_build_unlinks_the_jar_before_the_package_phase_writes_it() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        int execution = pom.indexOf("<id>unlink-old-jar</id>");
        assertThat(execution).isPositive();
        String binding = pom.substring(execution, pom.indexOf("</execution>", execution));
        assertThat(binding).contains("<phase>prepare-package</phase>", "src/build/UnlinkJar.java",
                "${project.build.directory}/${project.build.finalName}.jar");
    }
}
