package verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.CrashPoints;
import storage.Hashes;
import storage.KlineColumns;
import storage.KlineParquet;
import storage.KlineStore;
import storage.MergeRequest;
import storage.Offsets;
import storage.OffsetsCodec;

class StoreVerifierTest {
    private static final long MINUTE = 60_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final YearMonth JUNE = YearMonth.of(2024, 6);
    private static final YearMonth JULY = YearMonth.of(2024, 7);

    @TempDir
    Path dir;

    private KlineStore store() {
        return new KlineStore(dir, "BTCUSDT", CLOCK, CrashPoints.NONE);
    }

    private VerifyReport verify(YearMonth from, YearMonth to) throws IOException {
        return verify(CLOCK, from, to);
    }

    private VerifyReport verify(Clock clock, YearMonth from, YearMonth to) throws IOException {
        return new StoreVerifier(store(), clock).verify(new VerifyRequest("BTCUSDT", from, to));
    }

    private static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    private static long start(YearMonth m) {
        return m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /** A valid row for minute {@code t}. */
    private static void row(KlineColumns c, long t) {
        double p = 60_000 + (t / MINUTE % 97);
        c.add(t, p, p + 5, p - 5, p + 1, 1.5, t + MINUTE - 1, p * 1.5, 12, 0.7, p * 0.7);
    }

    /** Every minute of the month except those {@code skip} says (minute index in the month). */
    private static KlineColumns month(YearMonth m, IntPredicate skip) {
        long s = start(m);
        int minutes = m.lengthOfMonth() * 1440;
        KlineColumns c = new KlineColumns(minutes);
        for (int k = 0; k < minutes; k++) {
            if (!skip.test(k)) {
                row(c, s + k * MINUTE);
            }
        }
        return c;
    }

    private static KlineColumns minutes(long first, long... offsets) {
        KlineColumns c = new KlineColumns(offsets.length);
        for (long k : offsets) {
            row(c, first + k * MINUTE);
        }
        return c;
    }

    private void store(YearMonth m, KlineColumns rows) throws IOException {
        String name = "BTCUSDT-1m-" + m + ".csv";
        store().merge(new MergeRequest(name, Hashes.sha256((name + rows.size()).getBytes()), "csv", m, start(m),
                start(m.plusMonths(1)), rows, false));
    }

    private static int minuteOf(YearMonth m, String instant) {
        return (int) ((ms(instant) - start(m)) / MINUTE);
    }

    private static List<Problem> of(VerifyReport r, ProblemKind kind) {
        return r.problems().stream().filter(p -> p.kind() == kind).toList();
    }

    @Test
    void a_complete_month_verifies_clean() throws IOException {
        store(JUNE, month(JUNE, k -> false));
        VerifyReport r = verify(null, null);
        assertThat(r.problems()).isEmpty();
        assertThat(r.clean()).isTrue();
        assertThat(r.rows()).isEqualTo(43_200);
        assertThat(r.checkedFrom()).isEqualTo(Instant.parse("2024-06-01T00:00:00Z"));
        assertThat(r.checkedTo()).isEqualTo(Instant.parse("2024-06-30T23:59:00Z"));
        assertThat(r.months()).singleElement().satisfies(m -> {
            assertThat(m.file()).isEqualTo("2024-06.parquet");
            assertThat(m.rows()).isEqualTo(43_200);
            assertThat(m.missingMinutes()).isZero();
        });
        assertThat(VerifyReportFormatter.text(r)).contains("CLEAN");
    }

    @Test
    void reports_a_30_minute_hole_as_exactly_that_range() throws IOException {
        int hole = minuteOf(JUNE, "2024-06-10T12:00:00Z");
        store(JUNE, month(JUNE, k -> k >= hole && k < hole + 30));
        VerifyReport r = verify(null, null);
        assertThat(r.clean()).isFalse();
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.GAP);
            assertThat(p.month()).isEqualTo(JUNE);
            assertThat(p.count()).isEqualTo(30);
            assertThat(p.ranges()).containsExactly(new MinuteRange(Instant.parse("2024-06-10T12:00:00Z"),
                    Instant.parse("2024-06-10T12:29:00Z"), 30));
        });
        assertThat(r.missingMinutes()).isEqualTo(30);
        assertThat(r.months().get(0).missingMinutes()).isEqualTo(30);
        assertThat(VerifyReportFormatter.text(r))
                .contains("GAP 2024-06: 30 missing minutes 2024-06-10T12:00:00Z .. 2024-06-10T12:29:00Z", "PROBLEMS");
    }

    @Test
    void reports_a_single_missing_minute_as_a_one_minute_gap() throws IOException {
        int hole = minuteOf(JUNE, "2024-06-10T12:00:00Z");
        store(JUNE, month(JUNE, k -> k == hole));
        VerifyReport r = verify(null, null);
        assertThat(r.clean()).isFalse();
        assertThat(r.missingMinutes()).isEqualTo(1);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.GAP);
            assertThat(p.count()).isEqualTo(1);
            assertThat(p.ranges()).containsExactly(new MinuteRange(Instant.parse("2024-06-10T12:00:00Z"),
                    Instant.parse("2024-06-10T12:00:00Z"), 1));
        });
    }

    @Test
    void a_hole_across_a_month_boundary_is_one_range() throws IOException {
        int lastTen = JUNE.lengthOfMonth() * 1440 - 10;
        store(JUNE, month(JUNE, k -> k >= lastTen));
        store(JULY, month(JULY, k -> k < 5));
        VerifyReport r = verify(null, null);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.GAP);
            assertThat(p.month()).isEqualTo(JUNE);
            assertThat(p.ranges()).containsExactly(new MinuteRange(Instant.parse("2024-06-30T23:50:00Z"),
                    Instant.parse("2024-07-01T00:04:00Z"), 15));
            assertThat(p.message()).contains("spans 2024-06 .. 2024-07");
        });
        assertThat(r.months()).extracting(MonthSummary::missingMinutes).containsExactly(10L, 5L);
    }

    @Test
    void a_month_with_no_file_between_stored_months_is_reported_with_its_minutes() throws IOException {
        YearMonth jan = YearMonth.of(2024, 1);
        YearMonth mar = YearMonth.of(2024, 3);
        store(jan, month(jan, k -> false));
        store(mar, month(mar, k -> false));
        VerifyReport r = verify(null, null);
        assertThat(of(r, ProblemKind.MONTH_MISSING)).singleElement()
                .satisfies(p -> assertThat(p.month()).isEqualTo(YearMonth.of(2024, 2)));
        assertThat(of(r, ProblemKind.GAP)).singleElement().satisfies(p -> assertThat(p.ranges()).containsExactly(
                new MinuteRange(Instant.parse("2024-02-01T00:00:00Z"), Instant.parse("2024-02-29T23:59:00Z"), 29 * 1440)));
        assertThat(r.months()).extracting(MonthSummary::file).containsExactly("2024-01.parquet", null, "2024-03.parquet");
        assertThat(r.problems()).hasSize(2);
        // the text report: the month without a file shows dashes, not "null"
        assertThat(VerifyReportFormatter.text(r)).containsPattern("\\n  2024-02 +- +0 +- +- +41760\\n")
                .containsPattern("\\n  2024-01 +2024-01.parquet +44640 +2024-01-01T00:00:00Z +2024-01-31T23:59:00Z +0\\n")
                .doesNotContain("null");
    }

    @Test
    void the_text_report_lists_the_minutes_of_a_row_finding_but_not_the_range_of_a_gap_twice() throws IOException {
        KlineColumns c = minutes(ms("2024-06-10T00:00:00Z"), 0, 1, 3);
        c.trades[1] = -1;
        writeDirect(JUNE, c);
        String text = VerifyReportFormatter.text(verify(null, null));
        assertThat(text).contains("\n      2024-06-10T00:01:00Z .. 2024-06-10T00:01:00Z (1 minute)\n")
                .contains("GAP 2024-06: 1 missing minutes 2024-06-10T00:02:00Z .. 2024-06-10T00:02:00Z\n")
                .doesNotContain("      2024-06-10T00:02:00Z");
    }

    @Test
    void from_and_to_expect_every_minute_of_those_months() throws IOException {
        int day2 = 1440;
        store(JUNE, month(JUNE, k -> k < day2));
        VerifyReport r = verify(YearMonth.of(2024, 5), JULY);
        assertThat(r.checkedFrom()).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
        assertThat(r.checkedTo()).isEqualTo(Instant.parse("2024-07-31T23:59:00Z"));
        assertThat(of(r, ProblemKind.MONTH_MISSING)).extracting(Problem::month).containsExactly(YearMonth.of(2024, 5), JULY);
        assertThat(of(r, ProblemKind.GAP)).extracting(p -> p.ranges().get(0)).containsExactly(
                new MinuteRange(Instant.parse("2024-05-01T00:00:00Z"), Instant.parse("2024-06-01T23:59:00Z"), 32 * 1440),
                new MinuteRange(Instant.parse("2024-07-01T00:00:00Z"), Instant.parse("2024-07-31T23:59:00Z"), 31 * 1440));
    }

    @Test
    void never_expects_minutes_after_now() throws IOException {
        Clock now = Clock.fixed(Instant.parse("2024-06-15T10:30:20Z"), ZoneOffset.UTC);
        int upTo = minuteOf(JUNE, "2024-06-15T10:29:00Z");
        store(JUNE, month(JUNE, k -> k > upTo));
        VerifyReport r = verify(now, JUNE, JULY);
        assertThat(r.problems()).isEmpty();
        assertThat(r.checkedTo()).isEqualTo(Instant.parse("2024-06-15T10:29:00Z"));
    }

    @Test
    void duplicate_and_unsorted_rows_are_found_in_a_file_written_around_the_store() throws IOException {
        long t0 = ms("2024-06-10T00:00:00Z");
        Files.createDirectories(store().klinesDir());
        KlineParquet.write(store().monthFile(JUNE), minutes(t0, 0, 1, 2, 2, 4, 3, 5));
        VerifyReport r = verify(null, null);
        assertThat(of(r, ProblemKind.DUPLICATE)).singleElement().satisfies(p -> {
            assertThat(p.count()).isEqualTo(1);
            assertThat(p.ranges()).extracting(MinuteRange::start).containsExactly(Instant.parse("2024-06-10T00:02:00Z"));
        });
        assertThat(of(r, ProblemKind.UNSORTED)).singleElement().satisfies(p -> {
            assertThat(p.count()).isEqualTo(1);
            assertThat(p.message()).contains("2024-06-10T00:03:00Z follows 2024-06-10T00:04:00Z");
        });
        assertThat(of(r, ProblemKind.FILE_NOT_IN_OFFSETS)).hasSize(1);
        assertThat(of(r, ProblemKind.GAP)).isEmpty();
    }

    @Test
    void nan_and_infinite_values_are_reported() throws IOException {
        KlineColumns c = minutes(ms("2024-06-10T00:00:00Z"), 0, 1, 2, 3);
        c.open[1] = Double.NaN;
        c.volume[3] = Double.POSITIVE_INFINITY;
        writeDirect(JUNE, c);
        List<Problem> p = of(verify(null, null), ProblemKind.NON_FINITE);
        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.count()).isEqualTo(2);
            assertThat(x.message()).contains("open=NaN");
            assertThat(x.ranges()).extracting(MinuteRange::start).containsExactly(
                    Instant.parse("2024-06-10T00:01:00Z"), Instant.parse("2024-06-10T00:03:00Z"));
        });
    }

    @Test
    void ohlc_and_volume_violations_and_bad_close_times_are_reported() throws IOException {
        KlineColumns c = minutes(ms("2024-06-10T00:00:00Z"), 0, 1, 2, 3, 4, 5, 6);
        c.low[1] = c.open[1] + 1;               // low > open
        c.high[2] = c.close[2] - 0.5;           // high < close
        c.high[3] = c.low[3] - 1;               // high < low
        c.close[4] = 0;                         // price <= 0
        c.volume[5] = -1;                       // volume < 0
        c.closeTime[6] = c.openTime[6] + MINUTE; // close_time in the next minute
        writeDirect(JUNE, c);
        VerifyReport r = verify(null, null);
        assertThat(of(r, ProblemKind.OHLC)).singleElement().satisfies(p -> {
            assertThat(p.count()).isEqualTo(5);
            assertThat(p.message()).containsPattern("2024-06-10T00:01:00Z low [0-9.]+ > open ");
            assertThat(p.ranges()).singleElement().isEqualTo(new MinuteRange(Instant.parse("2024-06-10T00:01:00Z"),
                    Instant.parse("2024-06-10T00:05:00Z"), 5));
        });
        assertThat(of(r, ProblemKind.CLOSE_TIME)).singleElement().satisfies(p -> assertThat(p.count()).isEqualTo(1));
    }

    @Test
    void a_close_below_the_low_is_reported_even_when_open_and_high_are_consistent() throws IOException {
        KlineColumns c = minutes(ms("2024-06-10T00:00:00Z"), 0, 1, 2);
        c.close[1] = c.low[1] - 1; // low <= open <= high, high >= close: only "low > close" is broken
        writeDirect(JUNE, c);
        VerifyReport r = verify(null, null);
        assertThat(of(r, ProblemKind.OHLC)).singleElement().satisfies(p -> {
            assertThat(p.count()).isEqualTo(1);
            assertThat(p.message()).containsPattern("2024-06-10T00:01:00Z low [0-9.]+ > close ");
        });
    }

    @Test
    void a_flat_minute_without_volume_and_a_close_time_at_either_end_of_its_minute_are_valid() throws IOException {
        // the rule ingest applies (KlineRowParser): open_time < close_time <= open_time + 59,999 ms
        KlineColumns c = minutes(ms("2024-06-10T00:00:00Z"), 0, 1);
        c.open[0] = 100;
        c.high[0] = 100;
        c.low[0] = 100;
        c.close[0] = 100;  // open = high = low = close
        c.volume[0] = 0;
        c.quoteVolume[0] = 0;
        c.takerBase[0] = 0;
        c.takerQuote[0] = 0;
        c.trades[0] = 0;
        c.closeTime[0] = c.openTime[0] + 1;           // the first ms after its open
        c.closeTime[1] = c.openTime[1] + MINUTE - 1;  // the last
        c.low[1] = c.open[1];                          // low = open, high = close
        c.high[1] = c.close[1];
        writeDirect(JUNE, c);
        VerifyReport r = verify(null, null);
        assertThat(of(r, ProblemKind.OHLC)).isEmpty();
        assertThat(of(r, ProblemKind.CLOSE_TIME)).isEmpty();
    }

    @Test
    void a_close_time_equal_to_its_open_time_is_reported_as_ingest_refuses_it() throws IOException {
        KlineColumns c = minutes(ms("2024-06-10T00:00:00Z"), 0, 1);
        c.closeTime[1] = c.openTime[1];
        writeDirect(JUNE, c);
        VerifyReport r = verify(null, null);
        assertThat(of(r, ProblemKind.CLOSE_TIME)).singleElement().satisfies(p -> assertThat(p.count()).isEqualTo(1));
    }

    /** Column {@code k} (0 open, 1 high, 2 low, 3 close) zero: reported as a price <= 0, before any other rule. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 2, 3})
    void a_zero_price_is_reported_as_such_whichever_column(int k) throws IOException {
        KlineColumns c = minutes(ms("2024-06-10T00:00:00Z"), 0);
        new double[][] {c.open, c.high, c.low, c.close}[k][0] = 0;
        writeDirect(JUNE, c);
        VerifyReport r = verify(null, null);
        assertThat(of(r, ProblemKind.OHLC)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("2024-06-10T00:00:00Z price <= 0"));
    }

    @Test
    void each_ohlc_rule_names_itself_in_the_message() throws IOException {
        String[] expected = {"high [0-9.]+ < low ", "low [0-9.]+ > open ", "high [0-9.]+ < open ", "high [0-9.]+ < close ",
            "negative volume or trade count", "low [0-9.]+ > close ", "high [0-9.]+ < close "};
        for (int rule = 0; rule < expected.length; rule++) {
            KlineColumns c = minutes(ms("2024-06-10T00:00:00Z"), 0);
            switch (rule) {
                case 0 -> c.high[0] = c.low[0] - 1;
                case 1 -> c.low[0] = c.open[0] + 0.5;
                case 2 -> c.high[0] = c.open[0] - 0.5;
                case 3 -> c.high[0] = c.close[0] - 0.5;
                case 4 -> c.trades[0] = -1;
                case 5 -> { // low = open, close below both: the close is named
                    c.low[0] = c.open[0];
                    c.close[0] = c.open[0] - 1;
                }
                default -> { // high = open, close above both
                    c.high[0] = c.open[0];
                    c.close[0] = c.open[0] + 1;
                }
            }
            Path data = dir.resolve("rule" + rule);
            KlineStore own = new KlineStore(data, "BTCUSDT", CLOCK, CrashPoints.NONE);
            java.nio.file.Files.createDirectories(own.monthFile(JUNE).getParent());
            storage.KlineParquet.write(own.monthFile(JUNE), c);
            VerifyReport r = new StoreVerifier(own, CLOCK).verify(new VerifyRequest("BTCUSDT", null, null));
            int n = rule;
            assertThat(of(r, ProblemKind.OHLC)).as("rule %d", n).singleElement()
                    .satisfies(p -> assertThat(p.message()).containsPattern("2024-06-10T00:00:00Z " + expected[n]));
        }
    }

    @Test
    void lists_the_first_thousand_gaps_and_sums_up_the_rest() throws IOException {
        // minutes 1, 3, 5 ... 2001 missing: 1,001 one-minute gaps
        store(JUNE, month(JUNE, k -> k % 2 == 1 && k <= 2001));
        VerifyReport r = verify(null, null);
        List<Problem> gaps = of(r, ProblemKind.GAP);
        List<Problem> listed = gaps.stream().filter(p -> p.month() != null).toList();
        assertThat(listed).hasSize(StoreVerifier.GAPS_LISTED);
        assertThat(listed.getLast().ranges()).singleElement()
                .satisfies(g -> assertThat(g.start()).isEqualTo(Instant.ofEpochMilli(start(JUNE) + 1999 * MINUTE)));
        assertThat(gaps).filteredOn(p -> p.month() == null).singleElement().satisfies(p -> {
            assertThat(p.message()).isEqualTo("1 more gaps (1 missing minutes) not listed; only the first 1000 are");
            assertThat(p.count()).isEqualTo(1);
        });
        assertThat(r.missingMinutes()).isEqualTo(1001);
    }

    @Test
    void a_finding_lists_its_first_twenty_rows_and_says_so_when_there_are_more() throws IOException {
        KlineColumns twenty = minutes(ms("2024-06-10T00:00:00Z"), java.util.stream.LongStream.range(0, 21).toArray());
        for (int i = 0; i < 20; i++) {
            twenty.trades[i] = -1;
        }
        writeDirect(JUNE, twenty);
        assertThat(of(verify(null, null), ProblemKind.OHLC)).singleElement().satisfies(p -> {
            assertThat(p.count()).isEqualTo(20);
            assertThat(p.message()).startsWith("20 rows with inconsistent prices or volumes; first: ");
        });
        twenty.trades[20] = -1;
        Files.delete(store().monthFile(JUNE));
        writeDirect(JUNE, twenty);
        assertThat(of(verify(null, null), ProblemKind.OHLC)).singleElement().satisfies(p -> {
            assertThat(p.count()).isEqualTo(21);
            assertThat(p.message()).startsWith("21 rows with inconsistent prices or volumes (first 20 listed); first: ");
            assertThat(p.ranges()).singleElement().satisfies(g -> assertThat(g.minutes()).isEqualTo(20));
        });
    }

    @Test
    void open_times_off_the_minute_or_outside_the_files_month_are_reported() throws IOException {
        KlineColumns c = minutes(ms("2024-06-10T00:00:00Z"), 0, 1, 2);
        c.openTime[1] += 1_000;                           // 00:01:01
        c.closeTime[1] = c.openTime[1] + 30_000;
        KlineColumns july = minutes(start(JULY), 0);      // the first minute of July in June's file
        c.add(july.openTime[0], july.open[0], july.high[0], july.low[0], july.close[0], july.volume[0],
                july.closeTime[0], july.quoteVolume[0], july.trades[0], july.takerBase[0], july.takerQuote[0]);
        writeDirect(JUNE, c);
        VerifyReport r = verify(null, null);
        assertThat(of(r, ProblemKind.OPEN_TIME)).singleElement().satisfies(p -> {
            assertThat(p.count()).isEqualTo(2);
            assertThat(p.message()).contains("2024-06-10T00:01:01Z is not on a whole minute");
        });
        assertThat(r.months().getFirst().rows()).isEqualTo(4);
    }

    @Test
    void a_range_that_lies_wholly_after_now_checks_nothing() throws IOException {
        store(JUNE, month(JUNE, k -> false));
        VerifyReport r = verify(YearMonth.of(2026, 2), YearMonth.of(2026, 3)); // the clock says 2026-01-01
        assertThat(r.checkedFrom()).isNull();
        assertThat(r.checkedTo()).isNull();
        assertThat(r.missingMinutes()).isZero();
        assertThat(r.clean()).isTrue();
    }

    @Test
    void offsets_row_count_that_disagrees_with_the_file_is_reported() throws IOException {
        store(JUNE, month(JUNE, k -> false));
        Offsets o = store().offsets();
        Offsets.MonthEntry e = o.months().get("2024-06");
        Offsets.MonthEntry wrong = new Offsets.MonthEntry(e.file(), e.firstOpenTime(), e.lastOpenTime(), e.rows() + 7,
                e.missingMinutes(), e.parquetSha256(), e.files());
        Files.write(store().offsetsFile(), OffsetsCodec.toBytes(o.withMonth("2024-06", wrong)));
        VerifyReport r = verify(null, null);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.OFFSETS_ROWS);
            assertThat(p.message()).contains("43207 rows", "the file has 43200");
        });
    }

    @Test
    void offsets_total_rows_that_disagree_with_the_sum_of_its_months_are_a_store_problem() throws IOException {
        store(JUNE, month(JUNE, k -> false));
        Offsets o = store().offsets();
        Offsets wrong = new Offsets(o.formatVersion(), o.symbol(), o.interval(), o.firstOpenTime(), o.lastOpenTime(),
                o.rows() - 3, o.months());
        Files.write(store().offsetsFile(), OffsetsCodec.toBytes(wrong));
        VerifyReport r = verify(null, null);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.OFFSETS_ROWS);
            assertThat(p.month()).isNull();
            assertThat(p.message()).isEqualTo("offsets.json total rows 43197 differ from the sum of its months, 43200");
        });
        assertThat(VerifyReportFormatter.text(r)).contains("  OFFSETS_ROWS store: offsets.json total rows 43197");
    }

    @Test
    void the_text_report_lists_every_month_and_each_problem_in_one_line() throws IOException {
        store(JUNE, month(JUNE, k -> k >= 100 && k < 103)); // a 3-minute gap
        store(JULY, month(JULY, k -> false));
        Offsets o = store().offsets();
        Offsets.MonthEntry e = o.months().get("2024-07");
        Files.write(store().offsetsFile(), OffsetsCodec.toBytes(o.withMonth("2024-07", new Offsets.MonthEntry(e.file(),
                e.firstOpenTime(), e.lastOpenTime(), e.rows() + 1, e.missingMinutes(), e.parquetSha256(), e.files()))));
        String text = VerifyReportFormatter.text(verify(null, null));
        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).isEqualTo("verify BTCUSDT: 2024-06-01T00:00:00Z .. 2024-07-31T23:59:00Z (2 months, "
                + (43200 - 3 + 44640) + " rows, 3 missing minutes)");
        assertThat(lines.get(1).split("\\s+")).containsExactly("", "month", "file", "rows", "first", "last", "missing");
        assertThat(lines.get(2).split("\\s+")).containsExactly("", "2024-06", "2024-06.parquet", "43197",
                "2024-06-01T00:00:00Z", "2024-06-30T23:59:00Z", "3");
        assertThat(lines.get(3).split("\\s+")).containsExactly("", "2024-07", "2024-07.parquet", "44640",
                "2024-07-01T00:00:00Z", "2024-07-31T23:59:00Z", "0");
        assertThat(text).contains("  GAP 2024-06: 3 missing minutes 2024-06-01T01:40:00Z .. ")
                .contains("  OFFSETS_ROWS 2024-07: offsets.json says 44641 rows for 2024-07.parquet, the file has 44640");
        assertThat(lines.get(lines.size() - 1)).startsWith("PROBLEMS: ").endsWith(" found (3 missing minutes)");

        Files.delete(store().offsetsFile()); // nothing stored: no table, the range says so
        VerifyReport none = new StoreVerifier(new KlineStore(dir.resolve("empty"), "BTCUSDT", CLOCK, CrashPoints.NONE),
                CLOCK).verify(new VerifyRequest("BTCUSDT", null, null));
        assertThat(VerifyReportFormatter.text(none)).isEqualTo("verify BTCUSDT: nothing stored in the requested range\n"
                + "CLEAN: no problems found\n");
    }

    @Test
    void a_parquet_file_changed_behind_the_store_fails_the_hash_check() throws IOException {
        store(JUNE, month(JUNE, k -> false));
        KlineColumns altered = month(JUNE, k -> false);
        altered.close[100] = altered.close[100] + 0.5;
        Path file = store().monthFile(JUNE);
        Files.delete(file);
        KlineParquet.write(file, altered);
        VerifyReport r = verify(null, null);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.OFFSETS_HASH);
            assertThat(p.message()).contains(Hashes.sha256(file));
        });
    }

    @Test
    void a_month_file_that_offsets_does_not_list_and_an_entry_whose_file_is_gone_are_reported() throws IOException {
        store(JUNE, month(JUNE, k -> false));
        store(JULY, month(JULY, k -> false));
        YearMonth aug = YearMonth.of(2024, 8);
        writeDirect(aug, month(aug, k -> false));
        Files.delete(store().monthFile(JULY));
        VerifyReport r = verify(null, null);
        assertThat(of(r, ProblemKind.FILE_NOT_IN_OFFSETS)).extracting(Problem::month).containsExactly(aug);
        assertThat(of(r, ProblemKind.OFFSETS_WITHOUT_FILE)).extracting(Problem::month).containsExactly(JULY);
        assertThat(of(r, ProblemKind.MONTH_MISSING)).extracting(Problem::month).containsExactly(JULY);
        assertThat(of(r, ProblemKind.GAP)).singleElement().satisfies(p -> assertThat(p.count()).isEqualTo(31 * 1440));
    }

    @Test
    void a_corrupt_parquet_file_is_unreadable_and_its_minutes_missing() throws IOException {
        store(JUNE, month(JUNE, k -> false));
        Files.write(store().monthFile(JUNE), "PAR1 this is not parquet PAR1".getBytes());
        VerifyReport r = verify(JUNE, JUNE);
        assertThat(of(r, ProblemKind.UNREADABLE)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("2024-06.parquet"));
        assertThat(of(r, ProblemKind.OFFSETS_HASH)).hasSize(1);
        assertThat(r.missingMinutes()).isEqualTo(30 * 1440);
    }

    @Test
    void refuses_a_symbol_the_store_does_not_hold() {
        assertThatThrownBy(() -> new StoreVerifier(store(), CLOCK).verify(new VerifyRequest("ETHUSDT", null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds BTCUSDT only");
    }

    @Test
    void an_empty_store_has_nothing_to_check() throws IOException {
        VerifyReport r = verify(null, null);
        assertThat(r.clean()).isTrue();
        assertThat(r.months()).isEmpty();
        assertThat(VerifyReportFormatter.text(r)).contains("nothing stored");
    }

    @Test
    void json_uses_snake_case_and_iso_times() throws IOException {
        int hole = minuteOf(JUNE, "2024-06-10T12:00:00Z");
        store(JUNE, month(JUNE, k -> k >= hole && k < hole + 30));
        JsonNode json = OffsetsCodec.JSON.readTree(VerifyReportFormatter.json(verify(null, null)));
        assertThat(json.get("clean").asBoolean()).isFalse();
        assertThat(json.get("missing_minutes").asLong()).isEqualTo(30);
        assertThat(json.get("checked_from").asText()).isEqualTo("2024-06-01T00:00:00Z");
        JsonNode gap = json.get("problems").get(0);
        assertThat(gap.get("kind").asText()).isEqualTo("GAP");
        assertThat(gap.get("month").asText()).isEqualTo("2024-06");
        assertThat(gap.get("ranges").get(0).get("start").asText()).isEqualTo("2024-06-10T12:00:00Z");
        assertThat(gap.get("ranges").get(0).get("end").asText()).isEqualTo("2024-06-10T12:29:00Z");
        assertThat(json.get("months").get(0).get("first_open_time").asText()).isEqualTo("2024-06-01T00:00:00Z");
    }

    @Test
    void twelve_full_months_verify_in_a_few_seconds() throws IOException {
        YearMonth first = YearMonth.of(2023, 1);
        Files.createDirectories(store().klinesDir());
        for (int i = 0; i < 12; i++) {
            KlineParquet.write(store().monthFile(first.plusMonths(i)), month(first.plusMonths(i), k -> false));
        }
        long t = System.nanoTime();
        VerifyReport r = verify(null, null);
        long millis = (System.nanoTime() - t) / 1_000_000;
        assertThat(r.rows()).isEqualTo(365 * 1440);
        assertThat(r.problems()).extracting(Problem::kind).containsOnly(ProblemKind.FILE_NOT_IN_OFFSETS);
        assertThat(millis).as("verify of 12 months took %d ms", millis).isLessThan(10_000);
    }

    private void writeDirect(YearMonth m, KlineColumns rows) throws IOException {
        Files.createDirectories(store().klinesDir());
        KlineParquet.write(store().monthFile(m), rows);
    }

    @Test
    void a_month_rewritten_by_duckdb_with_microsecond_times_reads_as_its_real_minutes() throws IOException {
        store(JUNE, month(JUNE, k -> false));
        Path file = store().monthFile(JUNE);
        Path copy = dir.resolve("duck.parquet");
        support.DuckDb.execute("COPY (SELECT open_time::TIMESTAMP AS open_time, open, high, low, close, volume, "
                + "close_time::TIMESTAMP AS close_time, quote_asset_volume, trades, taker_base, taker_quote FROM "
                + support.DuckDb.parquet(file) + ") TO '" + copy + "' (FORMAT PARQUET)");
        Files.move(copy, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        VerifyReport r = verify(null, null);

        assertThat(r.months()).as(r.problems().toString()).singleElement().satisfies(m -> {
            assertThat(m.firstOpenTime()).isEqualTo(Instant.parse("2024-06-01T00:00:00Z"));
            assertThat(m.lastOpenTime()).isEqualTo(Instant.parse("2024-06-30T23:59:00Z"));
        });
        assertThat(r.problems()).as("only the rewrite itself: another file than offsets.json records")
                .extracting(Problem::kind).containsExactly(ProblemKind.OFFSETS_HASH);
    }
}
