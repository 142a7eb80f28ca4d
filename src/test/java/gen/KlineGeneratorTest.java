package gen;

import static org.assertj.core.api.Assertions.assertThat;

import ingest.KlineRowParser;
import ingest.LineBatch;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.KlineColumns;

class KlineGeneratorTest {

    private static String month(long seed, YearMonth m, List<KlineGenerator.Gap> gaps) throws Exception {
        StringWriter w = new StringWriter();
        Instant from = m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        new KlineGenerator(seed).write(from, to, w, gaps);
        return w.toString();
    }

    private static KlineColumns parse(String csv, YearMonth m) {
        long from = m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long to = m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        KlineColumns out = new KlineColumns(45_000);
        byte[] b = csv.getBytes(StandardCharsets.US_ASCII);
        new KlineRowParser("gen.csv", from, to).parse(new LineBatch(b, b.length, 1, 0), out);
        return out;
    }

    @TempDir
    Path dir;

    @Test
    void same_seed_same_bytes_other_seed_other_bytes() throws Exception {
        YearMonth m = YearMonth.of(2024, 2);
        assertThat(month(1, m, List.of())).isEqualTo(month(1, m, List.of())).isNotEqualTo(month(2, m, List.of()));
    }

    @Test
    void writes_every_minute_in_binance_layout_that_passes_strict_validation() throws Exception {
        YearMonth m = YearMonth.of(2024, 2);
        String csv = month(3, m, List.of());
        KlineColumns rows = parse(csv, m);
        assertThat(rows.size()).isEqualTo(29 * 1440);
        assertThat(rows.isSortedStrict()).isTrue();
        String[] first = csv.lines().findFirst().orElseThrow().split(",");
        assertThat(first).hasSize(12);
        assertThat(first[0]).isEqualTo("1706745600000");
        assertThat(first[6]).isEqualTo("1706745659999");
        assertThat(first[1]).matches("\\d+\\.\\d{8}");
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.takerBase[i]).isLessThanOrEqualTo(rows.volume[i]);
        }
    }

    @Test
    void uses_microseconds_from_2025() throws Exception {
        String[] first = month(3, YearMonth.of(2025, 1), List.of()).lines().findFirst().orElseThrow().split(",");
        assertThat(first[0]).isEqualTo("1735689600000000");
        assertThat(first[6]).isEqualTo("1735689659999999");
    }

    private static String range(long seed, String from, String to) throws Exception {
        StringWriter w = new StringWriter();
        new KlineGenerator(seed).write(Instant.parse(from), Instant.parse(to), w, List.of());
        return w.toString();
    }

    /** The CSV's rows with open time in [from, to), each ending in a newline. */
    private static String rows(String csv, Instant from, Instant to) {
        StringBuilder sb = new StringBuilder();
        csv.lines().filter(l -> {
            String t = l.substring(0, l.indexOf(','));
            long ms = t.length() == 16 ? Long.parseLong(t) / 1000 : Long.parseLong(t);
            return ms >= from.toEpochMilli() && ms < to.toEpochMilli();
        }).forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }

    private static String[] firstRow(String csv) {
        return csv.lines().findFirst().orElseThrow().split(",");
    }

    private static String[] lastRow(String csv) {
        return csv.lines().reduce((a, b) -> b).orElseThrow().split(",");
    }

    @Test
    void each_month_opens_at_the_previous_months_last_close() throws Exception {
        // 2024-02 is a leap February; 2024-12 (ms) -> 2025-01 (us) changes the time unit
        YearMonth[] months = {YearMonth.of(2023, 12), YearMonth.of(2024, 1), YearMonth.of(2024, 2), YearMonth.of(2024, 3),
            YearMonth.of(2024, 11), YearMonth.of(2024, 12), YearMonth.of(2025, 1), YearMonth.of(2025, 2)};
        for (long seed : new long[] {1, 6, 42}) {
            for (int i = 0; i + 1 < months.length; i++) {
                if (!months[i].plusMonths(1).equals(months[i + 1])) {
                    continue;
                }
                String[] last = lastRow(month(seed, months[i], List.of()));
                String[] next = firstRow(month(seed, months[i + 1], List.of()));
                assertThat(next[1]).as("seed %d: open of %s vs close of %s", seed, months[i + 1], months[i])
                        .isEqualTo(last[4]);
            }
        }
    }

    @Test
    void a_month_is_the_same_alone_or_written_with_other_months() throws Exception {
        String alone = month(6, YearMonth.of(2024, 2), List.of());
        String three = range(6, "2024-01-01T00:00:00Z", "2024-04-01T00:00:00Z");
        assertThat(rows(three, Instant.parse("2024-02-01T00:00:00Z"), Instant.parse("2024-03-01T00:00:00Z")))
                .isEqualTo(alone);
        assertThat(three.lines().count()).isEqualTo((31 + 29 + 31) * 1440);
    }

    @Test
    void a_day_is_its_slice_of_the_month() throws Exception {
        for (String day : new String[] {"2024-02-29", "2025-01-01", "2025-01-31"}) {
            LocalDate d = LocalDate.parse(day);
            String month = month(8, YearMonth.from(d), List.of());
            Instant start = d.atStartOfDay(ZoneOffset.UTC).toInstant();
            Path csv = dir.resolve(day + ".csv");
            new KlineGenerator(8).writeDay(d, csv, List.of());
            assertThat(Files.readString(csv)).as(day).hasLineCount(1440)
                    .isEqualTo(rows(month, start, start.plusSeconds(86_400)));
        }
    }

    @Test
    void prices_stay_in_a_btc_like_range_with_minute_moves_of_a_few_tenths_of_a_percent() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            PricePath path = new PricePath(seed);
            for (YearMonth m = YearMonth.of(2015, 1); m.isBefore(YearMonth.of(2035, 1)); m = m.plusMonths(1)) {
                assertThat(path.startCents(m) / 100.0).as("seed %d %s", seed, m).isBetween(5_000.0, 150_000.0);
            }
        }
        KlineColumns rows = parse(month(5, YearMonth.of(2024, 7), List.of()), YearMonth.of(2024, 7));
        double largest = 0;
        for (int i = 0; i < rows.size(); i++) {
            largest = Math.max(largest, Math.abs(rows.close[i] / rows.open[i] - 1));
            assertThat(rows.low[i]).isLessThanOrEqualTo(Math.min(rows.open[i], rows.close[i]));
            assertThat(rows.high[i]).isGreaterThanOrEqualTo(Math.max(rows.open[i], rows.close[i]));
        }
        assertThat(largest).isBetween(0.002, 0.01);
    }

    @Test
    void leaves_gaps_out() throws Exception {
        YearMonth m = YearMonth.of(2024, 6);
        Instant hole = Instant.parse("2024-06-10T12:00:00Z");
        String gapped = month(4, m, List.of(new KlineGenerator.Gap(hole, 30)));
        KlineColumns rows = parse(gapped, m);
        assertThat(rows.size()).isEqualTo(30 * 1440 - 30);
        for (int i = 0; i < rows.size(); i++) {
            long t = rows.openTime[i];
            assertThat(t >= hole.toEpochMilli() && t < hole.toEpochMilli() + 30 * 60_000L).as("minute %d in the gap", t).isFalse();
        }
        String full = month(4, m, List.of());
        assertThat(gapped).isEqualTo(rows(full, m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(), hole)
                + rows(full, hole.plusSeconds(30 * 60), m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
    }
}
