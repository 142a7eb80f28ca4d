package api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/** One page of sweeps, newest first (no ranking rows); {@code next_cursor} (and {@code links.next}) when more follow. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SweepList(List<SweepView> items, String nextCursor, Map<String, String> links) {
}
