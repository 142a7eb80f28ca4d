package replay;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The replay stage behind {@code direct:replay}: recorded exchanges sent through their route again ({@link Replayer})
 * or a run bundle re-run and compared file by file ({@link RunReplay}). {@code out} hears one line per exchange or
 * file (null: nobody).
 */
public final class ReplayService {
    private final Path exportsDir;
    private final Replayer.RouteCall routes;
    private final RunReplay runs;

    public ReplayService(Path exportsDir, Replayer.RouteCall routes, RunReplay runs) {
        this.exportsDir = exportsDir;
        this.routes = routes;
        this.runs = runs;
    }

    /** A {@link Replayer.Outcome} for a recording, a {@link RunReplay.Outcome} for a run bundle. */
    public Object handle(ReplayRequest request, Consumer<String> out) throws IOException {
        Consumer<String> lines = out == null ? s -> { } : out;
        return switch (request) {
            case ReplayRequest.Recording r -> new Replayer(exportsDir, routes).replay(r.route(), r.from(), r.collect(),
                    r.overrides() == null ? Replayer.Overrides.NONE : r.overrides(), lines);
            case ReplayRequest.Run r -> runs.replay(r.bundle(), lines);
        };
    }
}
