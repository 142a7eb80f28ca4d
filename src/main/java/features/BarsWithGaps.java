package features;

import java.util.List;
import storage.MinuteGaps;

/**
 * 1m bars after a {@link GapPolicy} was applied, with every run of minutes the store is missing in the requested
 * window (whatever the policy: under FFILL the minutes after the first real bar are in {@code bars}, flagged
 * {@link Bars#FILLED}; minutes before it could not be filled and are absent).
 */
public record BarsWithGaps(Bars bars, List<MinuteGaps.Gap> gaps) {
    public BarsWithGaps {
        gaps = List.copyOf(gaps);
    }

    /** Total minutes missing from the store in the window. */
    public long missingMinutes() {
        long total = 0;
        for (MinuteGaps.Gap g : gaps) {
            total += g.minutes();
        }
        return total;
    }
}
