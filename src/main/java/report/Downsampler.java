package report;

import java.util.Arrays;

/**
 * Picks the points worth drawing from a long series: per bucket of consecutive indices the minimum and the maximum
 * (in index order), plus the first and last value, so spikes and drawdowns stay visible at any zoom. NaN is skipped.
 */
final class Downsampler {
    private Downsampler() {
    }

    /** Indices to draw, ascending; all non-NaN indices when the series has no more than {@code 2 * buckets}. */
    static int[] minMax(double[] v, int buckets) {
        int n = v.length;
        int[] out = new int[Math.min(n, 2 * buckets + 2)];
        int k = 0;
        if (n <= 2 * buckets) {
            for (int i = 0; i < n; i++) {
                if (!Double.isNaN(v[i])) {
                    out[k++] = i;
                }
            }
            return Arrays.copyOf(out, k);
        }
        int first = firstValue(v);
        if (first < 0) {
            return new int[0];
        }
        out[k++] = first;
        for (int b = 0; b < buckets; b++) {
            int lo = (int) ((long) b * n / buckets);
            int hi = (int) ((long) (b + 1) * n / buckets);
            int min = -1;
            int max = -1;
            for (int i = lo; i < hi; i++) {
                double x = v[i];
                if (Double.isNaN(x)) {
                    continue;
                }
                if (min < 0 || x < v[min]) {
                    min = i;
                }
                if (max < 0 || x > v[max]) {
                    max = i;
                }
            }
            if (min < 0) {
                continue;
            }
            k = add(out, k, Math.min(min, max));
            k = add(out, k, Math.max(min, max));
        }
        int last = n - 1;
        while (Double.isNaN(v[last])) {
            last--;
        }
        k = add(out, k, last);
        return Arrays.copyOf(out, k);
    }

    private static int add(int[] out, int k, int index) {
        if (out[k - 1] >= index) {
            return k;
        }
        out[k] = index;
        return k + 1;
    }

    private static int firstValue(double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isNaN(v[i])) {
                return i;
            }
        }
        return -1;
    }
}
