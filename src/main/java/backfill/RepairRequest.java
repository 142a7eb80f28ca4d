package backfill;

import java.time.YearMonth;

/**
 * Which months {@code verify --repair} may rebuild ({@code from..to}, inclusive; null: unbounded), and the Binance
 * Vision root to download recorded archives from (null: {@code app.backfill.base-url}), and the symbol whose store is
 * repaired (null: the default one).
 */
public record RepairRequest(YearMonth from, YearMonth to, String baseUrl, String symbol) {

    /** The default symbol's store. */
    public RepairRequest(YearMonth from, YearMonth to, String baseUrl) {
        this(from, to, baseUrl, null);
    }

    public static RepairRequest all() {
        return new RepairRequest(null, null, null);
    }

    boolean covers(YearMonth m) {
        return (from == null || !m.isBefore(from)) && (to == null || !m.isAfter(to));
    }
}
