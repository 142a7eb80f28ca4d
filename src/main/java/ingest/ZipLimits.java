package ingest;

/**
 * Limits applied while inflating an archive: the most bytes one CSV entry may inflate to, and the
 * largest inflated/compressed ratio tolerated (Binance's kline CSVs compress about 3-8x).
 */
public record ZipLimits(long maxEntryBytes, long maxRatio) {
    public ZipLimits {
        if (maxEntryBytes <= 0 || maxRatio <= 0) {
            throw new IllegalArgumentException("zip limits must be positive");
        }
    }
}
