package backfill;

import java.time.YearMonth;

/**
 * Which months {@code verify --repair} may rebuild ({@code from..to}, inclusive; null: unbounded), and the Binance
 * Vision root to download recorded archives from (null: {@code app.backfill.base-url}).
 */
public record RepairRequest(YearMonth from, YearMonth to, String baseUrl) {

    public static RepairRequest all() {
        return new RepairRequest(null, null, null);
    }

    boolean covers(YearMonth m) {
        return (from == null || !m.isBefore(from)) && (to == null || !m.isAfter(to));
    }
}
