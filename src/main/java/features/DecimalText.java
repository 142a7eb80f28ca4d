package features;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;

/**
 * Fast text for numbers and times in prompts, giving exactly the characters of the slower standard calls they
 * replace (a prompt's text is its cache key): {@link #fixed2} is {@code String.format(Locale.ROOT, "%.2f")} (and
 * {@code "%+.2f"}), {@link #grouped} is {@code "%,.Nf"} (the run report's numbers), {@link #significant8} is {@code new BigDecimal(v).round(new MathContext(8)).stripTrailingZeros()
 * .toPlainString()}, {@link #instant} is {@link Instant#toString()}, {@link #minute} is the pattern
 * {@code yyyy-MM-dd'T'HH:mm'Z'} in UTC and {@link #day} is {@code ISO_LOCAL_DATE} in UTC. Anything outside the fast
 * paths (non-finite numbers, huge or tiny magnitudes, a decimal tie that needs the exact binary value, years outside
 * 0..9999, times with sub-minute parts) goes to the standard call itself.
 */
public final class DecimalText {
    private static final long[] POW10 = new long[19];
    private static final double[] TEN = new double[19];
    private static final MathContext EIGHT = new MathContext(8);
    private static final long MINUTE = 60_000L;
    private static final long DAY = 86_400_000L;

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
        for (int i = 0; i < TEN.length; i++) {
            TEN[i] = POW10[i]; // exact: 10^i < 2^53 x 2^i
        }
    }

    private DecimalText() {
    }

    /** {@code String.format(Locale.ROOT, plus ? "%+.2f" : "%.2f", v)} appended to {@code sb}. */
    public static StringBuilder fixed2(StringBuilder sb, double v, boolean plus) {
        double a = Math.abs(v);
        if (!(a < 1e15)) { // NaN, infinities, huge values: the formatter itself
            return sb.append(String.format(Locale.ROOT, plus ? "%+.2f" : "%.2f", v));
        }
        // Formatter rounds the shortest decimal of v (the digits of Double.toString) half up
        long[] fe = shortest(a);
        long f = fe[0];
        int e = (int) fe[1] + 2; // in hundredths
        long r;
        if (e >= 0) {
            r = f * POW10[e];
        } else if (-e > 18) {
            r = 0;
        } else {
            long p = POW10[-e];
            r = f / p;
            if ((f % p) * 2 >= p) {
                r++;
            }
        }
        if (Double.doubleToRawLongBits(v) < 0) {
            sb.append('-');
        } else if (plus) {
            sb.append('+');
        }
        sb.append(r / 100).append('.');
        long c = r % 100;
        return sb.append((char) ('0' + c / 10)).append((char) ('0' + c % 10));
    }

    /**
     * {@code String.format(Locale.ROOT, "%,." + decimals + "f", v)} appended to {@code sb}: v's shortest decimal
     * rounded half up to {@code decimals} places, thousands grouped with ','. Outside the fast path (NaN, infinities,
     * magnitudes whose scaled value would not fit a long, more than 9 decimals) the formatter itself.
     */
    public static StringBuilder grouped(StringBuilder sb, double v, int decimals) {
        double a = Math.abs(v);
        if (decimals < 0 || decimals > 9 || !(a < TEN[17 - decimals])) {
            return sb.append(String.format(Locale.ROOT, "%,." + decimals + "f", v));
        }
        long r = 0;
        if (a != 0) {
            long[] fe = shortest(a);
            long f = fe[0];
            int e = (int) fe[1] + decimals; // in units of the last decimal
            if (e >= 0) {
                r = f * POW10[e]; // a < 10^(17 - decimals): below 10^17
            } else if (-e <= 18) {
                long p = POW10[-e];
                r = f / p;
                if ((f % p) * 2 >= p) {
                    r++;
                }
            }
        }
        if (Double.doubleToRawLongBits(v) < 0) {
            sb.append('-');
        }
        long unit = POW10[decimals];
        String whole = Long.toString(r / unit);
        int first = whole.length() % 3 == 0 ? 3 : whole.length() % 3;
        sb.append(whole, 0, first);
        for (int i = first; i < whole.length(); i += 3) {
            sb.append(',').append(whole, i, i + 3);
        }
        if (decimals > 0) {
            sb.append('.');
            long frac = r % unit;
            for (long d = unit / 10; d > 0; d /= 10) {
                sb.append((char) ('0' + frac / d % 10));
            }
        }
        return sb;
    }

    public static String fixed2(double v, boolean plus) {
        return fixed2(new StringBuilder(24), v, plus).toString();
    }

    /**
     * {@code new BigDecimal(v).round(new MathContext(8)).stripTrailingZeros().toPlainString()} appended to {@code sb}:
     * v's exact binary value rounded half up to 8 significant digits.
     */
    public static StringBuilder significant8(StringBuilder sb, double v) {
        double a = Math.abs(v);
        if (v == 0) {
            return sb.append('0');
        }
        if (!(a < 1e20 && a > 1e-20)) { // infinities (BigDecimal refuses them), NaN, extreme magnitudes
            return sb.append(exact8(v));
        }
        if (a > 1e-10 && a < 1e15) {
            // v x 10^s in [1e7, 1e8) by one correctly rounded operation (10^|s| <= 10^17 is exact): within 1e-8 of
            // the exact product, so unless that lies within 1e-6 of a tie (or of the range's ends) rounding the
            // double half up rounds the exact value the same way
            int s = 7 - (int) Math.floor(Math.log10(a));
            double q = s >= 0 ? a * TEN[s] : a / TEN[-s];
            if (q >= 1e7 + 1 && q < 1e8 - 1) {
                double fl = Math.floor(q);
                double frac = q - fl;
                if (Math.abs(frac - 0.5) > 1e-6) {
                    return plain(sb, v < 0, (long) fl + (frac > 0.5 ? 1 : 0), -s);
                }
            }
        }
        long[] fe = shortest(a);
        long f = fe[0];
        int e = (int) fe[1];
        int digits = digits(f);
        if (digits > 8) {
            // v lies within half an ulp (< 1.2e-8 of a unit of the 8th digit) of f x 10^e: rounding f half up gives
            // v's rounding unless f's dropped digits are within that distance of a tie - then the exact value decides
            int k = digits - 8;
            long p = POW10[k];
            long q = f / p;
            long rem = f % p;
            long off = Math.abs(2 * rem - p); // distance from the tie, in halves of 10^-k units
            if (off * 10_000_000L <= 4 * p) {
                return sb.append(exact8(v));
            }
            f = 2 * rem > p ? q + 1 : q;
            e += k;
        }
        return plain(sb, v < 0, f, e);
    }

    /** f x 10^e (f > 0) as BigDecimal's stripTrailingZeros().toPlainString() writes it. */
    private static StringBuilder plain(StringBuilder sb, boolean negative, long f, int e) {
        while (f % 10 == 0) {
            f /= 10;
            e++;
        }
        if (negative) {
            sb.append('-');
        }
        if (e >= 0) {
            sb.append(f);
            for (int i = 0; i < e; i++) {
                sb.append('0');
            }
            return sb;
        }
        String d = Long.toString(f);
        int point = d.length() + e; // digits before the decimal point
        if (point > 0) {
            return sb.append(d, 0, point).append('.').append(d, point, d.length());
        }
        sb.append("0.");
        for (int i = point; i < 0; i++) {
            sb.append('0');
        }
        return sb.append(d);
    }

    public static String significant8(double v) {
        return significant8(new StringBuilder(24), v).toString();
    }

    static String exact8(double v) {
        return new BigDecimal(v).round(EIGHT).stripTrailingZeros().toPlainString();
    }

    /** {@code Instant.ofEpochMilli(ms).toString()} appended to {@code sb}. */
    public static StringBuilder instant(StringBuilder sb, long ms) {
        if (Math.floorMod(ms, MINUTE) != 0 || !date(sb, ms, 0)) {
            return sb.append(Instant.ofEpochMilli(ms));
        }
        long inDay = Math.floorMod(ms, DAY) / MINUTE;
        sb.append('T');
        two(sb, (int) (inDay / 60)).append(':');
        return two(sb, (int) (inDay % 60)).append(":00Z");
    }

    /** {@code t.toString()} appended to {@code sb}. */
    public static StringBuilder instant(StringBuilder sb, Instant t) {
        long sec = t.getEpochSecond();
        if (t.getNano() != 0 || Math.abs(sec) > 100_000_000_000L) {
            return sb.append(t);
        }
        return instant(sb, sec * 1000);
    }

    /** The minute of {@code ms} as {@code yyyy-MM-dd'T'HH:mm'Z'} (UTC) appended to {@code sb}. */
    public static StringBuilder minute(StringBuilder sb, long ms) {
        if (!date(sb, ms, 1)) {
            return sb.append(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'")
                    .withZone(java.time.ZoneOffset.UTC).format(Instant.ofEpochMilli(ms)));
        }
        long inDay = Math.floorMod(ms, DAY) / MINUTE;
        sb.append('T');
        two(sb, (int) (inDay / 60)).append(':');
        return two(sb, (int) (inDay % 60)).append('Z');
    }

    /** The UTC date of {@code ms} as {@code ISO_LOCAL_DATE} appended to {@code sb}. */
    public static StringBuilder day(StringBuilder sb, long ms) {
        if (!date(sb, ms, 1)) {
            sb.append(java.time.format.DateTimeFormatter.ISO_LOCAL_DATE.withZone(java.time.ZoneOffset.UTC)
                    .format(Instant.ofEpochMilli(ms)));
        }
        return sb;
    }

    /**
     * Appends yyyy-MM-dd of {@code ms} (UTC) when the year is minYear..9999; false (nothing appended) otherwise. ISO
     * (Instant.toString) writes year 0 as 0000, the pattern's year-of-era as 0001 (1 BC): minYear 0 or 1.
     */
    private static boolean date(StringBuilder sb, long ms, int minYear) {
        LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(ms, DAY));
        int y = d.getYear();
        if (y < minYear || y > 9999) {
            return false;
        }
        sb.append((char) ('0' + y / 1000)).append((char) ('0' + y / 100 % 10)).append((char) ('0' + y / 10 % 10))
                .append((char) ('0' + y % 10)).append('-');
        two(sb, d.getMonthValue()).append('-');
        two(sb, d.getDayOfMonth());
        return true;
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    /**
     * The shortest decimal that reads back as {@code a} (finite, > 0), as {f, e} with a = f x 10^e: the digits of
     * {@link Double#toString(double)}, trailing zeros of f removed.
     */
    private static long[] shortest(double a) {
        String s = Double.toString(a);
        long f = 0;
        int e = 0;
        boolean fraction = false;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                fraction = true;
            } else if (c == 'E') {
                e += Integer.parseInt(s, i + 1, n, 10);
                break;
            } else {
                f = f * 10 + (c - '0');
                if (fraction) {
                    e--;
                }
            }
        }
        while (f != 0 && f % 10 == 0) {
            f /= 10;
            e++;
        }
        return new long[] {f, e};
    }

    private static int digits(long f) {
        int d = 1;
        while (d < 19 && f >= POW10[d]) {
            d++;
        }
        return d;
    }
}
