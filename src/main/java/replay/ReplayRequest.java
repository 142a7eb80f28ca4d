package replay;

import java.nio.file.Path;

/** What {@code direct:replay} is asked to do. */
public sealed interface ReplayRequest {

    /** Recorded exchanges of {@code route} (a .jsonl file or a folder of them) sent through the route again. */
    record Recording(String route, Path from, boolean collect, Replayer.Overrides overrides) implements ReplayRequest {
    }

    /** A run bundle ({@code export run}) re-run on the current store and compared file by file. */
    record Run(Path bundle) implements ReplayRequest {
    }
}
