package ingest;

import java.util.Locale;

/**
 * Renders input bytes and texts safely for messages, logs and reason files: printable characters stay, everything
 * a terminal would hide or act on is escaped ({@code \x00}, {@code \t}, {@code \uFEFF}; bytes that are not UTF-8
 * as {@code \xFF}), and the length is bounded ({@code ...} marks a cut). Backslashes are left as they are.
 */
public final class Printable {
    private static final String CUT = "...";

    private Printable() {
    }

    /** {@code b[from, to)} as UTF-8 with escapes, at most {@code maxBytes} of it. */
    public static String bytes(byte[] b, int from, int to, int maxBytes) {
        StringBuilder sb = new StringBuilder();
        int end = Math.min(to, from + maxBytes);
        int i = from;
        while (i < end) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                ascii(sb, c);
                i++;
                continue;
            }
            int n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
            int cp = n == 0 || i + n > end ? -1 : decode(b, i, n);
            if (cp < 0) {
                sb.append(String.format(Locale.ROOT, "\\x%02X", c));
                i++;
            } else {
                codePoint(sb, cp);
                i += n;
            }
        }
        if (end < to) {
            sb.append(CUT);
        }
        return sb.toString();
    }

    /** The text with escapes, at most {@code maxChars} characters of it. */
    public static String text(String s, int maxChars) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), maxChars) + 8);
        int count = 0;
        for (int i = 0; i < s.length(); count++) {
            if (count == maxChars) {
                return sb.append(CUT).toString();
            }
            int cp = s.codePointAt(i);
            if (cp < 0x80) {
                ascii(sb, cp);
            } else {
                codePoint(sb, cp);
            }
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static void ascii(StringBuilder sb, int c) {
        switch (c) {
            case '\t' -> sb.append("\\t");
            case '\r' -> sb.append("\\r");
            case '\n' -> sb.append("\\n");
            default -> {
                if (c < 0x20 || c == 0x7f) {
                    sb.append(String.format(Locale.ROOT, "\\x%02X", c));
                } else {
                    sb.append((char) c);
                }
            }
        }
    }

    private static void codePoint(StringBuilder sb, int cp) {
        if (visible(cp)) {
            sb.appendCodePoint(cp);
        } else if (cp <= 0xffff) {
            sb.append(String.format(Locale.ROOT, "\\u%04X", cp));
        } else {
            sb.append(String.format(Locale.ROOT, "\\U%08X", cp));
        }
    }

    /** Non-ASCII characters that show as themselves: no controls, format characters (BOM, bidi), odd spaces. */
    private static boolean visible(int cp) {
        if (cp == 0xfffd || Character.isISOControl(cp)) {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.FORMAT, Character.UNASSIGNED, Character.PRIVATE_USE, Character.SURROGATE,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    /** The code point of a well-formed UTF-8 sequence of {@code n} bytes at {@code b[i]}, or -1. */
    private static int decode(byte[] b, int i, int n) {
        int cp = b[i] & (n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07);
        for (int k = 1; k < n; k++) {
            int c = b[i + k] & 0xff;
            if ((c & 0xc0) != 0x80) {
                return -1;
            }
            cp = (cp << 6) | (c & 0x3f);
        }
        boolean shortest = n == 2 || (n == 3 ? cp >= 0x800 : cp >= 0x10000);
        if (!shortest || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
            return -1;
        }
        return cp;
    }
}
