package ingest;

/**
 * Names the cause when the bytes of a CSV are not plain ASCII text: a byte-order mark, UTF-16, NUL bytes, or an
 * archive where text was expected. Binance's kline CSVs are ASCII without a byte-order mark; anything else is
 * refused with a message that says what the bytes are, instead of a puzzling number error.
 */
final class TextCheck {
    /** How much of the start of a stream is checked for NUL bytes. */
    static final int SNIFF_BYTES = 4096;
    private static final byte[] UTF8_BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
    private static final byte[] UTF16LE_BOM = {(byte) 0xff, (byte) 0xfe};
    private static final byte[] UTF16BE_BOM = {(byte) 0xfe, (byte) 0xff};
    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final byte[] EMPTY_ZIP = {'P', 'K', 5, 6};
    private static final byte[] GZIP = {0x1f, (byte) 0x8b};

    private TextCheck() {
    }

    /** Checks the first {@code len} bytes of a CSV ({@code file} names the source; a .zip's entry is meant). */
    static void checkStart(byte[] b, int len, String file) {
        String what = file.endsWith(".zip") ? "the archive's entry" : "the file";
        if (startsWith(b, 0, len, UTF8_BOM)) {
            throw refuse(RejectCode.BAD_ENCODING, file, 1, what + " starts with a UTF-8 byte-order mark (\\uFEFF);"
                    + " Binance CSVs are plain ASCII without one");
        }
        if (startsWith(b, 0, len, UTF16LE_BOM) || startsWith(b, 0, len, UTF16BE_BOM)) {
            throw refuse(RejectCode.BAD_ENCODING, file, 1, what + " starts with a UTF-16 byte-order mark ("
                    + Printable.bytes(b, 0, 2, 2) + "): it is UTF-16 text; Binance CSVs are plain ASCII");
        }
        if (startsWith(b, 0, len, ZIP) || startsWith(b, 0, len, EMPTY_ZIP)) {
            throw refuse(RejectCode.NOT_CSV, file, 0, file.endsWith(".zip")
                    ? "the archive's entry is itself a ZIP archive (starts with PK\\x03\\x04), not CSV text"
                    : "the file is a ZIP archive (starts with PK\\x03\\x04), not CSV text: name it .zip");
        }
        if (startsWith(b, 0, len, GZIP)) {
            throw refuse(RejectCode.NOT_CSV, file, 0, what + " is gzip-compressed (starts with \\x1F\\x8B), not CSV text");
        }
        int end = Math.min(len, SNIFF_BYTES);
        int nul = indexOfNul(b, 0, end);
        if (nul >= 0) {
            long line = 1;
            for (int i = 0; i < nul; i++) {
                line += b[i] == '\n' ? 1 : 0;
            }
            throw refuse(RejectCode.BAD_ENCODING, file, line, looksLikeUtf16(b, end)
                    ? what + " looks like UTF-16 (NUL bytes between the characters); Binance CSVs are plain ASCII"
                    : what + " holds NUL bytes (binary data, not CSV text): " + around(b, 0, end, nul));
        }
    }

    /** A line the parser refused: when its bytes are the cause (NUL bytes, a byte-order mark), says so instead. */
    static IngestRejectedException explain(byte[] b, int from, int to, IngestRejectedException e) {
        Rejection r = e.rejection();
        if (startsWith(b, from, to, UTF8_BOM)) {
            return refuse(RejectCode.BAD_ENCODING, r.file(), r.line(), "line " + r.line()
                    + " starts with a UTF-8 byte-order mark (\\uFEFF); Binance CSVs are plain ASCII without one");
        }
        int nul = indexOfNul(b, from, to);
        if (nul >= 0) {
            return refuse(RejectCode.BAD_ENCODING, r.file(), r.line(), "line " + r.line()
                    + " holds NUL bytes (UTF-16 text or binary data, not ASCII CSV): " + around(b, from, to, nul));
        }
        return e;
    }

    /** Up to 40 bytes quoted from a little before {@code at}. */
    private static String around(byte[] b, int from, int to, int at) {
        int start = Math.max(from, at - 16);
        return (start > from ? "'..." : "'") + Printable.bytes(b, start, to, 40) + "'";
    }

    private static boolean looksLikeUtf16(byte[] b, int end) {
        int even = 0;
        int odd = 0;
        for (int i = 0; i < end; i++) {
            if (b[i] == 0) {
                if ((i & 1) == 0) {
                    even++;
                } else {
                    odd++;
                }
            }
        }
        int half = end / 2;
        return half > 0 && (odd >= half * 0.9 && even == 0 || even >= half * 0.9 && odd == 0);
    }

    private static int indexOfNul(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static IngestRejectedException refuse(RejectCode code, String file, long line, String message) {
        return new IngestRejectedException(code, file, line, null, message);
    }
}
