package support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds strategy plug-in jars in tests the way a user's build would: javac over the sources against the application's
 * classes (this JVM's class path, target/classes included), the resources copied, all packed into one jar. Offline,
 * no Maven run needed.
 */
public final class PluginJars {
    private PluginJars() {
    }

    /** A jar of the Maven-layout project {@code project} (src/main/java, src/main/resources) written to {@code jar}. */
    public static Path build(Path project, Path jar) throws IOException {
        Path work = Files.createTempDirectory(jar.getParent(), "plugin-build");
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                "--release", "21", "-proc:none", "-nowarn"));
        try (Stream<Path> s = Files.walk(project.resolve("src/main/java"))) {
            s.filter(p -> p.toString().endsWith(".java")).map(Path::toString).sorted().forEach(args::add);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        if (javac.run(null, err, err, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("plug-in did not compile: " + err.toString(StandardCharsets.UTF_8));
        }
        Path resources = project.resolve("src/main/resources");
        if (Files.isDirectory(resources)) {
            copyTree(resources, classes);
        }
        return jar(classes, jar);
    }

    /** A jar of the given sources ({@code example/Foo.java} -> text) and resources (path -> text). */
    public static Path build(Map<String, String> sources, Map<String, String> resources, Path jar) throws IOException {
        Path project = Files.createTempDirectory(jar.getParent(), "plugin-src");
        for (Map.Entry<String, String> e : sources.entrySet()) {
            write(project.resolve("src/main/java").resolve(e.getKey()), e.getValue());
        }
        for (Map.Entry<String, String> e : resources.entrySet()) {
            write(project.resolve("src/main/resources").resolve(e.getKey()), e.getValue());
        }
        return build(project, jar);
    }

    private static void write(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    private static Path jar(Path classes, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
             Stream<Path> s = Files.walk(classes)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                try {
                    Files.copy(p, j);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                j.closeEntry();
            }
        }
        return jar;
    }

    /** The repository's examples/strategy-plugin folder (tests run in the repository root). */
    public static Path exampleProject() {
        return Path.of("examples/strategy-plugin").toAbsolutePath();
    }
}
