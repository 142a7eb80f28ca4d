package sparkjob;

import java.io.Serializable;

/** One Spark task of a sweep: a symbol and the grid indexes [from, to) it runs. */
record SweepTask(String symbol, int from, int to) implements Serializable {
}
