package ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Binance Vision file name says: {@code SYMBOL-1m-YYYY-MM.zip} (a month) or
 * {@code SYMBOL-1m-YYYY-MM-DD.zip} (a day), or the same names ending in {@code .csv}; or our own klines export of a
 * month, {@code klines_1m_YYYY-MM.csv} ({@link #export()}: header row, ISO times; its symbol is the store's default
 * one, so {@link #symbol()} is null), or {@code <SYMBOL>_klines_1m_YYYY-MM.csv}, another symbol's export. Every row of the file must lie inside [{@link #periodStart()}, {@link #periodEnd()}).
 */
public record SourceName(String fileName, String symbol, String interval, YearMonth month, LocalDate day,
                         boolean zip, boolean export) {
    private static final Pattern NAME =
            Pattern.compile("([A-Z0-9]{2,30})-([0-9]+[smhdwM])-(\\d{4}-\\d{2})(-\\d{2})?\\.(zip|csv)");
    /** {@code exports/klines_<interval>_YYYY-MM.csv} as {@code export klines} writes it. */
    private static final Pattern EXPORT =
            Pattern.compile("(?:([A-Z0-9]{2,20})_)?klines_([0-9]+[smhdwM])_(\\d{4}-\\d{2})\\.csv");

    public static SourceName parse(String fileName) {
        Matcher x = EXPORT.matcher(fileName);
        if (x.matches()) {
            try {
                return new SourceName(fileName, x.group(1), x.group(2), YearMonth.parse(x.group(3)), null, false, true);
            } catch (DateTimeParseException bad) {
                throw IngestRejectedException.of(RejectCode.BAD_FILE_NAME, fileName,
                        "file name carries an impossible month: " + bad.getParsedString());
            }
        }
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            String hint = NAME.matcher(lowerCaseExtension(fileName)).matches()
                    ? " (the extension must be lower-case .zip or .csv, as Binance names its files)"
                    : fileName.endsWith(ChecksumFile.SUFFIX) ? " (a .CHECKSUM is read with its archive: name the archive)" : "";
            throw IngestRejectedException.of(RejectCode.BAD_FILE_NAME, fileName,
                    "file name must look like SYMBOL-1m-YYYY-MM.zip, SYMBOL-1m-YYYY-MM-DD.zip, the same with .csv, or"
                    + " klines_1m_YYYY-MM.csv (our export)" + hint);
        }
        try {
            YearMonth month = YearMonth.parse(m.group(3));
            LocalDate day = m.group(4) == null ? null : LocalDate.parse(m.group(3) + m.group(4));
            return new SourceName(fileName, m.group(1), m.group(2), month, day, m.group(5).equals("zip"), false);
        } catch (DateTimeParseException e) {
            throw IngestRejectedException.of(RejectCode.BAD_FILE_NAME, fileName,
                    "file name carries an impossible date: " + e.getParsedString());
        }
    }

    private static String lowerCaseExtension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? fileName : fileName.substring(0, dot) + fileName.substring(dot).toLowerCase(java.util.Locale.ROOT);
    }

    /** The CSV entry name Binance puts inside the archive. */
    public String csvEntryName() {
        return baseName() + ".csv";
    }

    public String baseName() {
        return fileName.substring(0, fileName.length() - 4);
    }

    public boolean daily() {
        return day != null;
    }

    public Instant periodStart() {
        return daily() ? day.atStartOfDay(ZoneOffset.UTC).toInstant()
                : month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public Instant periodEnd() {
        return daily() ? day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
                : month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Human form of the period: {@code 2023-01} or {@code 2023-01-21}. */
    public String period() {
        return daily() ? day.toString() : month.toString();
    }
}
