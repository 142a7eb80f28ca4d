package api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import storage.KlineStores;
import storage.Offsets;

/**
 * {@code GET /symbols}: the symbols this store holds - those of {@code app.symbols}, then any other with a folder in
 * the store - each with its stored rows and first/last minute (from its offsets.json), the default one named.
 */
public final class SymbolsApi {
    private final KlineStores stores;

    public SymbolsApi(KlineStores stores) {
        this.stores = stores;
    }

    public ApiReply list(String query) throws IOException {
        QueryParams.parse(query, Set.of());
        ObjectNode root = ApiJson.MAPPER.createObjectNode();
        root.put("default", stores.symbols().defaultSymbol());
        root.put("accepted", stores.symbols().toString());
        ArrayNode list = root.putArray("symbols");
        for (String symbol : stores.known()) {
            Offsets offsets = stores.store(symbol).offsets();
            ObjectNode s = list.addObject();
            s.put("symbol", symbol);
            s.put("accepted", stores.accepts(symbol));
            s.put("rows", offsets.rows());
            s.put("months", offsets.months().size());
            s.put("first_open_time", offsets.firstOpenTime() == null ? null : offsets.firstOpenTime().toString());
            s.put("last_open_time", offsets.lastOpenTime() == null ? null : offsets.lastOpenTime().toString());
        }
        return new ApiReply(200, ApiReply.JSON, Map.of(), ApiJson.MAPPER.writeValueAsBytes(root));
    }
}
