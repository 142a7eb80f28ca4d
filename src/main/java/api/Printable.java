package api;

/** Client input quoted in a problem: control and non-ASCII characters escaped, at most 60 characters. */
final class Printable {
    private static final int MAX = 60;

    private Printable() {
    }

    static String of(String s) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (; i < s.length() && b.length() < MAX; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else {
                b.append(String.format("\\u%04X", (int) c));
            }
        }
        return i == s.length() ? b.toString() : b + "... (" + s.length() + " characters)";
    }
}
