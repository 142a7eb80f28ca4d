package features;

import java.lang.ref.SoftReference;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import storage.KlineColumns;

/**
 * Month files decoded by any {@link ParquetDataSource} of this process, so that the next run over the same months
 * (a re-run, a run beside another over the same period) does not decode them again: a backtest reads its frame's
 * months, and an LLM run's source reads them again for the seven-day views. An entry is used only for the file it was
 * decoded from - the same path with the same size, modified time and file key (the store replaces a month by
 * rename) - so a rewritten month is decoded again, never served stale.
 *
 * <p>Bounded twice: entries are soft references (the collector drops them before the heap runs out), and the rows held
 * stay under 1/8 of the maximum heap (least recently used dropped first; a month is ~4 MB: 64 months in a 2 GB heap,
 * 8 in 256 MB). The rows are shared read-only: {@link ParquetDataSource} only copies out of them.
 */
final class DecodedMonths {
    /** Bytes of a decoded row: eleven 8-byte columns. */
    private static final long ROW_BYTES = 11 * 8;
    private static final long LIMIT = Runtime.getRuntime().maxMemory() / 8;

    private record Entry(Object id, SoftReference<KlineColumns> rows, long bytes) {
    }

    private static final LinkedHashMap<Path, Entry> ENTRIES = new LinkedHashMap<>(16, 0.75f, true);
    private static long bytes;
    private static long hits;

    private DecodedMonths() {
    }

    /** The rows decoded from {@code file} when it was {@code id}, or null. */
    static synchronized KlineColumns get(Path file, Object id) {
        Entry e = ENTRIES.get(file);
        if (e == null) {
            return null;
        }
        KlineColumns rows = e.id.equals(id) ? e.rows.get() : null;
        if (rows == null) {
            remove(file);
        } else {
            hits++;
        }
        return rows;
    }

    static synchronized void put(Path file, Object id, KlineColumns rows) {
        long size = rows.size() * ROW_BYTES;
        remove(file);
        if (size > LIMIT) {
            return;
        }
        ENTRIES.put(file, new Entry(id, new SoftReference<>(rows), size));
        bytes += size;
        Iterator<Map.Entry<Path, Entry>> it = ENTRIES.entrySet().iterator();
        while (bytes > LIMIT && it.hasNext()) {
            Map.Entry<Path, Entry> oldest = it.next();
            bytes -= oldest.getValue().bytes;
            it.remove();
        }
    }

    /** Forgets every entry; for tests. */
    static synchronized void clear() {
        ENTRIES.clear();
        bytes = 0;
    }

    /** Months served without decoding since the start; for tests. */
    static synchronized long hits() {
        return hits;
    }

    /** Entries held; for tests. */
    static synchronized int size() {
        return ENTRIES.size();
    }

    private static void remove(Path file) {
        Entry e = ENTRIES.remove(file);
        if (e != null) {
            bytes -= e.bytes;
        }
    }
}
