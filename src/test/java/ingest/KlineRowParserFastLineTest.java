package ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import storage.KlineColumns;

/**
 * The one-pass reading ({@code KlineRowParser.fastLine}) is a promise about speed: the usual Binance line - ms and µs
 * files, every decimal shape Binance writes, the ignore column {@code 0}, the edges of every rule - is read by it
 * (it answers the row and where the next line starts, storing the very row the field-by-field reading gives), and
 * anything unusual is left to the field-by-field reading (it answers -1 and stores nothing), which then decides as
 * always. {@link KlineRowParserFastPathTest} checks that both readings agree; this class checks who reads what.
 */
class KlineRowParserFastLineTest {
    private static final String FILE = "BTCUSDT-1m-2023-01-21.csv";
    private static final long DAY_START = Instant.parse("2023-01-21T00:00:00Z").toEpochMilli();
    private static final long DAY_END = Instant.parse("2023-01-22T00:00:00Z").toEpochMilli();
    /** The first row of a file sets its time unit; it is never read on the fast path. */
    private static final String MS_FIRST = "1674259200000,1,1,1,1,1,1674259259999,1,1,1,1,0\n";
    private static final String US_FIRST = "1674259200000000,1,1,1,1,1,1674259259999999,1,1,1,1,0\n";
    /** A real row of the fixture day (the second minute). */
    private static final String ROW = "1674259260000,22683.56000000,22697.00000000,22658.26000000,22663.67000000,"
            + "266.28494000,1674259319999,6038566.18089150,6360,116.56710000,2643538.78188070,0";
    private static final String US_ROW = ROW.replace("1674259260000,", "1674259260000000,")
            .replace("1674259319999,", "1674259319999999,");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A parser that has read {@code first} (so the time unit is known); {@code fast}: whether it tries fastLine. */
    private static KlineRowParser after(String first, boolean fast) {
        KlineRowParser p = new KlineRowParser(FILE, DAY_START, DAY_END, false, fast);
        byte[] b = bytes(first);
        KlineColumns out = new KlineColumns(2);
        p.parse(new LineBatch(b, b.length, 1, 0), out);
        assertThat(out.size()).isEqualTo(1);
        return p;
    }

    /** {@code row} with field {@code index} (0-based) replaced by {@code value}. */
    private static String with(String row, int index, String value) {
        String[] f = row.split(",", -1);
        f[index] = value;
        return String.join(",", f);
    }

    /** What the field-by-field reading makes of {@code text} as line 2 of a file that started with {@code first}. */
    private static Outcome slow(String first, String text) {
        return outcome(after(first, false), bytes(text), bytes(text).length);
    }

    private record Outcome(KlineColumns rows, String refusal) {
    }

    private static Outcome outcome(KlineRowParser p, byte[] b, int length) {
        KlineColumns out = new KlineColumns(2);
        try {
            p.parse(new LineBatch(b, length, 2, 0), out);
            return new Outcome(out, null);
        } catch (IngestRejectedException e) {
            Rejection r = e.rejection();
            return new Outcome(out, r.code() + " " + r.line() + " " + r.field() + " " + r.message());
        }
    }

    /**
     * Asserts that fastLine reads the line starting at {@code from} in {@code b[0..end)}: it answers {@code next},
     * counts the row and stores exactly the row the field-by-field reading gives for that line. Returns the row.
     */
    private static KlineColumns taken(String first, byte[] b, int from, int end, int next) {
        KlineRowParser p = after(first, true);
        KlineColumns out = new KlineColumns(2);
        String line = new String(b, from, end - from, StandardCharsets.ISO_8859_1);
        assertThat(p.fastLine(b, from, end, out)).as("fastLine on '%s'", line).isEqualTo(next);
        assertThat(out.size()).as(line).isEqualTo(1);
        assertThat(p.dataRows()).as(line).isEqualTo(2);
        assertThat(p.fastRows).as(line).isEqualTo(1);
        Outcome slow = slow(first, line);
        assertThat(slow.refusal()).as(line).isNull();
        assertThat(out.sameRow(0, slow.rows(), 0)).as("same row as the field-by-field reading: " + line).isTrue();
        return out;
    }

    private static KlineColumns taken(String first, String line) {
        byte[] b = bytes(line);
        return taken(first, b, 0, b.length, b.length);
    }

