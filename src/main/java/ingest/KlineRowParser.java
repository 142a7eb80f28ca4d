package ingest;

import storage.KlineColumns;

/**
 * Parses and validates Binance kline CSV lines (spot layout, 12 columns, no header; a futures-style header
 * row is skipped) into {@link KlineColumns}. Times in milliseconds (13 digits) or microseconds (16 digits)
 * are both stored as epoch milliseconds; one file must use one unit. Each refusal names file, line and field.
 * One parser per file: it remembers the file's time unit across batches.
 *
 * <p>In export mode it reads our own klines export ({@code export klines}) instead: the header row
 * {@value #EXPORT_HEADER} first, 11 columns, times as ISO-8601 UTC ({@code 2024-01-01T00:00:00Z} or with
 * {@code .SSS} milliseconds); every other check is the same. An export with a {@code filled} column (forward-filled
 * minutes, not stored data) is refused.
 */
public final class KlineRowParser {
    static final String[] FIELDS = {"open_time", "open", "high", "low", "close", "volume", "close_time",
        "quote_asset_volume", "trades", "taker_buy_base_volume", "taker_buy_quote_volume", "ignore"};
    private static final long MINUTE_MS = 60_000L;
    /** The header of our klines export (export.KlinesCsv.HEADER). */
    static final String EXPORT_HEADER = "open_time,open,high,low,close,volume,close_time,quote_asset_volume,trades,"
            + "taker_base,taker_quote";
    static final String[] EXPORT_FIELDS = EXPORT_HEADER.split(",");
    static final int MAX_IGNORE_CHARS = 20;
    static final int QUOTED_BYTES = 40;

    private final String file;
    private final long periodStartMs;
    private final long periodEndMs;
    /** 0 until the first data row; then 13 (ms) or 16 (µs). */
    private int timeDigits;
    private long dataRows;
    private final int[] starts = new int[13];
    private final int[] ends = new int[13];
    /** Our export format (header, 11 columns, ISO times) rather than Binance's. */
    private final boolean export;
    private final String[] fields;
    private boolean headerSeen;
    /** Whether {@link #fastLine} is tried first: Binance's layout (not our export). */
    private final boolean fast;
    /** The value {@link #fastDecimal} or {@link #fastTime} read last. */
    private double value;
    private long time;
    /** Rows {@link #fastLine} read (the speed of ingest depends on the usual line taking it; tests check it does). */
    long fastRows;

    public KlineRowParser(String file, long periodStartMs, long periodEndMs) {
        this(file, periodStartMs, periodEndMs, false);
    }

    public KlineRowParser(String file, long periodStartMs, long periodEndMs, boolean export) {
        this(file, periodStartMs, periodEndMs, export, !export);
    }

    /** {@code fast}: whether the one-pass reading of the usual line is tried first (tests compare it with the other). */
    KlineRowParser(String file, long periodStartMs, long periodEndMs, boolean export, boolean fast) {
        this.file = file;
        this.periodStartMs = periodStartMs;
        this.periodEndMs = periodEndMs;
        this.export = export;
        this.fields = export ? EXPORT_FIELDS : FIELDS;
        this.fast = fast && !export;
    }

    public long dataRows() {
        return dataRows;
    }

    /** "ms", "us", "iso" (our export) or "none" (no data row yet). */
    public String timeUnit() {
        return export ? (dataRows > 0 ? "iso" : "none") : timeDigits == 13 ? "ms" : timeDigits == 16 ? "us" : "none";
    }

    /** Parses every line of the batch, appending valid rows to {@code out}. Blank lines are skipped. */
    public void parse(LineBatch batch, KlineColumns out) {
        byte[] b = batch.data();
        int end = batch.length();
        long line = batch.firstLine();
        int pos = 0;
        while (pos < end) {
            int next = fast ? fastLine(b, pos, end, out) : -1;
            if (next >= 0) {
                line++;
                pos = next;
                continue;
            }
            int eol = pos;
            while (eol < end && b[eol] != '\n') {
                eol++;
            }
            int lineEnd = eol > pos && b[eol - 1] == '\r' ? eol - 1 : eol;
            if (lineEnd > pos) {
                try {
                    parseLine(b, pos, lineEnd, line, out);
                } catch (IngestRejectedException e) {
                    throw TextCheck.explain(b, pos, lineEnd, e);
                }
            }
            line++;
            pos = eol + 1;
        }
    }

