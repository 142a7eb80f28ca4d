package cli;

/** Runs a {@code kline-pipeline} command in this JVM for tests of other packages (settings from -D properties). */
public final class InProcessCli {
    private InProcessCli() {
    }

    /** The command's exit code. */
    public static int run(String... args) {
        return KlinePipeline.execute(args);
    }
}
