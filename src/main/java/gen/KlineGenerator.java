package gen;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded generator of Binance-format 1m kline CSVs (spot layout, no header, 12 columns, 8-decimal values):
 * times in milliseconds before 2025 and in microseconds from 2025-01-01, as Binance publishes them.
 * The same seed and period always give the same bytes. Prices follow a random walk around {@code basePrice};
 * OHLC, taker volumes and quote volumes are mutually consistent. Optional gaps leave minutes out.
 */
public final class KlineGenerator {
    private static final Instant MICROS_FROM = Instant.parse("2025-01-01T00:00:00Z");
    private final long seed;

    public KlineGenerator(long seed) {
        this.seed = seed;
    }

    /** Minutes [start, start + minutes) left out of the output. */
    public record Gap(Instant start, int minutes) {
        boolean covers(long openTimeMs) {
            long s = start.toEpochMilli();
            return openTimeMs >= s && openTimeMs < s + minutes * 60_000L;
        }
    }

    public void writeMonth(YearMonth month, Path csv, List<Gap> gaps) throws IOException {
        Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        write(from, to, csv, gaps);
    }

    public void writeDay(LocalDate day, Path csv, List<Gap> gaps) throws IOException {
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        write(from, from.plusSeconds(86_400), csv, gaps);
    }

    /** Writes the minutes [from, to) of this seed's price path; returns the number of rows written. */
    public long write(Instant from, Instant to, Path csv, List<Gap> gaps) throws IOException {
        Files.createDirectories(csv.toAbsolutePath().getParent());
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(csv, StandardCharsets.US_ASCII), 1 << 16)) {
            return write(from, to, w, gaps);
        }
    }

    public long write(Instant from, Instant to, Writer out, List<Gap> gaps) throws IOException {
        // the walk starts at the beginning of the from-minute's month so that days of a month agree with the month
        YearMonth month = YearMonth.from(from.atZone(ZoneOffset.UTC));
        long monthStart = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + month.getYear() * 12L + month.getMonthValue());
        long priceCents = 1_000_000 + rnd.nextLong(4_000_000); // 10,000.00 .. 50,000.00
        boolean micros = !from.isBefore(MICROS_FROM);
        StringBuilder line = new StringBuilder(200);
        long rows = 0;
        for (long t = monthStart; t < to.toEpochMilli(); t += 60_000L) {
            long open = priceCents;
            long close = Math.max(100, open + Math.round(rnd.nextGaussian() * open * 0.0008));
            long high = Math.max(open, close) + rnd.nextLong(1 + open / 2000);
            long low = Math.max(1, Math.min(open, close) - rnd.nextLong(1 + open / 2000));
            long volumeSat = 1_000_000L + rnd.nextLong(50_000_000_000L); // 0.01 .. 500 BTC
            long takerSat = volumeSat == 0 ? 0 : rnd.nextLong(volumeSat + 1);
            long trades = 50 + rnd.nextLong(20_000);
            priceCents = close;
            if (t < from.toEpochMilli() || covered(gaps, t)) {
                continue;
            }
            long vwapCents = (low + high + close) / 3;
            line.setLength(0);
            time(line, t, micros).append(',');
            cents(line, open).append(',');
            cents(line, high).append(',');
            cents(line, low).append(',');
            cents(line, close).append(',');
            sats(line, volumeSat).append(',');
            time(line, t + 59_999, micros).append(',');
            sats(line, volumeSat / 100 * vwapCents).append(',');
            line.append(trades).append(',');
            sats(line, takerSat).append(',');
            sats(line, takerSat / 100 * vwapCents).append(",0\n");
            out.append(line);
            rows++;
        }
        return rows;
    }

    private static boolean covered(List<Gap> gaps, long t) {
        for (Gap g : gaps) {
            if (g.covers(t)) {
                return true;
            }
        }
        return false;
    }

    private static StringBuilder time(StringBuilder sb, long ms, boolean micros) {
        sb.append(ms);
        if (micros) {
            sb.append(ms % 60_000 == 0 ? "000" : "999");
        }
        return sb;
    }

    private static StringBuilder cents(StringBuilder sb, long cents) {
        sb.append(cents / 100).append('.');
        long c = cents % 100;
        if (c < 10) {
            sb.append('0');
        }
        return sb.append(c).append("000000");
    }

    private static StringBuilder sats(StringBuilder sb, long sats) {
        sb.append(sats / 100_000_000L).append('.');
        String frac = Long.toString(sats % 100_000_000L);
        for (int i = frac.length(); i < 8; i++) {
            sb.append('0');
        }
        return sb.append(frac);
    }
}
