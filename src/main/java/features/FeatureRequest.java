package features;

import java.nio.file.Path;
import java.time.Instant;

/** What the features route is asked to do: compute a frame to a Parquet file, or spot-check random rows. */
public sealed interface FeatureRequest {

    /** The symbol whose bars are read (null: the store's default symbol). */
    String symbol();

    /** Feature rows with open time in [start, end) to {@code out} (null: the default file under features/). */
    record Compute(FeatureSpec spec, Instant start, Instant end, Path out, String symbol) implements FeatureRequest {
        /** Of the default symbol. */
        public Compute(FeatureSpec spec, Instant start, Instant end, Path out) {
            this(spec, start, end, out, null);
        }
    }

    /** {@code n} random warm rows of [start, end), each value recomputed independently from the raw bars. */
    record Sample(FeatureSpec spec, Instant start, Instant end, int n, long seed, String symbol)
            implements FeatureRequest {
        /** Of the default symbol. */
        public Sample(FeatureSpec spec, Instant start, Instant end, int n, long seed) {
            this(spec, start, end, n, seed, null);
        }
    }
}
