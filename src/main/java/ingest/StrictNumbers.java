package ingest;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;

/**
 * Strict ASCII number parsing straight from bytes. Accepts only {@code -?[0-9]+(\.[0-9]+)?} for decimals and
 * {@code [0-9]+} for integers: no exponent, sign '+', hex, NaN, Infinity, type suffix or blanks.
 * Decimal results equal {@link Double#parseDouble} exactly (fast path: an exact integer divided by an exact
 * power of ten is correctly rounded; longer ones go to FastDoubleParser, which is exact too).
 */
final class StrictNumbers {
    /** Returned by {@link #parseDecimal} when the text is not a strict decimal. */
    static final double INVALID = Double.NaN;
    /** Returned by {@link #parseDigits} when the text is not all digits (or too long). */
    static final long INVALID_LONG = Long.MIN_VALUE;

    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private StrictNumbers() {
    }

    static double parseDecimal(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && b[i] == '-') {
            negative = true;
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int intDigits = 0;
        int fracDigits = 0;
        boolean dot = false;
        for (; i < to; i++) {
            int c = b[i];
            if (c >= '0' && c <= '9') {
                if (mantissa != 0 || c != '0') {
                    digits++;
                }
                if (digits <= 18) {
                    mantissa = mantissa * 10 + (c - '0');
                }
                if (dot) {
                    fracDigits++;
                } else {
                    intDigits++;
                }
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return INVALID;
            }
        }
        if (intDigits == 0 || (dot && fracDigits == 0)) {
            return INVALID;
        }
        double value;
        if (digits <= 15 && fracDigits < POW10.length) {
            value = mantissa / POW10[fracDigits];
        } else {
            // syntax already checked above; FastDoubleParser rounds exactly like Double.parseDouble
            value = JavaDoubleParser.parseDouble(b, from, to - from);
        }
        return negative ? -value : value;
    }

    /** Parses {@code [0-9]{1,18}}; returns {@link #INVALID_LONG} otherwise. */
    static long parseDigits(byte[] b, int from, int to) {
        int n = to - from;
        if (n < 1 || n > 18) {
            return INVALID_LONG;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int c = b[i] - '0';
            if (c < 0 || c > 9) {
                return INVALID_LONG;
            }
            v = v * 10 + c;
        }
        return v;
    }
}
