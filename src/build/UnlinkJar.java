import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Removes the name of the jar a build is about to write ({@code java src/build/UnlinkJar.java JAR}), run by the build
 * before the jar plugin: that plugin writes its jar into the existing file, so a process running from the previous
 * jar (the long-lived process started by {@code bin/run}, while {@code bin/run} in another terminal rebuilds after a
 * source change) would read a different jar under its feet - classes it loads later (a request of a new kind, its
 * shutdown) fail. Unlinked, the old file stays whole for whoever has it open and goes with the last of them; the build
 * writes a new file. Nothing else changes: RepackJar already moves its result into place.
 */
public final class UnlinkJar {
    public static void main(String[] args) throws IOException {
        Files.deleteIfExists(Path.of(args[0]));
    }
}