    /**
     * Asserts that fastLine leaves the first line of {@code text} alone (-1, nothing stored, nothing counted) and that
     * the parser then decides it as the field-by-field reading does; returns that decision (null: accepted).
     */
    private static String declined(String first, String text) {
        KlineRowParser p = after(first, true);
        byte[] b = bytes(text);
        KlineColumns out = new KlineColumns(2);
        assertThat(p.fastLine(b, 0, b.length, out)).as("fastLine on '%s'", text).isEqualTo(-1);
        assertThat(out.size()).as(text).isZero();
        assertThat(p.dataRows()).as(text).isEqualTo(1);
        assertThat(p.fastRows).as(text).isZero();
        Outcome decided = outcome(p, b, b.length);
        Outcome slow = slow(first, text);
        assertThat(decided.refusal()).as(text).isEqualTo(slow.refusal());
        assertThat(decided.rows().size()).as(text).isEqualTo(slow.rows().size());
        for (int i = 0; i < slow.rows().size(); i++) {
            assertThat(decided.rows().sameRow(i, slow.rows(), i)).as(text).isTrue();
        }
        return decided.refusal();
    }

    private static void declinedAndTaken(String first, String text) {
        assertThat(declined(first, text)).as(text).isNull();
    }

    private static void declinedAndRefused(String first, String text, RejectCode code) {
        assertThat(declined(first, text)).as(text).startsWith(code + " 2 ");
    }

    @Test
    void a_real_row_is_read_with_every_value_exact() {
        KlineColumns c = taken(MS_FIRST, ROW + "\n");
        assertThat(c.openTime[0]).isEqualTo(1674259260000L);
        assertThat(c.open[0]).isEqualTo(22683.56);
        assertThat(c.high[0]).isEqualTo(22697.0);
        assertThat(c.low[0]).isEqualTo(22658.26);
        assertThat(c.close[0]).isEqualTo(22663.67);
        assertThat(c.volume[0]).isEqualTo(266.28494);
        assertThat(c.closeTime[0]).isEqualTo(1674259319999L);
        assertThat(c.quoteVolume[0]).isEqualTo(6038566.1808915);
        assertThat(c.trades[0]).isEqualTo(6360);
        assertThat(c.takerBase[0]).isEqualTo(116.5671);
        assertThat(c.takerQuote[0]).isEqualTo(2643538.7818807);
    }

    @Test
    void a_microsecond_row_is_read_and_kept_in_milliseconds() {
        KlineColumns c = taken(US_FIRST, US_ROW + "\n");
        assertThat(c.openTime[0]).isEqualTo(1674259260000L);
        assertThat(c.closeTime[0]).isEqualTo(1674259319999L);
        assertThat(c.open[0]).isEqualTo(22683.56);
        assertThat(c.trades[0]).isEqualTo(6360);
    }

    @Test
    void every_line_end_and_the_end_of_the_batch_are_read_and_the_next_line_found() {
        for (String end : new String[] {"\n", "\r\n", "", "\r"}) {
            byte[] b = bytes(ROW + end);
            taken(MS_FIRST, b, 0, b.length, b.length);
        }
        // in the middle of a batch: the answer is where the next line starts
        String before = ROW.replace("1674259260000,", "1674259320000,").replace("1674259319999,", "1674259379999,");
        for (String end : new String[] {"\n", "\r\n"}) {
            byte[] b = bytes(before + end + ROW + end + "1674259380000,1,1,1,1,1,1674259439999,1,1,1,1,0\n");
            int from = before.length() + end.length();
            taken(MS_FIRST, b, from, b.length, from + ROW.length() + end.length());
        }
        // a batch that ends inside its buffer: the bytes after `end` are not read
        byte[] b = bytes(ROW + "5\n");
        taken(MS_FIRST, b, 0, ROW.length(), ROW.length());
        b = bytes(ROW + "\r\n");
        taken(MS_FIRST, b, 0, ROW.length() + 1, ROW.length() + 1);
    }

