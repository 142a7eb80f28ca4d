package llm;

import backtest.Action;
import backtest.Decision;

/**
 * Reads a decision cache entry as {@link DecisionCache#put} writes it - one JSON object, its fields in the written order
 * with no whitespace, ASCII text - without building a JSON tree: a cached re-run reads one entry a decision. Anything
 * else (another order, whitespace, extra or missing fields, a value of another type, escapes beyond ASCII, non-ASCII
 * bytes, trailing bytes, a number outside its type) gives null, and the entry is then parsed as a tree as before
 * ({@link DecisionCache#parse}), which decides what it is: the same outcome, or a miss. So what this reads, it reads
 * as the tree reading would.
 */
final class EntryText {
    private final byte[] b;
    private int p;

    private EntryText(byte[] b) {
        this.b = b;
    }

    /** The entry's outcome, or null: not in the written form (see the class comment). */
    static LlmOutcome read(byte[] bytes, String hash) {
        try {
            return new EntryText(bytes).outcome(hash);
        } catch (RuntimeException e) {
            return null; // the tree reading decides
        }
    }

    private LlmOutcome outcome(String hash) {
        if (!take('{')) {
            return null;
        }
        String action = key("action") ? string() : null;
        if (action == null || !take(',') || !key("size_pct")) {
            return null;
        }
        double size = number();
        String note = take(',') && key("note") ? string() : null;
        if (note == null || !take(',') || !key("fallback_reason")) {
            return null;
        }
        String reason = stringOrNull();
        if (!take(',') || !key("attempts")) {
            return null;
        }
        long attempts = integer();
        if (attempts != (int) attempts || !take(',') || !key("latency_ms")) {
            return null;
        }
        long latency = integer();
        if (!take(',') || !key("tokens_in")) {
            return null;
        }
        long in = integer();
        if (!take(',') || !key("tokens_out")) {
            return null;
        }
        long out = integer();
        if (!take(',') || !key("raw")) {
            return null;
        }
        String raw = stringOrNull();
        if (!take('}') || p != b.length) {
            return null;
        }
        Decision d = new Decision(Action.valueOf(action), size, note);
        return new LlmOutcome(d, reason, (int) attempts, latency, in, out, raw, hash, true);
    }

    private boolean take(char c) {
        if (p < b.length && b[p] == c) {
            p++;
            return true;
        }
        return false;
    }

    /** {@code "name":} */
    private boolean key(String name) {
        int n = name.length();
        if (p + n + 3 > b.length || b[p] != '"' || b[p + n + 1] != '"' || b[p + n + 2] != ':') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[p + 1 + i] != name.charAt(i)) {
                return false;
            }
        }
        p += n + 3;
        return true;
    }

    private String stringOrNull() {
        if (p + 4 <= b.length && b[p] == 'n' && b[p + 1] == 'u' && b[p + 2] == 'l' && b[p + 3] == 'l') {
            p += 4;
            return null;
        }
        String s = string();
        if (s == null) {
            throw new IllegalArgumentException("not a string");
        }
        return s;
    }

    /** A JSON string of ASCII characters (escapes of ASCII characters included), or null. */
    private String string() {
        if (!take('"')) {
            return null;
        }
        StringBuilder sb = null;
        int start = p;
        while (p < b.length) {
            int c = b[p];
            if (c == '"') {
                String s = sb == null ? new String(b, 0, start, p - start) : sb.append(latin1(start, p)).toString();
                p++;
                return s;
            }
            if (c < 0x20 || c > 0x7e) { // control characters must be escaped; non-ASCII: the tree reading decodes it
                return null;
            }
            if (c == '\\') {
                if (sb == null) {
                    sb = new StringBuilder(b.length - start);
                }
                sb.append(latin1(start, p));
                if (p + 1 >= b.length) {
                    return null;
                }
                char e = (char) b[p + 1];
                p += 2;
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (p + 4 > b.length) {
                            return null;
                        }
                        int v = 0;
                        for (int i = 0; i < 4; i++) {
                            int d = Character.digit(b[p + i], 16);
                            if (d < 0) {
                                return null;
                            }
                            v = v * 16 + d;
                        }
                        if (v > 0x7f) {
                            return null;
                        }
                        sb.append((char) v);
                        p += 4;
                    }
                    default -> {
                        return null;
                    }
                }
                start = p;
                continue;
            }
            p++;
        }
        return null;
    }

    @SuppressWarnings("deprecation")
    private String latin1(int from, int to) {
        return new String(b, 0, from, to - from); // ASCII bytes: one char each
    }

    /** A JSON number token (-?int frac? exp?) as Double.parseDouble reads it. */
    private double number() {
        int start = p;
        take('-');
        if (!digits()) {
            throw new IllegalArgumentException("not a number");
        }
        if (take('.') && !anyDigits()) {
            throw new IllegalArgumentException("not a number");
        }
        if (take('e') || take('E')) {
            if (!take('+')) {
                take('-');
            }
            if (!anyDigits()) {
                throw new IllegalArgumentException("not a number");
            }
        }
        if (p - start > 40) {
            throw new IllegalArgumentException("long number");
        }
        return Double.parseDouble(new String(b, 0, start, p - start));
    }

    /** A JSON integer token (-?int, no fraction or exponent) within a long (else an exception). */
    private long integer() {
        int start = p;
        take('-');
        if (!digits() || p - start > 20) {
            throw new IllegalArgumentException("not an integer");
        }
        if (p < b.length && (b[p] == '.' || b[p] == 'e' || b[p] == 'E')) {
            throw new IllegalArgumentException("not an integer");
        }
        if (p - start <= 18) {
            long v = 0;
            for (int i = b[start] == '-' ? start + 1 : start; i < p; i++) {
                v = v * 10 + (b[i] - '0');
            }
            return b[start] == '-' ? -v : v;
        }
        return Long.parseLong(new String(b, 0, start, p - start)); // beyond a long: NumberFormatException
    }

    /** One or more digits (a fraction or an exponent). */
    private boolean anyDigits() {
        int start = p;
        while (p < b.length && b[p] >= '0' && b[p] <= '9') {
            p++;
        }
        return p > start;
    }

    /** JSON's int part: 0, or a digit 1-9 then digits. */
    private boolean digits() {
        if (p >= b.length || b[p] < '0' || b[p] > '9') {
            return false;
        }
        if (b[p] == '0') {
            p++;
            return p >= b.length || b[p] < '0' || b[p] > '9';
        }
        while (p < b.length && b[p] >= '0' && b[p] <= '9') {
            p++;
        }
        return true;
    }
}
