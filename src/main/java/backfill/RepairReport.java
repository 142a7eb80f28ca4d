package backfill;

import java.util.List;

/** What {@code verify --repair} did, month by month: why the month needed it, and what became of each recorded source. */
public record RepairReport(List<MonthRepair> months) {
    public RepairReport {
        months = List.copyOf(months);
    }

    /** How a month ended: every source back, rebuilt without some, or left as it was (no source at hand). */
    public enum Outcome { REPAIRED, PARTIAL, NOT_REPAIRED }

    /** Where a recorded source came from, or why it did not. */
    public enum From { RAW_CSV_COPY, BINANCE_VISION, NOT_AT_HAND, FAILED }

    public record Source(String file, From from, String detail) {
    }

    public record MonthRepair(String month, String damage, Outcome outcome, List<Source> sources) {
        public MonthRepair {
            sources = List.copyOf(sources);
        }
    }

    /** A download, a checksum or an ingest failed (not merely a source that is not at hand). */
    public boolean failed() {
        return months.stream().flatMap(m -> m.sources().stream()).anyMatch(s -> s.from() == From.FAILED);
    }

    public String text() {
        if (months.isEmpty()) {
            return "repair: nothing to repair (every month file matches offsets.json)\n";
        }
        StringBuilder sb = new StringBuilder();
        for (MonthRepair m : months) {
            sb.append("repair ").append(m.month()).append(": ").append(m.damage()).append(" -> ").append(m.outcome())
                    .append(m.outcome() == Outcome.NOT_REPAIRED ? " (no recorded source at hand; the month is left as it is)"
                            : "").append('\n');
            for (Source s : m.sources()) {
                sb.append("  ").append(String.format("%-14s", s.from())).append(' ').append(s.file())
                        .append(s.detail() == null ? "" : " - " + s.detail()).append('\n');
            }
        }
        return sb.toString();
    }
}