    @Test
    void every_decimal_shape_binance_writes_is_read_on_the_fast_path() {
        String[] shapes = {
            "22666.00000000", // the usual: 8 decimals
            "0.00000001", // the least step
            "1", "10", "90", // no fraction
            "0.1", "9.9", // short fraction
            "00.5", // leading zeros
            "123456789.0123456", // 16 digits: past the exact division, read like StrictNumbers
            "99999999.99999999", // 16 digits whose plain division would round twice
            "90071992.54740993", // 2^53 + 1 as digits
            "999999999999999", // 15 digits, the last read by the division
            "1000000000000000", // 16 digits
            "123456789012345678", // 18 digits
            "0.0000000000000000001", // more than 18 digits, one significant
            "12345678901234567890.5", // more than 18 significant digits
            "1" + "0".repeat(300), // a huge finite value
        };
        for (String shape : shapes) {
            // in an amount column, every shape alone (prices must keep high >= open, close >= low)
            for (int column : new int[] {5, 7, 9, 10}) {
                KlineColumns c = taken(MS_FIRST, with(ROW, column, shape) + "\n");
                double expected = Double.parseDouble(shape);
                double got = switch (column) {
                    case 5 -> c.volume[0];
                    case 7 -> c.quoteVolume[0];
                    case 9 -> c.takerBase[0];
                    default -> c.takerQuote[0];
                };
                assertThat(got).as(shape).isEqualTo(expected);
            }
            // as a flat bar's four prices, when a price (> 0)
            if (Double.parseDouble(shape) > 0) {
                String flat = ROW;
                for (int column = 1; column <= 4; column++) {
                    flat = with(flat, column, shape);
                }
                KlineColumns c = taken(MS_FIRST, flat + "\n");
                assertThat(c.open[0]).as(shape).isEqualTo(Double.parseDouble(shape));
                assertThat(c.high[0]).as(shape).isEqualTo(Double.parseDouble(shape));
                assertThat(c.low[0]).as(shape).isEqualTo(Double.parseDouble(shape));
                assertThat(c.close[0]).as(shape).isEqualTo(Double.parseDouble(shape));
            }
        }
        // zero amounts ("0.00000000" is how Binance writes a minute without trades)
        KlineColumns c = taken(MS_FIRST, with(with(with(with(with(ROW, 5, "0.00000000"), 7, "0"), 8, "0"), 9, "0.0"), 10,
                "0.00000000") + "\n");
        assertThat(c.volume[0]).isZero();
        assertThat(c.trades[0]).isZero();
    }

    @Test
    void the_trades_column_is_read_up_to_18_digits() {
        for (String trades : new String[] {"0", "7", "6360", "1234567890", "999999999999999999", "000000000000000001"}) {
            KlineColumns c = taken(MS_FIRST, with(ROW, 8, trades) + "\n");
            assertThat(c.trades[0]).as(trades).isEqualTo(Long.parseLong(trades));
        }
    }

    @Test
    void rows_on_every_edge_of_the_rules_are_read_on_the_fast_path() {
        String low = "22658.26000000";
        String high = "22697.00000000";
        // open or close on low or high, and the flat bar
        taken(MS_FIRST, with(with(ROW, 1, low), 4, high) + "\n");
        taken(MS_FIRST, with(with(ROW, 1, high), 4, low) + "\n");
        taken(MS_FIRST, with(with(with(with(ROW, 1, low), 2, low), 3, low), 4, low) + "\n");
        // the first and the last minute of the period, the earliest and the latest close time
        taken("1674259260000000,1,1,1,1,1,1674259319999999,1,1,1,1,0\n",
                "1674259200000000,1,1,1,1,1,1674259200001000,1,1,1,1,0\n");
        taken("1674259260000,1,1,1,1,1,1674259319999,1,1,1,1,0\n", "1674259200000,1,1,1,1,1,1674259200001,1,1,1,1,0\n");
        long last = DAY_END - 60_000;
        taken(MS_FIRST, last + ",1,1,1,1,1," + (last + 59_999) + ",1,1,1,1,0\n");
        taken(US_FIRST, last + "000,1,1,1,1,1," + (last + 59_999) + "999,1,1,1,1,0\n");
    }

