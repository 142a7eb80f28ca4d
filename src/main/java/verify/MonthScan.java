package verify;

import java.util.BitSet;
import java.util.List;

/**
 * Row checks of one month file: which minutes of the month are present (bit k = minute k of the month), the
 * first and last valid open time ({@code -1} when none) and the problems found in the rows.
 */
record MonthScan(int rows, BitSet present, long firstMs, long lastMs, List<Problem> problems) {
}
