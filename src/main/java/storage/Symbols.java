package storage;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The symbols a store accepts ({@code app.symbols}): a list, or any spot symbol when {@code *} is among them. The
 * first named symbol is the default one (commands and configs that name none use it); with {@code *} alone it is
 * {@value #FALLBACK}.
 *
 * @param listed the symbols named, in the order given (no {@code *})
 * @param any    whether every valid symbol is accepted
 */
public record Symbols(List<String> listed, boolean any) {
    /** A Binance spot symbol as this store accepts it: capitals and digits, 2 to 20 characters. */
    public static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{2,20}");
    public static final String ANY = "*";
    public static final String FALLBACK = "BTCUSDT";

    public Symbols {
        listed = List.copyOf(listed);
    }

    public static Symbols of(String... symbols) {
        return new Symbols(List.of(symbols), false);
    }

    public static boolean valid(String symbol) {
        return symbol != null && SYMBOL.matcher(symbol).matches();
    }

    /**
     * Parses a comma-separated list ({@code BTCUSDT,ETHUSDT}, {@code *}, {@code BTCUSDT,*}); throws
     * {@link IllegalArgumentException} naming the first bad entry.
     */
    public static Symbols parse(String text) {
        List<String> listed = new ArrayList<>();
        boolean any = false;
        for (String part : text.split(",", -1)) {
            String s = part.strip();
            if (s.equals(ANY)) {
                any = true;
            } else if (!valid(s)) {
                throw new IllegalArgumentException(s.isEmpty() ? "an empty entry in the list"
                        : "'" + s + "' is not a symbol: capitals and digits, 2 to 20 characters, e.g. BTCUSDT");
            } else if (listed.contains(s)) {
                throw new IllegalArgumentException(s + " is listed twice");
            } else {
                listed.add(s);
            }
        }
        return new Symbols(listed, any);
    }

    public boolean accepts(String symbol) {
        return any ? valid(symbol) : listed.contains(symbol);
    }

    /** The first listed symbol, or {@value #FALLBACK} when only {@code *} is given. */
    public String defaultSymbol() {
        return listed.isEmpty() ? FALLBACK : listed.get(0);
    }

    /** As written in the setting: {@code BTCUSDT,ETHUSDT} or {@code *}. */
    @Override
    public String toString() {
        List<String> all = new ArrayList<>(listed);
        if (any) {
            all.add(ANY);
        }
        return String.join(",", all);
    }
}