    @Test
    void parse_reads_every_usual_line_after_the_first_on_the_fast_path_and_an_export_on_none() {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            long t = DAY_START + 60_000L * i;
            csv.append(t).append(",22666.00000000,22692.66000000,22658.71000000,22685.44000000,338.71242000,")
                    .append(t + 59_999).append(",7680391.66219380,7236,177.18389000,4017824.52651240,0")
                    .append(i % 2 == 0 ? "\n" : "\r\n");
        }
        byte[] b = bytes(csv.toString());
        for (KlineRowParser p : new KlineRowParser[] {new KlineRowParser(FILE, DAY_START, DAY_END),
            new KlineRowParser(FILE, DAY_START, DAY_END, false)}) {
            KlineColumns out = new KlineColumns(100);
            p.parse(new LineBatch(b, b.length, 1, 0), out);
            assertThat(out.size()).isEqualTo(100);
            assertThat(p.fastRows).isEqualTo(99);
            // a second batch: every line (the unit is known)
            p.parse(new LineBatch(b, b.length, 101, 0), out);
            assertThat(p.fastRows).isEqualTo(199);
            assertThat(p.dataRows()).isEqualTo(200);
        }
        // the differential tests' parser without it, and our export format, read field by field
        KlineRowParser slow = new KlineRowParser(FILE, DAY_START, DAY_END, false, false);
        slow.parse(new LineBatch(b, b.length, 1, 0), new KlineColumns(100));
        assertThat(slow.fastRows).isZero();
        assertThat(slow.dataRows()).isEqualTo(100);
        String export = KlineRowParser.EXPORT_HEADER + "\n2023-01-21T00:00:00Z,1,1,1,1,1,2023-01-21T00:00:59.999Z,1,1,1,1\n"
                + "2023-01-21T00:01:00Z,1,1,1,1,1,2023-01-21T00:01:59.999Z,1,1,1,1\n";
        for (KlineRowParser p : new KlineRowParser[] {new KlineRowParser(FILE, DAY_START, DAY_END, true),
            new KlineRowParser(FILE, DAY_START, DAY_END, true, true)}) {
            byte[] e = bytes(export);
            p.parse(new LineBatch(e, e.length, 1, 0), new KlineColumns(2));
            assertThat(p.dataRows()).isEqualTo(2);
            assertThat(p.fastRows).isZero();
        }
    }

    @Test
    void the_first_row_of_a_file_sets_the_unit_and_is_left_to_the_field_by_field_reading() {
        KlineRowParser p = new KlineRowParser(FILE, DAY_START, DAY_END);
        byte[] b = bytes(ROW + "\n");
        KlineColumns out = new KlineColumns(2);
        assertThat(p.fastLine(b, 0, b.length, out)).isEqualTo(-1);
        assertThat(out.size()).isZero();
        assertThat(p.timeUnit()).isEqualTo("none");
        p.parse(new LineBatch(b, b.length, 1, 0), out);
        assertThat(out.size()).isEqualTo(1);
        assertThat(p.timeUnit()).isEqualTo("ms");
        // and with it known, the same line is read on the fast path
        assertThat(p.fastLine(b, 0, b.length, out)).isEqualTo(b.length);
        assertThat(out.size()).isEqualTo(2);
    }

    @Test
    void lines_that_are_not_the_usual_row_are_left_to_the_field_by_field_reading() {
        // taken by it: the ignore column may be empty or another short unsigned decimal
        for (String ignore : new String[] {"", "1", "0.0", "00", "0.5"}) {
            declinedAndTaken(MS_FIRST, with(ROW, 11, ignore) + "\n");
            declinedAndTaken(MS_FIRST, with(ROW, 11, ignore));
        }
        declinedAndTaken(MS_FIRST, "\n"); // a blank line: skipped
        declinedAndTaken(MS_FIRST, "\r\n");
        // refused by it, naming the field
        declinedAndRefused(MS_FIRST, with(ROW, 11, "0 ") + "\n", RejectCode.BAD_VALUE);
        declinedAndRefused(MS_FIRST, ROW + "\rx\n", RejectCode.BAD_VALUE); // a CR inside the line
        declinedAndRefused(MS_FIRST, ROW + ",0\n", RejectCode.COLUMN_COUNT);
        declinedAndRefused(MS_FIRST, ROW.substring(0, ROW.lastIndexOf(',')) + "\n", RejectCode.COLUMN_COUNT);
        declinedAndRefused(MS_FIRST, "open_time,open,high,low,close,volume,close_time,quote_volume,count,"
                + "taker_buy_volume,taker_buy_quote_volume,ignore\n", RejectCode.BAD_TIME_UNIT); // a header after data
        for (int column = 1; column <= 10; column++) {
            if (column == 6 || column == 8) {
                continue;
            }
            for (String bad : new String[] {"-1", "+1", "1e5", "1E5", "1.", ".5", "", " 1", "1,5", "0x1", "1.2.3"}) {
                String text = with(ROW, column, bad) + "\n";
                assertThat(declined(MS_FIRST, text)).as(text).isNotNull();
            }
            // a value too large for a double
            declinedAndRefused(MS_FIRST, with(ROW, column, "1" + "0".repeat(400)) + "\n", RejectCode.BAD_NUMBER);
        }
        declinedAndRefused(MS_FIRST, with(ROW, 5, "-0") + "\n", RejectCode.BAD_VALUE);
    }

    @Test
    void times_of_another_length_or_unit_are_left_to_the_field_by_field_reading() {
        declinedAndRefused(MS_FIRST, with(ROW, 0, "167425926000") + "\n", RejectCode.BAD_TIME_UNIT);
        declinedAndRefused(MS_FIRST, with(ROW, 0, "16742592600000") + "\n", RejectCode.BAD_TIME_UNIT);
        declinedAndRefused(MS_FIRST, with(ROW, 6, "16742593199999") + "\n", RejectCode.BAD_TIME_UNIT);
        declinedAndRefused(MS_FIRST, US_ROW + "\n", RejectCode.MIXED_TIME_UNITS);
        declinedAndRefused(US_FIRST, ROW + "\n", RejectCode.MIXED_TIME_UNITS);
        declinedAndRefused(MS_FIRST, with(ROW, 0, "-674259260000") + "\n", RejectCode.BAD_TIME_UNIT);
        declinedAndRefused(MS_FIRST, with(ROW, 0, "") + "\n", RejectCode.BAD_TIME_UNIT);
        declinedAndRefused(MS_FIRST, with(ROW, 6, "") + "\n", RejectCode.BAD_TIME_UNIT);
        // µs: open_time must be a whole millisecond (and minute); close_time need not be
        declinedAndRefused(US_FIRST, with(US_ROW, 0, "1674259260000500") + "\n", RejectCode.NOT_ON_MINUTE);
        declinedAndRefused(US_FIRST, with(US_ROW, 0, "1674259260001000") + "\n", RejectCode.NOT_ON_MINUTE);
        declinedAndRefused(MS_FIRST, with(ROW, 0, "1674259260001") + "\n", RejectCode.NOT_ON_MINUTE);
    }

    @Test
    void trades_that_are_empty_signed_or_longer_than_18_digits_are_left_to_the_field_by_field_reading() {
        for (String trades : new String[] {"", "-1", "+1", "1.0", "1000000000000000000", "9999999999999999999",
            "99999999999999999999"}) {
            declinedAndRefused(MS_FIRST, with(ROW, 8, trades) + "\n", RejectCode.BAD_NUMBER);
        }
    }

    @Test
    void rows_a_rule_refuses_are_left_to_the_field_by_field_reading_which_names_the_rule() {
        long before = DAY_START - 60_000;
        declinedAndRefused(MS_FIRST, before + ",1,1,1,1,1," + (before + 59_999) + ",1,1,1,1,0\n", RejectCode.OUT_OF_PERIOD);
        declinedAndRefused(MS_FIRST, DAY_END + ",1,1,1,1,1," + (DAY_END + 59_999) + ",1,1,1,1,0\n",
                RejectCode.OUT_OF_PERIOD);
        declinedAndRefused(MS_FIRST, with(ROW, 6, "1674259260000") + "\n", RejectCode.BAD_VALUE); // close = open
        declinedAndRefused(MS_FIRST, with(ROW, 6, "1674259259999") + "\n", RejectCode.BAD_VALUE); // close < open
        declinedAndRefused(MS_FIRST, with(ROW, 6, "1674259320000") + "\n", RejectCode.BAD_VALUE); // next minute
        declinedAndRefused(US_FIRST, with(US_ROW, 6, "1674259320000000") + "\n", RejectCode.BAD_VALUE);
        for (int column = 1; column <= 4; column++) {
            declinedAndRefused(MS_FIRST, with(ROW, column, "0") + "\n", RejectCode.BAD_VALUE);
            declinedAndRefused(MS_FIRST, with(ROW, column, "0.00000000") + "\n", RejectCode.BAD_VALUE);
        }
        declinedAndRefused(MS_FIRST, with(ROW, 2, "22658.25") + "\n", RejectCode.BAD_VALUE); // high < low
        declinedAndRefused(MS_FIRST, with(ROW, 1, "22658.25") + "\n", RejectCode.BAD_VALUE); // open < low
        declinedAndRefused(MS_FIRST, with(ROW, 1, "22697.01") + "\n", RejectCode.BAD_VALUE); // open > high
        declinedAndRefused(MS_FIRST, with(ROW, 4, "22658.25") + "\n", RejectCode.BAD_VALUE); // close < low
        declinedAndRefused(MS_FIRST, with(ROW, 4, "22697.01") + "\n", RejectCode.BAD_VALUE); // close > high
    }

    @Test
    void a_line_cut_short_by_the_end_of_the_batch_is_left_to_the_field_by_field_reading() {
        // at every place, with the batch filling its buffer and with more bytes after it in the buffer
        byte[] full = bytes(ROW + "\n");
        for (int cut = 1; cut < ROW.length() - 1; cut++) {
            for (byte[] b : new byte[][] {Arrays.copyOf(full, cut), full}) {
                KlineRowParser p = after(MS_FIRST, true);
                KlineColumns out = new KlineColumns(2);
                assertThat(p.fastLine(b, 0, cut, out)).as("cut at %d", cut).isEqualTo(-1);
                assertThat(out.size()).isZero();
                Outcome decided = outcome(p, b, cut);
                assertThat(decided.refusal()).as("cut at %d", cut)
                        .isEqualTo(outcome(after(MS_FIRST, false), b, cut).refusal()).isNotNull();
            }
        }
    }
}
