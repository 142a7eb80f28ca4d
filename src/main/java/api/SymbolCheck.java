package api;

import java.io.IOException;
import java.util.List;
import storage.KlineStores;

/** A posted config's symbol must be one this store holds (listed in app.symbols or stored). */
final class SymbolCheck {
    private SymbolCheck() {
    }

    /**
     * The {@code symbol=} query parameter: a symbol this store holds (else 400 naming the parameter), or the default
     * symbol when absent.
     */
    static String param(KlineStores stores, QueryParams q) throws IOException {
        String symbol = q.text("symbol");
        if (symbol == null) {
            return stores.symbols().defaultSymbol();
        }
        List<String> known = stores.known();
        if (!known.contains(symbol)) {
            throw QueryParams.invalid("symbol", "this store holds " + String.join(",", known) + ", got '" + Printable.of(symbol) + "'");
        }
        return symbol;
    }

    /** Refuses (400, {@code key} named) a symbol this store does not hold. */
    static void require(KlineStores stores, String symbol, String key) throws IOException {
        List<String> known = stores.known();
        if (!known.contains(symbol)) {
            throw new ApiException(Problem.Kind.INVALID_CONFIG.at("key", key, key + ": this store holds "
                    + String.join(",", known) + ", not '" + Printable.of(symbol) + "'"));
        }
    }
}
