package report;

import java.util.Objects;

/** One line of the metrics table: a label, its already formatted value, and an optional hint (may be empty). */
public record MetricRow(String label, String value, String hint) {
    public MetricRow {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(value, "value");
        hint = hint == null ? "" : hint;
    }

    public MetricRow(String label, String value) {
        this(label, value, "");
    }
}
