package sparkjob;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * What one task produced: the result rows of its combinations (grid order), how many it skipped, and - when its
 * symbol's data cannot be swept - the problem ({@code no_data} or {@code refused}) instead of rows.
 *
 * @param problemKind null when the task ran; {@code no_data} (no bars in the window) or {@code refused} (a data check
 *                    such as data.min_coverage)
 * @param bars        bars in the window (0 when nothing was read)
 * @param historyFrom where the task's read began (its earliest warm-up), or null
 */
record ChunkOutput(SweepTask task, List<Row> rows, int ran, int skipped, String problemKind, String problem, int bars,
                   String historyFrom) implements Serializable {

    /** The same without the rows: what the driver collects. */
    ChunkOutput status() {
        return new ChunkOutput(task, List.of(), ran, skipped, problemKind, problem, bars, historyFrom);
    }
}
