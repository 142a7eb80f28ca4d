package export;

import features.FeatureSpec;
import features.GapPolicy;
import features.Interval;
import java.time.Instant;
import java.time.YearMonth;

/** What the export route is asked to write under the exports folder. */
public sealed interface ExportRequest {

    /**
     * One CSV per UTC month of [from, to] holding stored data of {@code symbol} (null: the default symbol):
     * {@code klines_<interval>_YYYY-MM.csv}, {@code <SYMBOL>_klines_<interval>_YYYY-MM.csv} for another symbol.
     */
    record Klines(YearMonth from, YearMonth to, Interval interval, GapPolicy gapPolicy, String symbol)
            implements ExportRequest {
        /** Of the default symbol. */
        public Klines(YearMonth from, YearMonth to, Interval interval, GapPolicy gapPolicy) {
            this(from, to, interval, gapPolicy, null);
        }
    }

    /**
     * The feature frame of [start, end) of {@code symbol} (null: the default symbol) as
     * {@code features_<interval>_<start>_<end>.csv}, {@code <SYMBOL>_features_...} for another symbol.
     */
    record Features(FeatureSpec spec, Instant start, Instant end, String symbol) implements ExportRequest {
        /** Of the default symbol. */
        public Features(FeatureSpec spec, Instant start, Instant end) {
            this(spec, start, end, null);
        }
    }

    /** A finished run folder as {@code runs/<run-id>.zip}. */
    record Run(String runId) implements ExportRequest {
    }
}