    /**
     * The usual line, read in one pass: twelve plain fields (times of the file's unit, unsigned decimals, the ignore
     * column {@code 0}) ending in LF, CRLF or the end of the batch, and every check passed. Stores the row and returns
     * where the next line starts; returns -1, storing nothing, for anything else (a blank line, a header, a sign, the
     * first row that sets the time unit, any value a check refuses, ...), which {@link #parseLine} then reads and
     * judges as always. The values are the ones {@link #parseLine} computes (the same integer arithmetic, the same
     * correctly rounded division, {@link StrictNumbers#parseDecimal} for the long ones), so either way a line gives
     * the same row or the same refusal. Package-private: tests check which lines it takes and which it leaves.
     */
    int fastLine(byte[] b, int from, int end, KlineColumns out) {
        if (timeDigits == 0) {
            return -1; // the first row sets the file's time unit
        }
        int p = fastTime(b, from, end, true);
        if (p < 0) {
            return -1;
        }
        long openTime = time;
        if ((p = fastDecimal(b, p + 1, end)) < 0) {
            return -1;
        }
        double open = value;
        if ((p = fastDecimal(b, p + 1, end)) < 0) {
            return -1;
        }
        double high = value;
        if ((p = fastDecimal(b, p + 1, end)) < 0) {
            return -1;
        }
        double low = value;
        if ((p = fastDecimal(b, p + 1, end)) < 0) {
            return -1;
        }
        double close = value;
        if ((p = fastDecimal(b, p + 1, end)) < 0) {
            return -1;
        }
        double volume = value;
        if ((p = fastTime(b, p + 1, end, false)) < 0) {
            return -1;
        }
        long closeTime = time;
        if ((p = fastDecimal(b, p + 1, end)) < 0) {
            return -1;
        }
        double quoteVolume = value;
        // trades: 1 to 18 digits
        int start = ++p;
        long trades = 0;
        for (int d; p < end && (d = b[p] - '0') >= 0 && d <= 9; p++) {
            trades = trades * 10 + d;
        }
        if (p == start || p - start > 18 || p >= end || b[p] != ',') {
            return -1;
        }
        if ((p = fastDecimal(b, p + 1, end)) < 0) {
            return -1;
        }
        double takerBase = value;
        if ((p = fastDecimal(b, p + 1, end)) < 0) {
            return -1;
        }
        double takerQuote = value;
        // ignore: "0", then the end of the line
        if (++p + 1 > end || b[p] != '0') {
            return -1;
        }
        p++;
        int next;
        if (p == end) {
            next = end;
        } else if (b[p] == '\n') {
            next = p + 1;
        } else if (b[p] == '\r' && (p + 1 == end || b[p + 1] == '\n')) {
            next = p + 1 == end ? end : p + 2;
        } else {
            return -1;
        }
        if (openTime % MINUTE_MS != 0 || openTime < periodStartMs || openTime >= periodEndMs
                || closeTime <= openTime || closeTime >= openTime + MINUTE_MS
                || !(open > 0) || !(high > 0) || !(low > 0) || !(close > 0)
                || high < low || open < low || open > high || close < low || close > high) {
            return -1; // parseLine names what is wrong
        }
        dataRows++;
        fastRows++;
        out.add(openTime, open, high, low, close, volume, closeTime, quoteVolume, trades, takerBase, takerQuote);
        return next;
    }

    /**
     * A time field of the file's unit (known once a row was read) from {@code p} to the next ','; sets {@link #time}
     * (milliseconds) and returns the index of the ',', or -1 (not digits, another length, µs not on a whole ms for
     * open_time: parseLine decides).
     */
    private int fastTime(byte[] b, int p, int end, boolean openTime) {
        int start = p;
        long v = 0;
        for (int d; p < end && (d = b[p] - '0') >= 0 && d <= 9; p++) {
            v = v * 10 + d;
        }
        if (p - start != timeDigits || p >= end || b[p] != ',') {
            return -1;
        }
        if (timeDigits == 16) {
            if (openTime && v % 1000 != 0) {
                return -1;
            }
            v /= 1000;
        }
        time = v;
        return p;
    }

