package verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.CrashPoints;
import storage.Hashes;
import storage.KlineColumns;
import storage.KlineParquet;
import storage.KlineStore;
import storage.MergeRequest;

/**
 * Edges of {@link StoreVerifier} that {@link StoreVerifierTest} leaves open: the month whose first minute is the last
 * complete one, an open-ended range on either side (only --from, with nothing stored from that month on, used to
 * throw a NullPointerException), offsets.json that lists a month after the last file or cannot be
 * read at all, and the exact wording of row findings (which rule, which columns).
 */
class StoreVerifierEdgesTest {
    private static final long MINUTE = 60_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final YearMonth MAY = YearMonth.of(2024, 5);
    private static final YearMonth JUNE = YearMonth.of(2024, 6);
    private static final YearMonth JULY = YearMonth.of(2024, 7);

    @TempDir
    Path dir;

    private KlineStore store() {
        return new KlineStore(dir, "BTCUSDT", CLOCK, CrashPoints.NONE);
    }

    private VerifyReport verify(Clock clock, YearMonth from, YearMonth to) throws IOException {
        return new StoreVerifier(store(), clock).verify(new VerifyRequest(null, from, to));
    }

    private static long start(YearMonth m) {
        return m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static KlineColumns minutes(long first, int count) {
        KlineColumns c = new KlineColumns(count);
        for (int k = 0; k < count; k++) {
            long t = first + k * MINUTE;
            double p = 60_000 + k % 97;
            c.add(t, p, p + 5, p - 5, p + 1, 1.5, t + MINUTE - 1, p * 1.5, 12, 0.7, p * 0.7);
        }
        return c;
    }

    private void store(YearMonth m, KlineColumns rows) throws IOException {
        String name = "BTCUSDT-1m-" + m + ".csv";
        store().merge(new MergeRequest(name, Hashes.sha256((name + rows.size()).getBytes()), "csv", m, start(m),
                start(m.plusMonths(1)), rows, false));
    }

    private void writeDirect(YearMonth m, KlineColumns rows) throws IOException {
        Files.createDirectories(store().klinesDir());
        KlineParquet.write(store().monthFile(m), rows);
    }

    private static List<Problem> of(VerifyReport r, ProblemKind kind) {
        return r.problems().stream().filter(p -> p.kind() == kind).toList();
    }

    /**
     * Ninety seconds into July only July's first minute is complete: a range of July alone expects that one minute,
     * so the month without a file is missing and its one minute is a gap, checked from and to that minute.
     */
    @Test
    void a_month_whose_only_complete_minute_is_its_first_is_expected() throws IOException {
        store(JUNE, minutes(start(JUNE), 30 * 1440));
        Clock julyFirst = Clock.fixed(Instant.parse("2024-07-01T00:01:30Z"), ZoneOffset.UTC);

        VerifyReport r = verify(julyFirst, JULY, JULY);

        Instant first = Instant.parse("2024-07-01T00:00:00Z");
        assertThat(r.checkedFrom()).isEqualTo(first);
        assertThat(r.checkedTo()).isEqualTo(first);
        assertThat(of(r, ProblemKind.MONTH_MISSING)).extracting(Problem::month).containsExactly(JULY);
        assertThat(of(r, ProblemKind.GAP)).singleElement().satisfies(p -> {
            assertThat(p.count()).isEqualTo(1);
            assertThat(p.ranges()).containsExactly(MinuteRange.of(first.toEpochMilli(), first.toEpochMilli()));
        });
        assertThat(r.missingMinutes()).isEqualTo(1);

        VerifyReport before = verify(Clock.fixed(Instant.parse("2024-07-01T00:00:30Z"), ZoneOffset.UTC), JULY, JULY);
        assertThat(before.checkedFrom()).as("no complete minute of July yet").isNull();
        assertThat(before.checkedTo()).isNull();
        assertThat(before.problems()).isEmpty();
    }

    @Test
    void a_range_open_at_its_end_checks_from_its_start_to_the_last_stored_minute() throws IOException {
        VerifyReport empty = verify(CLOCK, JUNE, null);
        assertThat(empty.checkedFrom()).isNull();
        assertThat(empty.checkedTo()).isNull();
        assertThat(VerifyReportFormatter.text(empty)).contains("nothing stored in the requested range");

        store(JUNE, minutes(start(JUNE) + 10 * MINUTE, 20));

        VerifyReport r = verify(CLOCK, JUNE, null);
        assertThat(r.checkedFrom()).isEqualTo(Instant.parse("2024-06-01T00:00:00Z"));
        assertThat(r.checkedTo()).isEqualTo(Instant.parse("2024-06-01T00:29:00Z"));
        assertThat(of(r, ProblemKind.GAP)).singleElement()
                .satisfies(p -> assertThat(p.count()).as("the ten minutes before the first stored one").isEqualTo(10));

        VerifyReport after = verify(CLOCK, JULY, null);
        assertThat(after.checkedFrom()).as("nothing stored from July on").isNull();
        assertThat(after.months()).isEmpty();
        assertThat(after.clean()).isTrue();
    }

    @Test
    void a_range_open_at_its_start_checks_from_the_first_stored_minute_to_its_end() throws IOException {
        VerifyReport empty = verify(CLOCK, null, JUNE);
        assertThat(empty.checkedFrom()).isNull();
        assertThat(empty.checkedTo()).isNull();

        store(JUNE, minutes(start(JUNE) + 10 * MINUTE, 20));

        VerifyReport r = verify(CLOCK, null, JUNE);
        assertThat(r.checkedFrom()).isEqualTo(Instant.parse("2024-06-01T00:10:00Z"));
        assertThat(r.checkedTo()).isEqualTo(Instant.parse("2024-06-30T23:59:00Z"));
        assertThat(r.missingMinutes()).isEqualTo(30 * 1440 - 30);
    }

    /** offsets.json still lists July, after the last month file (June): July is checked and its entry reported. */
    @Test
    void an_offsets_entry_after_the_last_month_file_whose_file_is_gone_is_reported() throws IOException {
        store(JUNE, minutes(start(JUNE), 30 * 1440));
        store(JULY, minutes(start(JULY), 31 * 1440));
        Files.delete(store().monthFile(JULY));

        VerifyReport r = verify(CLOCK, null, null);

        assertThat(of(r, ProblemKind.OFFSETS_WITHOUT_FILE)).singleElement().satisfies(p -> {
            assertThat(p.month()).isEqualTo(JULY);
            assertThat(p.message()).isEqualTo("offsets.json lists 2024-07.parquet (44640 rows) but the file does not exist");
        });
        assertThat(r.months()).extracting(MonthSummary::month).containsExactly(JUNE, JULY);
        assertThat(VerifyReportFormatter.text(r)).containsPattern("2024-07 +- +0 +- +- +0");
    }

    @Test
    void an_unreadable_offsets_json_is_a_store_problem_and_the_months_are_still_scanned() throws IOException {
        store(JUNE, minutes(start(JUNE), 30 * 1440));
        Files.writeString(store().offsetsFile(), "{ not json");

        VerifyReport r = verify(CLOCK, null, null);

        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.UNREADABLE);
            assertThat(p.month()).isNull();
            assertThat(p.message()).startsWith(store().offsetsFile() + " cannot be read: ");
        });
        assertThat(r.rows()).isEqualTo(30 * 1440);
        assertThat(VerifyReportFormatter.text(r)).contains("  UNREADABLE store: " + store().offsetsFile());
    }

    @Test
    void row_findings_name_the_rule_each_row_breaks() throws IOException {
        KlineColumns c = minutes(start(JUNE) + 10 * 1440 * MINUTE, 4);
        c.open[1] = Double.NaN;
        c.volume[1] = Double.POSITIVE_INFINITY;
        c.takerQuote[1] = Double.NEGATIVE_INFINITY;
        KlineColumns july = minutes(start(JULY), 1); // the first minute of July in June's file
        c.add(july.openTime[0], july.open[0], july.high[0], july.low[0], july.close[0], july.volume[0],
                july.closeTime[0], july.quoteVolume[0], july.trades[0], july.takerBase[0], july.takerQuote[0]);
        writeDirect(JUNE, c);

        VerifyReport r = verify(CLOCK, null, null);

        assertThat(of(r, ProblemKind.NON_FINITE)).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("1 rows with NaN or infinite values; first: 2024-06-11T00:01:00Z open=NaN, volume=Infinity,"
                        + " taker_quote=-Infinity"));
        assertThat(of(r, ProblemKind.OPEN_TIME)).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("1 rows with a bad open_time; first: row 4 2024-07-01T00:00:00Z is outside 2024-06"));
    }

    @Test
    void the_request_for_everything_and_the_meaning_of_each_problem_kind() {
        assertThat(VerifyRequest.all()).isEqualTo(new VerifyRequest(null, null, null));
        assertThat(ProblemKind.GAP.meaning()).isEqualTo("missing minutes (exchange outages included)");
        assertThat(ProblemKind.values()).allSatisfy(k -> assertThat(k.meaning()).isNotBlank());
    }
}
