package sparkjob;

import java.io.Serializable;

/**
 * What one task produced: the result rows of its combinations (grid order), how many it skipped, and - when its
 * symbol's data cannot be swept - the problem ({@code no_data} or {@code refused}) instead of rows. The rows travel as
 * two primitive arrays (cheap to serialise): {@code index[i]} is row i's grid index, and {@code values[i * width ...]}
 * its grid values (in the plan's key order) then its {@link backtest.sweep.SweepMetric} figures (NaN: undefined),
 * {@code width} = keys + figures.
 *
 * @param problemKind null when the task ran; {@code no_data} (no bars in the window) or {@code refused} (a data check
 *                    such as data.min_coverage)
 * @param bars        bars in the window (0 when nothing was read)
 * @param historyFrom where the task's read began (its earliest warm-up), or null
 * @param engineNanos the engine's own wall time for the chunk ({@code SweepRunner.runRange}: read, columns, runs)
 */
record ChunkOutput(SweepTask task, int[] index, double[] values, int skipped, String problemKind, String problem,
                   int bars, String historyFrom, long engineNanos) implements Serializable {

    /** Rows computed. */
    int ran() {
        return index.length;
    }
}
