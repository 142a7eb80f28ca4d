package gen;

import static org.assertj.core.api.Assertions.assertThat;

import ingest.KlineRowParser;
import ingest.LineBatch;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
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

    @Test
    void leaves_gaps_out() throws Exception {
        YearMonth m = YearMonth.of(2024, 6);
        Instant hole = Instant.parse("2024-06-10T12:00:00Z");
        KlineColumns rows = parse(month(4, m, List.of(new KlineGenerator.Gap(hole, 30))), m);
        assertThat(rows.size()).isEqualTo(30 * 1440 - 30);
        for (int i = 0; i < rows.size(); i++) {
            long t = rows.openTime[i];
            assertThat(t >= hole.toEpochMilli() && t < hole.toEpochMilli() + 30 * 60_000L).as("minute %d in the gap", t).isFalse();
        }
    }
}
