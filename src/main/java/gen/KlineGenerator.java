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
 * A month's rows are a function of the seed and the month only ({@link PricePath}): the same month comes out the
 * same whether it is written alone, with its neighbours or a day at a time, and each month opens at the previous
 * month's last close. OHLC, taker volumes and quote volumes are mutually consistent. Optional gaps leave minutes
 * out without changing the others.
 */
public final class KlineGenerator {
    private static final Instant MICROS_FROM = Instant.parse("2025-01-01T00:00:00Z");
    private final PricePath path;

    public KlineGenerator(long seed) {
        this.path = new PricePath(seed);
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
        boolean micros = !from.isBefore(MICROS_FROM); // one time unit per file, as Binance's files have
        long rows = 0;
        YearMonth last = YearMonth.from(to.minusMillis(1).atZone(ZoneOffset.UTC));
        for (YearMonth m = YearMonth.from(from.atZone(ZoneOffset.UTC)); !m.isAfter(last); m = m.plusMonths(1)) {
            rows += writeMonthSlice(m, from.toEpochMilli(), to.toEpochMilli(), out, gaps, micros);
        }
        return rows;
    }

    /**
     * Writes the minutes of {@code month} inside [from, to). The whole month is always drawn, so a slice (a day,
     * a range) is exactly the month's rows for those minutes.
     */
    private long writeMonthSlice(YearMonth month, long from, long to, Writer out, List<Gap> gaps, boolean micros)
            throws IOException {
        long monthStart = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        int minutes = month.lengthOfMonth() * 1440;
        long[] price = path.minuteCents(month, minutes);
        SplittableRandom rnd = path.details(month);
        StringBuilder line = new StringBuilder(200);
        long rows = 0;
        for (int i = 0; i < minutes; i++) {
            long t = monthStart + i * 60_000L;
            long open = price[i];
            long close = price[i + 1];
            long high = Math.max(open, close) + rnd.nextLong(1 + open / 2000);
            long low = Math.max(1, Math.min(open, close) - rnd.nextLong(1 + open / 2000));
            long volumeSat = 1_000_000L + rnd.nextLong(50_000_000_000L); // 0.01 .. 500 BTC
            long takerSat = rnd.nextLong(volumeSat + 1);
            long trades = 50 + rnd.nextLong(20_000);
            if (t < from || t >= to || covered(gaps, t)) {
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
