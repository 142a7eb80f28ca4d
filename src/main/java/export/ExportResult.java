package export;

import java.nio.file.Path;
import java.util.List;

/**
 * What an export did: each file written or found {@code unchanged} (same bytes: not rewritten), the months of the
 * range without stored data (no file for them), and whether the manifest changed.
 */
public record ExportResult(List<Item> items, List<String> skipped, Path manifest, boolean manifestChanged) {
    public ExportResult {
        items = List.copyOf(items);
        skipped = List.copyOf(skipped);
    }

    /** One export file. */
    public record Item(String kind, Path file, boolean changed, long rows, long missingMinutes, String sha256) {
        public String line() {
            return String.format("%s %s: %d rows, %d missing minutes, sha256 %s", changed ? "wrote" : "unchanged", file,
                    rows, missingMinutes, sha256);
        }
    }

    /** Printable lines: one per file, the skipped months, the manifest. */
    public List<String> lines() {
        List<String> out = new java.util.ArrayList<>();
        items.forEach(i -> out.add(i.line()));
        if (!skipped.isEmpty()) {
            out.add("no stored data (no file): " + String.join(", ", skipped));
        }
        out.add((manifestChanged ? "updated " : "unchanged ") + manifest);
        return out;
    }

    public boolean allUnchanged() {
        return items.stream().noneMatch(Item::changed);
    }
}
