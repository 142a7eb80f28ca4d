package storage;

import java.nio.file.Path;
import java.util.List;

/**
 * A month whose file was missing or did not match offsets.json when a merge came: its rows could not be trusted, so
 * the month was rebuilt from the merged file alone. {@code keptAs} is where the mismatching file was moved (null when
 * it was missing); {@code dropped} are the other recorded input files of the month, needed again to complete it.
 */
public record MonthRebuild(String month, String reason, Path keptAs, List<Offsets.FileEntry> dropped) {
    public MonthRebuild {
        dropped = List.copyOf(dropped);
    }
}
