package export;

import features.FeatureSpec;
import features.GapPolicy;
import features.Interval;
import java.time.Instant;
import java.time.YearMonth;

/** What the export route is asked to write under the exports folder. */
public sealed interface ExportRequest {

    /** One CSV per UTC month of [from, to] holding stored data: {@code klines_<interval>_YYYY-MM.csv}. */
    record Klines(YearMonth from, YearMonth to, Interval interval, GapPolicy gapPolicy) implements ExportRequest {
    }

    /** The feature frame of [start, end) as {@code features_<interval>_<start>_<end>.csv}. */
    record Features(FeatureSpec spec, Instant start, Instant end) implements ExportRequest {
    }

    /** A finished run folder as {@code runs/<run-id>.zip}. */
    record Run(String runId) implements ExportRequest {
    }
}
