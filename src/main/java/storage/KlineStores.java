package storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store root {@code <data>/spot/}: one {@link KlineStore} per symbol folder, opened when first asked for and kept.
 * Each symbol's store has its own {@code offsets.json} and its own lock ({@code spot/<SYMBOL>/metadata/.lock}, plus
 * the in-process lock keyed by that file), so a writer of one symbol never waits for another's.
 */
public final class KlineStores {
    private final Path dataDir;
    private final Symbols symbols;
    private final Clock clock;
    private final CrashPoints crashPoints;
    private final ConcurrentHashMap<String, KlineStore> open = new ConcurrentHashMap<>();

    public KlineStores(Path dataDir, Symbols symbols, Clock clock, CrashPoints crashPoints) {
        this.dataDir = dataDir;
        this.symbols = symbols;
        this.clock = clock;
        this.crashPoints = crashPoints;
    }

    /** The symbols this store accepts ({@code app.symbols}). */
    public Symbols symbols() {
        return symbols;
    }

    /** The store of the default symbol (the first of {@code app.symbols}). */
    public KlineStore defaultStore() {
        return store(symbols.defaultSymbol());
    }

    /**
     * The store of {@code symbol} (whether accepted for writing or not: callers that write check {@link #accepts}).
     * Throws {@link IllegalArgumentException} for a name that is not a symbol, so no path outside the root is formed.
     */
    public KlineStore store(String symbol) {
        if (!Symbols.valid(symbol)) {
            throw new IllegalArgumentException("'" + symbol + "' is not a symbol: capitals and digits, 2 to 20"
                    + " characters, e.g. BTCUSDT");
        }
        return open.computeIfAbsent(symbol, s -> new KlineStore(dataDir, s, clock, crashPoints));
    }

    /**
     * The store holding {@code symbol}: {@code primary} when it is that symbol's, else the one of {@code stores}
     * (null: only {@code primary}) when that symbol is stored or listed; empty otherwise ({@link #notHeld} says why).
     */
    public static java.util.Optional<KlineStore> holding(KlineStore primary, KlineStores stores, String symbol)
            throws IOException {
        if (symbol.equals(primary.symbol())) {
            return java.util.Optional.of(primary);
        }
        if (stores != null && stores.known().contains(symbol)) {
            return java.util.Optional.of(stores.store(symbol));
        }
        return java.util.Optional.empty();
    }

    /** The refusal of a symbol {@link #holding} did not find: {@code this store holds A,B, not C}. */
    public static String notHeld(KlineStore primary, KlineStores stores, String symbol) throws IOException {
        return "this store holds " + (stores == null ? primary.symbol() : String.join(",", stores.known())) + ", not "
                + symbol;
    }

    public boolean accepts(String symbol) {
        return symbols.accepts(symbol);
    }

    /**
     * Whether any folder under {@code dataDir/spot/} holds a symbol's metadata (offsets.json or its pending successor):
     * false for a store nothing was ingested into yet. Looks only; creates nothing (opening a store makes its folders).
     */
    public static boolean holdsMetadata(Path dataDir) throws IOException {
        Path spot = dataDir.resolve("spot");
        if (!Files.isDirectory(spot)) {
            return false;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(spot, Files::isDirectory)) {
            for (Path d : dirs) {
                Path meta = d.resolve(KlineStore.METADATA);
                if (Files.exists(meta.resolve(KlineStore.OFFSETS))
                        || Files.exists(meta.resolve(KlineStore.OFFSETS + KlineStore.PENDING))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The symbols with a folder under {@code spot/} (sorted); files and other names there are not symbols. */
    public List<String> stored() throws IOException {
        Path spot = dataDir.resolve("spot");
        TreeSet<String> found = new TreeSet<>();
        if (Files.isDirectory(spot)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(spot, Files::isDirectory)) {
                for (Path d : dirs) {
                    String name = d.getFileName().toString();
                    if (Symbols.valid(name)) {
                        found.add(name);
                    }
                }
            }
        }
        return List.copyOf(found);
    }

    /** Every listed symbol and every stored one: the listed in their order, then the others stored, sorted. */
    public List<String> known() throws IOException {
        List<String> all = new ArrayList<>(symbols.listed());
        for (String s : stored()) {
            if (!all.contains(s)) {
                all.add(s);
            }
        }
        return all;
    }

    /**
     * The symbols whose store this process may not write now, each with the reason, in {@link #known()} order after
     * the default symbol; empty when every one is writable. For health checks: never waits for a store's lock. The
     * default symbol and every symbol with a folder are probed as {@link KlineStore#probeWritable} does; a listed
     * symbol without a folder yet by creating and removing a hidden probe folder where its folder will go (and a file
     * in its folder's place is reported).
     */
    public java.util.Map<String, String> unwritable() throws IOException {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
        all.add(symbols.defaultSymbol());
        all.addAll(known());
        java.util.Map<String, String> failed = new java.util.LinkedHashMap<>();
        for (String s : all) {
            KlineStore store = store(s);
            Path root = store.klinesDir().getParent();
            try {
                if (s.equals(symbols.defaultSymbol()) || Files.isDirectory(root)) {
                    store.probeWritable();
                } else {
                    probeFolderCreatable(root);
                }
            } catch (IOException e) {
                failed.put(s, e.getMessage());
            }
        }
        return failed;
    }

    private static void probeFolderCreatable(Path root) throws IOException {
        if (Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new StoreNotWritableException(root, root.toString(), "not a folder", null);
        }
        try {
            Path spot = Files.createDirectories(root.getParent());
            Files.delete(Files.createTempDirectory(spot, ".probe-"));
        } catch (IOException e) {
            StoreNotWritableException notWritable = StoreNotWritableException.of(root, e);
            throw notWritable != null ? notWritable : e;
        }
    }

    /**
     * Completes or rolls back an interrupted commit in every stored symbol's store and the default one; what was
     * done, each line naming its symbol unless it is the default one (so a one-symbol store reads as before).
     */
    public List<String> recover() throws IOException {
        TreeSet<String> all = new TreeSet<>(stored());
        all.add(symbols.defaultSymbol());
        List<String> done = new ArrayList<>();
        for (String s : all) {
            String prefix = s.equals(symbols.defaultSymbol()) ? "" : s + ": ";
            store(s).recover().forEach(action -> done.add(prefix + action));
        }
        return done;
    }
}
