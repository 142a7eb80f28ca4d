package backfill;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * One Binance Vision spot 1m archive: a month or a day. Paths are exactly Binance's:
 * {@code /data/spot/monthly/klines/{SYMBOL}/1m/{SYMBOL}-1m-{YYYY-MM}.zip} and
 * {@code /data/spot/daily/klines/{SYMBOL}/1m/{SYMBOL}-1m-{YYYY-MM-DD}.zip}, each with {@code .CHECKSUM}.
 */
public record VisionFile(String symbol, YearMonth month, LocalDate day) {

    public static VisionFile month(String symbol, YearMonth month) {
        return new VisionFile(symbol, month, null);
    }

    public static VisionFile day(String symbol, LocalDate day) {
        return new VisionFile(symbol, YearMonth.from(day), day);
    }

    public boolean daily() {
        return day != null;
    }

    public String fileName() {
        return symbol + "-1m-" + (daily() ? day.toString() : month.toString()) + ".zip";
    }

    public String zipUrl(String baseUrl) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + "/data/spot/" + (daily() ? "daily" : "monthly") + "/klines/" + symbol + "/1m/" + fileName();
    }

    public String checksumUrl(String baseUrl) {
        return zipUrl(baseUrl) + ".CHECKSUM";
    }
}
