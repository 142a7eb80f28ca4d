package ingest;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which inbox files may start now: at most {@code capacity} at once and at most one per lane, a lane being the symbol
 * the file is for (its name's symbol; our symbol-less export CSVs are the default symbol's; names that are no data
 * file, such as an orphaned {@code .CHECKSUM} or {@code notes.txt}, share one lane of their own). So an ETHUSDT file
 * never waits behind a BTCUSDT one, and the files of one symbol are ingested one after the other: a file whose lane is
 * busy is left in the inbox and taken at a later poll, where the watcher takes the waiting files in name order.
 */
public final class InboxLanes {
    /** The lane of names that are no data file (refused or settled without touching a store). */
    public static final String OTHER = "";

    private final int capacity;
    private final String defaultSymbol;
    /** Files started and not yet settled -> their lane. */
    private final Map<Path, String> started = new LinkedHashMap<>();

    public InboxLanes(int capacity, String defaultSymbol) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.defaultSymbol = defaultSymbol;
    }

    /** True, and the file's lane taken, when it may start now; false when its lane is busy or every slot is. */
    public synchronized boolean tryStart(Path file) {
        if (started.containsKey(file)) {
            return false;
        }
        String lane = laneOf(file.getFileName().toString());
        if (started.size() >= capacity || started.containsValue(lane)) {
            return false;
        }
        started.put(file, lane);
        return true;
    }

    /** The file was settled (or could not start after all): its lane is free. Unknown files are ignored. */
    public synchronized void finish(Path file) {
        started.remove(file);
    }

    /** The lanes busy now, in the order their files started (symbols; {@link #OTHER} for the rest). */
    public synchronized List<String> busy() {
        return List.copyOf(started.values());
    }

    public int capacity() {
        return capacity;
    }

    /** The symbol an inbox file name is for, or {@link #OTHER}. */
    public String laneOf(String fileName) {
        try {
            SourceName name = SourceName.parse(fileName);
            return name.symbol() != null ? name.symbol() : defaultSymbol;
        } catch (RuntimeException notADataFile) {
            return OTHER;
        }
    }
}