    /**
     * An unsigned decimal {@code digits[.digits]} from {@code p} to the next ','; sets {@link #value} to exactly what
     * {@link StrictNumbers#parseDecimal} gives and returns the index of the ',', or -1.
     */
    private int fastDecimal(byte[] b, int p, int end) {
        int start = p;
        long m = 0;
        for (int d; p < end && (d = b[p] - '0') >= 0 && d <= 9; p++) {
            m = m * 10 + d;
        }
        int intDigits = p - start;
        int fracDigits = 0;
        if (p < end && b[p] == '.') {
            int fracStart = ++p;
            for (int d; p < end && (d = b[p] - '0') >= 0 && d <= 9; p++) {
                m = m * 10 + d;
            }
            fracDigits = p - fracStart;
            if (fracDigits == 0) {
                return -1;
            }
        }
        if (intDigits == 0 || p >= end || b[p] != ',') {
            return -1;
        }
        if (intDigits + fracDigits <= 18 && m < 1_000_000_000_000_000L) {
            value = m / POW10[fracDigits]; // at most 15 significant digits: StrictNumbers' exact fast path
        } else {
            double v = StrictNumbers.parseDecimal(b, start, p);
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                return -1;
            }
            value = v;
        }
        return p;
    }

    private static final double[] POW10 = new double[19];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private void parseLine(byte[] b, int from, int to, long line, KlineColumns out) {
        if (export && !headerSeen) {
            checkExportHeader(b, from, to, line);
            headerSeen = true;
            return;
        }
        if (!export && line == 1 && dataRows == 0 && startsWithLetter(b, from)) {
            if (startsWith(b, from, to, "open_time,")) {
                return; // futures-style header row
            }
        }
        int n = 0;
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || b[i] == ',') {
                if (n < 12) {
                    starts[n] = start;
                    ends[n] = i;
                }
                n++;
                start = i + 1;
            }
        }
        int columns = export ? 11 : 12;
        if (n != columns) {
            throw reject(RejectCode.COLUMN_COUNT, line, null, "expected " + columns + " columns, found " + n);
        }
        long openTime = time(b, 0, line);
        double open = price(b, 1, line);
        double high = price(b, 2, line);
        double low = price(b, 3, line);
        double close = price(b, 4, line);
        double volume = amount(b, 5, line);
        long closeTime = time(b, 6, line);
        double quoteVolume = amount(b, 7, line);
        long trades = StrictNumbers.parseDigits(b, starts[8], ends[8]);
        if (trades == StrictNumbers.INVALID_LONG) {
            throw reject(RejectCode.BAD_NUMBER, line, fields[8], "not a non-negative integer: " + text(b, 8));
        }
        double takerBase = amount(b, 9, line);
        double takerQuote = amount(b, 10, line);
        if (!export) {
            checkIgnore(b, line);
        }

        if (openTime % MINUTE_MS != 0) {
            throw reject(RejectCode.NOT_ON_MINUTE, line, fields[0], "open_time " + text(b, 0) + " is not on a whole minute");
        }
        if (openTime < periodStartMs || openTime >= periodEndMs) {
            throw reject(RejectCode.OUT_OF_PERIOD, line, fields[0], "open_time " + java.time.Instant.ofEpochMilli(openTime)
                    + " lies outside the period the file name says");
        }
        if (closeTime <= openTime || closeTime >= openTime + MINUTE_MS) {
            throw reject(RejectCode.BAD_VALUE, line, fields[6], "close_time " + text(b, 6) + " is not inside the minute opened at "
                    + text(b, 0));
        }
        if (high < low) {
            throw reject(RejectCode.BAD_VALUE, line, fields[2], "high " + text(b, 2) + " is below low " + text(b, 3));
        }
        if (open < low || open > high) {
            throw reject(RejectCode.BAD_VALUE, line, fields[1], "open " + text(b, 1) + " is outside [low, high]");
        }
        if (close < low || close > high) {
            throw reject(RejectCode.BAD_VALUE, line, fields[4], "close " + text(b, 4) + " is outside [low, high]");
        }
        dataRows++;
        out.add(openTime, open, high, low, close, volume, closeTime, quoteVolume, trades, takerBase, takerQuote);
    }

    /** Epoch time in ms from 13 (ms) or 16 (µs) digits; a file keeps one unit. µs below a ms are dropped. */
    private long time(byte[] b, int field, long line) {
        if (export) {
            long t = IsoTimes.parse(b, starts[field], ends[field]);
            if (t == IsoTimes.INVALID) {
                throw reject(RejectCode.BAD_TIME, line, fields[field], "expected an ISO-8601 UTC time like"
                        + " 2024-01-01T00:00:00Z or 2024-01-01T00:00:59.999Z, found " + text(b, field));
            }
            return t;
        }
        int digits = ends[field] - starts[field];
        long v = StrictNumbers.parseDigits(b, starts[field], ends[field]);
        if (v == StrictNumbers.INVALID_LONG || (digits != 13 && digits != 16)) {
            throw reject(RejectCode.BAD_TIME_UNIT, line, fields[field],
                    "expected epoch milliseconds (13 digits) or microseconds (16 digits), found " + text(b, field));
        }
        if (timeDigits == 0) {
            timeDigits = digits;
        } else if (digits != timeDigits) {
            throw reject(RejectCode.MIXED_TIME_UNITS, line, fields[field], "file mixes time units: " + digits
                    + " digits here, " + timeDigits + " digits earlier");
        }
        if (digits == 16) {
            if (field == 0 && v % 1000 != 0) {
                throw reject(RejectCode.NOT_ON_MINUTE, line, fields[field], "open_time " + text(b, field) + " is not on a whole minute");
            }
            return v / 1000;
        }
        return v;
    }

    /**
     * The 12th column is unused ("ignore"; Binance writes 0) but must stay small and plain: empty or an unsigned
     * decimal {@code digits[.digits]} of at most {@value #MAX_IGNORE_CHARS} characters.
     */
    private void checkIgnore(byte[] b, long line) {
        int from = starts[11];
        int length = ends[11] - from;
        if (length == 0) {
            return;
        }
        if (length > MAX_IGNORE_CHARS || b[from] == '-' || Double.isNaN(StrictNumbers.parseDecimal(b, from, ends[11]))) {
            throw reject(RejectCode.BAD_VALUE, line, fields[11], "the ignore column must be empty or an unsigned decimal of"
                    + " at most " + MAX_IGNORE_CHARS + " characters (Binance writes 0), found " + text(b, 11));
        }
    }

    private double price(byte[] b, int field, long line) {
        double v = decimal(b, field, line);
        if (!(v > 0)) {
            throw reject(RejectCode.BAD_VALUE, line, fields[field], fields[field] + " must be > 0, found " + text(b, field));
        }
        return v;
    }

    private double amount(byte[] b, int field, long line) {
        double v = decimal(b, field, line);
        if (v < 0 || (v == 0 && b[starts[field]] == '-')) {
            throw reject(RejectCode.BAD_VALUE, line, fields[field], fields[field] + " must be >= 0, found " + text(b, field));
        }
        return v;
    }

    private double decimal(byte[] b, int field, long line) {
        double v = StrictNumbers.parseDecimal(b, starts[field], ends[field]);
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw reject(RejectCode.BAD_NUMBER, line, fields[field], "not a plain decimal number: " + text(b, field));
        }
        return v;
    }

    /** The field quoted for a message: escaped, at most 40 bytes of it, and its length when longer. */
    private String text(byte[] b, int field) {
        int len = ends[field] - starts[field];
        return "'" + Printable.bytes(b, starts[field], ends[field], QUOTED_BYTES) + "'"
                + (len > QUOTED_BYTES ? " (" + len + " bytes)" : "");
    }

    private IngestRejectedException reject(RejectCode code, long line, String field, String message) {
        return new IngestRejectedException(code, file, line, field, message);
    }

    /** The first line of an export must be its header; an ffill export (a {@code filled} column) is not stored data. */
    private void checkExportHeader(byte[] b, int from, int to, long line) {
        String text = new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (text.equals(EXPORT_HEADER)) {
            return;
        }
        if (text.equals(EXPORT_HEADER + ",filled")) {
            throw reject(RejectCode.BAD_HEADER, line, "filled", "this export was made with --gap-policy ffill: its"
                    + " forward-filled minutes are not stored data; export without --gap-policy to ingest it");
        }
        throw reject(RejectCode.BAD_HEADER, line, null, "a klines_<interval>_YYYY-MM.csv file is our export format and"
                + " starts with the header " + EXPORT_HEADER + ", found '" + Printable.bytes(b, from, to, QUOTED_BYTES) + "'"
                + (to - from > QUOTED_BYTES ? " (" + (to - from) + " bytes)" : ""));
    }

    private static boolean startsWithLetter(byte[] b, int from) {
        int c = b[from] | 0x20;
        return c >= 'a' && c <= 'z';
    }

    private static boolean startsWith(byte[] b, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if ((b[from + i] | 0x20) != prefix.charAt(i) && b[from + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
