package export;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * How the export CSVs print values, straight into a byte buffer (no String per row). Times: ISO-8601 UTC,
 * {@code 2024-01-01T00:00:00Z}, with {@code .SSS} milliseconds only when they are not zero
 * ({@code 2024-01-01T00:00:59.999Z}), the form {@link java.time.Instant#toString} gives for whole milliseconds.
 * Doubles: the shortest text that parses back to the same double ({@link Double#toString}, shortest since Java 19),
 * without exponent ({@code 12345678.9}, {@code 0.00001}) and always with a decimal point ({@code 42000.0}) so that a
 * reader never takes a price column for integers.
 */
public final class CsvText {
    private static final long DAY_MS = 86_400_000L;

    private CsvText() {
    }

    /** The double as exported: shortest round-trip form, plain (no exponent), with a decimal point. */
    public static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("not a finite number: " + v);
        }
        String s = Double.toString(v);
        if (s.indexOf('E') < 0) {
            return s;
        }
        String plain = new BigDecimal(s).stripTrailingZeros().toPlainString();
        return plain.indexOf('.') < 0 ? plain + ".0" : plain;
    }

    /** Appends {@link #number(double)} to {@code out}. */
    public static void number(Bytes out, double v) {
        out.ascii(number(v));
    }

    /** Appends epoch milliseconds as ISO-8601 UTC (see the class comment). */
    public static void time(Bytes out, long epochMs) {
        long day = Math.floorDiv(epochMs, DAY_MS);
        int msOfDay = (int) Math.floorMod(epochMs, DAY_MS);
        LocalDate d = LocalDate.ofEpochDay(day);
        int year = d.getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("time out of range for export: " + epochMs);
        }
        out.digits(year, 4).ascii('-').digits(d.getMonthValue(), 2).ascii('-').digits(d.getDayOfMonth(), 2).ascii('T');
        int s = msOfDay / 1000;
        out.digits(s / 3600, 2).ascii(':').digits(s / 60 % 60, 2).ascii(':').digits(s % 60, 2);
        int ms = msOfDay % 1000;
        if (ms != 0) {
            out.ascii('.').digits(ms, 3);
        }
        out.ascii('Z');
    }

    /** Epoch milliseconds as {@link #time(Bytes, long)} prints them. */
    public static String time(long epochMs) {
        Bytes b = new Bytes(32);
        time(b, epochMs);
        return b.toString();
    }
}
