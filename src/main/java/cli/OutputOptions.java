package cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** Output options checked before any work: a path that can never be written is a usage error, not a crash later. */
final class OutputOptions {
    private OutputOptions() {
    }

    /** {@code file} can become a file: it is not a folder, and its nearest existing ancestor is a folder. */
    static void checkFile(CommandLine cmd, String option, Path file) {
        if (file == null) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new CommandLine.ParameterException(cmd, option + " " + file + " is a folder; give a file name");
        }
        checkFolder(cmd, option, file.toAbsolutePath().getParent(), file);
    }

    /** {@code folder} is a folder or can be created as one. */
    static void checkFolder(CommandLine cmd, String option, Path folder) {
        checkFolder(cmd, option, folder, folder);
    }

    private static void checkFolder(CommandLine cmd, String option, Path folder, Path given) {
        for (Path p = folder.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new CommandLine.ParameterException(cmd, option + " " + given + ": " + p
                            + " is a file, not a folder");
                }
                return;
            }
        }
    }
}
