package ingest;

import storage.KlineColumns;

/**
 * Parses and validates Binance kline CSV lines (spot layout, 12 columns, no header; a futures-style header
 * row is skipped) into {@link KlineColumns}. Times in milliseconds (13 digits) or microseconds (16 digits)
 * are both stored as epoch milliseconds; one file must use one unit. Each refusal names file, line and field.
 * One parser per file: it remembers the file's time unit across batches.
 */
public final class KlineRowParser {
    static final String[] FIELDS = {"open_time", "open", "high", "low", "close", "volume", "close_time",
        "quote_asset_volume", "trades", "taker_buy_base_volume", "taker_buy_quote_volume", "ignore"};
    private static final long MINUTE_MS = 60_000L;
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

    public KlineRowParser(String file, long periodStartMs, long periodEndMs) {
        this.file = file;
        this.periodStartMs = periodStartMs;
        this.periodEndMs = periodEndMs;
    }

    public long dataRows() {
        return dataRows;
    }

    /** "ms", "us" or "none" (no data row yet). */
    public String timeUnit() {
        return timeDigits == 13 ? "ms" : timeDigits == 16 ? "us" : "none";
    }

    /** Parses every line of the batch, appending valid rows to {@code out}. Blank lines are skipped. */
    public void parse(LineBatch batch, KlineColumns out) {
        byte[] b = batch.data();
        int end = batch.length();
        long line = batch.firstLine();
        int pos = 0;
        while (pos < end) {
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

    private void parseLine(byte[] b, int from, int to, long line, KlineColumns out) {
        if (line == 1 && dataRows == 0 && startsWithLetter(b, from)) {
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
        if (n != 12) {
            throw reject(RejectCode.COLUMN_COUNT, line, null, "expected 12 columns, found " + n);
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
            throw reject(RejectCode.BAD_NUMBER, line, FIELDS[8], "not a non-negative integer: " + text(b, 8));
        }
        double takerBase = amount(b, 9, line);
        double takerQuote = amount(b, 10, line);
        checkIgnore(b, line);

        if (openTime % MINUTE_MS != 0) {
            throw reject(RejectCode.NOT_ON_MINUTE, line, FIELDS[0], "open_time " + text(b, 0) + " is not on a whole minute");
        }
        if (openTime < periodStartMs || openTime >= periodEndMs) {
            throw reject(RejectCode.OUT_OF_PERIOD, line, FIELDS[0], "open_time " + java.time.Instant.ofEpochMilli(openTime)
                    + " lies outside the period the file name says");
        }
        if (closeTime <= openTime || closeTime >= openTime + MINUTE_MS) {
            throw reject(RejectCode.BAD_VALUE, line, FIELDS[6], "close_time " + text(b, 6) + " is not inside the minute opened at "
                    + text(b, 0));
        }
        if (high < low) {
            throw reject(RejectCode.BAD_VALUE, line, FIELDS[2], "high " + text(b, 2) + " is below low " + text(b, 3));
        }
        if (open < low || open > high) {
            throw reject(RejectCode.BAD_VALUE, line, FIELDS[1], "open " + text(b, 1) + " is outside [low, high]");
        }
        if (close < low || close > high) {
            throw reject(RejectCode.BAD_VALUE, line, FIELDS[4], "close " + text(b, 4) + " is outside [low, high]");
        }
        dataRows++;
        out.add(openTime, open, high, low, close, volume, closeTime, quoteVolume, trades, takerBase, takerQuote);
    }

    /** Epoch time in ms from 13 (ms) or 16 (µs) digits; a file keeps one unit. µs below a ms are dropped. */
    private long time(byte[] b, int field, long line) {
        int digits = ends[field] - starts[field];
        long v = StrictNumbers.parseDigits(b, starts[field], ends[field]);
        if (v == StrictNumbers.INVALID_LONG || (digits != 13 && digits != 16)) {
            throw reject(RejectCode.BAD_TIME_UNIT, line, FIELDS[field],
                    "expected epoch milliseconds (13 digits) or microseconds (16 digits), found " + text(b, field));
        }
        if (timeDigits == 0) {
            timeDigits = digits;
        } else if (digits != timeDigits) {
            throw reject(RejectCode.MIXED_TIME_UNITS, line, FIELDS[field], "file mixes time units: " + digits
                    + " digits here, " + timeDigits + " digits earlier");
        }
        if (digits == 16) {
            if (field == 0 && v % 1000 != 0) {
                throw reject(RejectCode.NOT_ON_MINUTE, line, FIELDS[field], "open_time " + text(b, field) + " is not on a whole minute");
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
            throw reject(RejectCode.BAD_VALUE, line, FIELDS[11], "the ignore column must be empty or an unsigned decimal of"
                    + " at most " + MAX_IGNORE_CHARS + " characters (Binance writes 0), found " + text(b, 11));
        }
    }

    private double price(byte[] b, int field, long line) {
        double v = decimal(b, field, line);
        if (!(v > 0)) {
            throw reject(RejectCode.BAD_VALUE, line, FIELDS[field], FIELDS[field] + " must be > 0, found " + text(b, field));
        }
        return v;
    }

    private double amount(byte[] b, int field, long line) {
        double v = decimal(b, field, line);
        if (v < 0 || (v == 0 && b[starts[field]] == '-')) {
            throw reject(RejectCode.BAD_VALUE, line, FIELDS[field], FIELDS[field] + " must be >= 0, found " + text(b, field));
        }
        return v;
    }

    private double decimal(byte[] b, int field, long line) {
        double v = StrictNumbers.parseDecimal(b, starts[field], ends[field]);
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw reject(RejectCode.BAD_NUMBER, line, FIELDS[field], "not a plain decimal number: " + text(b, field));
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
