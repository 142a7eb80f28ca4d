package storage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Contents of {@code metadata/offsets.json}: what the store covers, month by month, and which input files
 * built each month (name, SHA-256, rows, ingest time). Immutable; "with" methods return updated copies.
 */
public record Offsets(int formatVersion, String symbol, String interval, Instant firstOpenTime, Instant lastOpenTime,
                      long rows, SortedMap<String, MonthEntry> months) {
    public static final int FORMAT_VERSION = 1;

    public Offsets {
        months = Collections.unmodifiableSortedMap(new TreeMap<>(months == null ? new TreeMap<>() : months));
    }

    public static Offsets empty(String symbol) {
        return new Offsets(FORMAT_VERSION, symbol, "1m", null, null, 0, new TreeMap<>());
    }

    /** One month file: its covered range, row count, content hash and the input files merged into it. */
    public record MonthEntry(String file, Instant firstOpenTime, Instant lastOpenTime, long rows, long missingMinutes,
                             String parquetSha256, List<FileEntry> files) {
        public MonthEntry {
            files = List.copyOf(files == null ? List.of() : files);
        }
    }

    /**
     * One ingested input file. {@code source} is archive, csv or rest. {@code csvSha256}: SHA-256 of the CSV text read
     * (for an archive, its entry), so a kept raw CSV copy can be checked before a repair uses it; null in entries
     * written before it was recorded.
     */
    public record FileEntry(String name, String sha256, long rows, long added, long duplicates, long replaced,
                            String source, Instant ingestedAt, String csvSha256) {
    }

    public boolean hasFileHash(String sha256) {
        return findFile(sha256) != null;
    }

    public FileEntry findFile(String sha256) {
        for (MonthEntry m : months.values()) {
            for (FileEntry f : m.files()) {
                if (f.sha256().equals(sha256)) {
                    return f;
                }
            }
        }
        return null;
    }

    /** The month whose file list holds a file with this SHA-256, or null. */
    public String monthOfFile(String sha256) {
        for (Map.Entry<String, MonthEntry> m : months.entrySet()) {
            for (FileEntry f : m.getValue().files()) {
                if (f.sha256().equals(sha256)) {
                    return m.getKey();
                }
            }
        }
        return null;
    }

    /** Returns a copy where {@code month} is replaced by {@code entry}, and the totals recomputed. */
    public Offsets withMonth(String month, MonthEntry entry) {
        TreeMap<String, MonthEntry> copy = new TreeMap<>(months);
        copy.put(month, entry);
        Instant first = null;
        Instant last = null;
        long total = 0;
        for (MonthEntry m : copy.values()) {
            if (m.rows() == 0) {
                continue;
            }
            first = first == null || m.firstOpenTime().isBefore(first) ? m.firstOpenTime() : first;
            last = last == null || m.lastOpenTime().isAfter(last) ? m.lastOpenTime() : last;
            total += m.rows();
        }
        return new Offsets(FORMAT_VERSION, symbol, interval, first, last, total, copy);
    }

    /** The file list of a month with {@code file} added, or replacing an entry of the same name. */
    public static List<FileEntry> withFile(MonthEntry existing, FileEntry file) {
        List<FileEntry> files = new ArrayList<>();
        if (existing != null) {
            for (FileEntry f : existing.files()) {
                if (!f.name().equals(file.name())) {
                    files.add(f);
                }
            }
        }
        files.add(file);
        return files;
    }
}
