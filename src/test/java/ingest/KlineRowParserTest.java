package ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import storage.KlineColumns;

class KlineRowParserTest {
    private static final String FILE = "BTCUSDT-1m-2023-01-21.csv";
    private static final long DAY_START = Instant.parse("2023-01-21T00:00:00Z").toEpochMilli();
    private static final long DAY_END = Instant.parse("2023-01-22T00:00:00Z").toEpochMilli();
    /** First two real rows of the fixture day. */
    private static final String ROW1 = "1674259200000,22666.00000000,22692.66000000,22658.71000000,22685.44000000,"
            + "338.71242000,1674259259999,7680391.66219380,7236,177.18389000,4017824.52651240,0";
    private static final String ROW2 = "1674259260000,22683.56000000,22697.00000000,22658.26000000,22663.67000000,"
            + "266.28494000,1674259319999,6038566.18089150,6360,116.56710000,2643538.78188070,0";

    private static KlineColumns parse(String csv) {
        KlineRowParser p = new KlineRowParser(FILE, DAY_START, DAY_END);
        KlineColumns out = new KlineColumns(4);
        byte[] b = csv.getBytes(StandardCharsets.UTF_8);
        p.parse(new LineBatch(b, b.length, 1, 0), out);
        return out;
    }

    private static Rejection refusal(String csv) {
        try {
            parse(csv);
        } catch (IngestRejectedException e) {
            return e.rejection();
        }
        throw new AssertionError("expected a refusal for: " + csv);
    }

    /** Replaces column {@code index} (0-based) of ROW2 with {@code value}. */
    private static String row2With(int index, String value) {
        String[] f = ROW2.split(",", -1);
        f[index] = value;
        return String.join(",", f);
    }

    @Test
    void parses_real_rows_exactly() {
        KlineColumns c = parse(ROW1 + "\n" + ROW2 + "\n");
        assertThat(c.size()).isEqualTo(2);
        assertThat(c.openTime[0]).isEqualTo(1674259200000L);
        assertThat(c.open[0]).isEqualTo(22666.0);
        assertThat(c.high[0]).isEqualTo(22692.66);
        assertThat(c.low[0]).isEqualTo(22658.71);
        assertThat(c.close[0]).isEqualTo(22685.44);
        assertThat(c.volume[0]).isEqualTo(338.71242);
        assertThat(c.closeTime[0]).isEqualTo(1674259259999L);
        assertThat(c.quoteVolume[0]).isEqualTo(7680391.6621938);
        assertThat(c.trades[0]).isEqualTo(7236);
        assertThat(c.takerBase[0]).isEqualTo(177.18389);
        assertThat(c.takerQuote[0]).isEqualTo(4017824.5265124);
    }

    @Test
    void microsecond_rows_are_stored_like_millisecond_rows() {
        String micros = ROW1.replace("1674259200000,", "1674259200000000,").replace("1674259259999,", "1674259259999000,");
        KlineColumns ms = parse(ROW1);
        KlineColumns us = parse(micros);
        assertThat(us.sameRow(0, ms, 0)).isTrue();
    }

    @Test
    void skips_a_futures_style_header_and_crlf_line_ends() {
        String header = "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,"
                + "taker_buy_quote_volume,ignore";
        KlineColumns c = parse(header + "\r\n" + ROW1 + "\r\n" + ROW2 + "\r\n");
        assertThat(c.size()).isEqualTo(2);
        assertThat(c.takerQuote[1]).isEqualTo(2643538.7818807);
    }

    @Test
    void names_line_and_field_of_the_first_bad_row() {
        Rejection r = refusal(ROW1 + "\n" + row2With(4, "0x1A"));
        assertThat(r.code()).isEqualTo(RejectCode.BAD_NUMBER);
        assertThat(r.file()).isEqualTo(FILE);
        assertThat(r.line()).isEqualTo(2);
        assertThat(r.field()).isEqualTo("close");
        assertThat(r.describe()).contains("BTCUSDT-1m-2023-01-21.csv:2", "close", "0x1A");
    }

    @ParameterizedTest(name = "[{index}] column {0} = ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', value = {
        "1|NaN|BAD_NUMBER|open",
        "2|Infinity|BAD_NUMBER|high",
        "3|-Infinity|BAD_NUMBER|low",
        "4|1.5d|BAD_NUMBER|close",
        "5|1e3|BAD_NUMBER|volume",
        "5|abc|BAD_NUMBER|volume",
        "7|0x10|BAD_NUMBER|quote_asset_volume",
        "8|12.5|BAD_NUMBER|trades",
        "1|-22683.56|BAD_VALUE|open",
        "1|0|BAD_VALUE|open",
        "5|-1.0|BAD_VALUE|volume",
        "2|22600.00|BAD_VALUE|high",
        "1|22700.00|BAD_VALUE|open",
        "4|22600.00|BAD_VALUE|close",
        "0|1674259261000|NOT_ON_MINUTE|open_time",
        "0|167425926000|BAD_TIME_UNIT|open_time",
        "0|1674345600000|OUT_OF_PERIOD|open_time",
        "0|1674172800000|OUT_OF_PERIOD|open_time",
        "6|1674259260000|BAD_VALUE|close_time",
        "6|1674259320000|BAD_VALUE|close_time",
        "6|1674259319999000|MIXED_TIME_UNITS|close_time"})
    void refuses_bad_fields(int column, String value, RejectCode code, String field) {
        Rejection r = refusal(ROW1 + "\n" + row2With(column, value) + "\n");
        assertThat(r.code()).isEqualTo(code);
        assertThat(r.line()).isEqualTo(2);
        assertThat(r.field()).isEqualTo(field);
    }

    /**
     * The prices before {@code column} are 1.0, it and the ones after 0: with all four zero (or only the close) no
     * [low, high] rule refuses the row, so only "price > 0" does; and it names the zero field, not a later rule's.
     */
    @ParameterizedTest(name = "[{index}] {1} = 0 -> BAD_VALUE {1}")
    @CsvSource({"1,open", "2,high", "3,low", "4,close"})
    void refuses_a_zero_price_naming_its_field(int column, String field) {
        String[] f = ROW2.split(",", -1);
        for (int c = 1; c <= 4; c++) {
            f[c] = c < column ? "1.00000000" : "0.00000000";
        }
        String row = String.join(",", f);
        Rejection r = refusal(ROW1 + "\n" + row + "\n");
        assertThat(r.code()).isEqualTo(RejectCode.BAD_VALUE);
        assertThat(r.field()).isEqualTo(field);
        assertThat(r.line()).isEqualTo(2);
        assertThat(r.message()).contains(field + " must be > 0");
    }

    @Test
    void takes_rows_on_every_edge_of_the_rules() {
        String[] flat = ROW2.split(",", -1);
        flat[1] = flat[2] = flat[3] = flat[4] = "22683.56"; // open = high = low = close
        flat[5] = flat[7] = flat[9] = flat[10] = "0";       // no volume at all
        flat[8] = "0";
        String[] lowOpenHighClose = ROW1.split(",", -1);
        lowOpenHighClose[3] = lowOpenHighClose[1];            // low = open
        lowOpenHighClose[2] = lowOpenHighClose[4];            // high = close
        lowOpenHighClose[6] = "1674259200001";                // close_time 1 ms after open_time
        String lastMinute = row2With(0, "1674345540000").replace("1674259319999", "1674345599999");
        KlineColumns c = parse(String.join(",", lowOpenHighClose) + "\n" + String.join(",", flat) + "\n" + lastMinute + "\n");
        assertThat(c.size()).isEqualTo(3);
        assertThat(c.closeTime[0]).isEqualTo(1674259200001L);
        assertThat(c.high[1]).isEqualTo(c.low[1]);
        assertThat(c.volume[1]).isZero();
        assertThat(c.openTime[2]).isEqualTo(DAY_END - 60_000);
    }

    @ParameterizedTest(name = "[{index}] column {0} = ''{1}'' -> {2} {3}")
    @CsvSource(delimiter = '|', value = {
        "6|1674259260000|BAD_VALUE|close_time",     // close_time = open_time
        "5|-0|BAD_VALUE|volume",                    // a negative zero is still negative
        "9|-0.0|BAD_VALUE|taker_buy_base_volume"})
    void refuses_values_just_past_the_edges(int column, String value, RejectCode code, String field) {
        Rejection r = refusal(ROW1 + "\n" + row2With(column, value) + "\n");
        assertThat(r.code()).isEqualTo(code);
        assertThat(r.field()).isEqualTo(field);
    }

    @Test
    void refuses_wrong_column_counts() {
        assertThat(refusal(ROW1 + ",0").code()).isEqualTo(RejectCode.COLUMN_COUNT);
        Rejection r = refusal(ROW1 + "\n" + ROW2.substring(0, ROW2.lastIndexOf(',')));
        assertThat(r.code()).isEqualTo(RejectCode.COLUMN_COUNT);
        assertThat(r.line()).isEqualTo(2);
        assertThat(r.message()).contains("found 11");
    }

    @Test
    void refuses_mixed_ms_and_us_rows() {
        String micros = ROW2.replace("1674259260000,", "1674259260000000,").replace("1674259319999,", "1674259319999000,");
        Rejection r = refusal(ROW1 + "\n" + micros);
        assertThat(r.code()).isEqualTo(RejectCode.MIXED_TIME_UNITS);
        assertThat(r.line()).isEqualTo(2);
        assertThat(r.field()).isEqualTo("open_time");
    }

    @Test
    void refuses_a_header_that_is_not_binances() {
        assertThatThrownBy(() -> parse("time,o,h,l,c,v,ct,qv,n,tb,tq,i\n" + ROW1))
                .isInstanceOf(IngestRejectedException.class)
                .hasMessageContaining(":1");
    }

    @ParameterizedTest(name = "[{index}] ignore = ''{0}'' is taken")
    @CsvSource(delimiter = '|', value = {"0", "''", "1", "0.0", "12345678901234567890", "1234567890.123456789"})
    void takes_an_empty_or_short_unsigned_decimal_in_the_ignore_column(String value) {
        assertThat(parse(ROW1 + "\n" + row2With(11, value) + "\n").size()).isEqualTo(2);
    }

    @ParameterizedTest(name = "[{index}] ignore = ''{0}'' is refused")
    @CsvSource(delimiter = '|', value = {"abc", "-1", "1e5", "0x1", "' 0'", "NaN", "1.", "123456789012345678901",
        "0000000000000000000000000000000000000000"})
    void refuses_anything_else_in_the_ignore_column(String value) {
        Rejection r = refusal(ROW1 + "\n" + row2With(11, value) + "\n");
        assertThat(r.code()).isEqualTo(RejectCode.BAD_VALUE);
        assertThat(r.line()).isEqualTo(2);
        assertThat(r.field()).isEqualTo("ignore");
        assertThat(r.message()).contains("Binance writes 0");
    }

    @Test
    void a_last_line_without_newline_and_blank_lines_anywhere_are_read() {
        KlineColumns c = parse(ROW1 + "\n" + ROW2); // the batch ends with the row: no byte after it
        assertThat(c.size()).isEqualTo(2);
        assertThat(parse("\n" + ROW1 + "\n").size()).isEqualTo(1);
        assertThat(parse("\r\n" + ROW1 + "\r\n\r\n" + ROW2).size()).isEqualTo(2);
        assertThat(refusal("\n\n" + row2With(4, "x")).line()).as("blank lines still count").isEqualTo(3);
    }

    @Test
    void one_column_too_many_is_a_column_count_refusal() {
        Rejection r = refusal(ROW1 + ",0");
        assertThat(r.code()).isEqualTo(RejectCode.COLUMN_COUNT);
        assertThat(r.message()).isEqualTo("expected 12 columns, found 13");
        assertThat(refusal(ROW1 + ",0,0,0").message()).isEqualTo("expected 12 columns, found 15");
    }

    @Test
    void a_header_is_recognised_in_any_case_on_the_first_line_only() {
        String upper = "OPEN_TIME,OPEN,HIGH,LOW,CLOSE,VOLUME,CLOSE_TIME,QUOTE_VOLUME,COUNT,TAKER_BUY_VOLUME,"
                + "TAKER_BUY_QUOTE_VOLUME,IGNORE";
        assertThat(parse(upper + "\n" + ROW1 + "\n").size()).isEqualTo(1);
        assertThat(parse("open_time,\n" + ROW1 + "\n").size()).as("the shortest header").isEqualTo(1);
        Rejection second = refusal(ROW1 + "\nopen_time,open,high,low,close,volume,close_time,a,b,c,d,e\n");
        assertThat(second.line()).isEqualTo(2);
        assertThat(refusal("open_time\n" + ROW1).line()).as("no comma: not a header").isEqualTo(1);
    }

    @Test
    void microsecond_times_are_kept_in_milliseconds_and_must_open_on_a_minute() {
        String us1 = ROW1.replace("1674259200000,", "1674259200000000,").replace(",1674259259999,", ",1674259259999999,");
        KlineRowParser p = new KlineRowParser(FILE, DAY_START, DAY_END);
        KlineColumns out = new KlineColumns(4);
        byte[] b = (us1 + "\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(p.timeUnit()).isEqualTo("none");
        p.parse(new LineBatch(b, b.length, 1, 0), out);
        assertThat(out.openTime[0]).isEqualTo(DAY_START);
        assertThat(out.closeTime[0]).isEqualTo(DAY_START + 59_999);
        assertThat(p.timeUnit()).isEqualTo("us");
        assertThat(p.dataRows()).isEqualTo(1);

        Rejection notOnMinute = refusal(us1.replace("1674259200000000,", "1674259200000001,"));
        assertThat(notOnMinute.code()).isEqualTo(RejectCode.NOT_ON_MINUTE);
        assertThat(notOnMinute.field()).isEqualTo("open_time");
        KlineRowParser ms = new KlineRowParser(FILE, DAY_START, DAY_END);
        byte[] m = (ROW1 + "\n" + ROW2 + "\n").getBytes(StandardCharsets.US_ASCII);
        ms.parse(new LineBatch(m, m.length, 1, 0), new KlineColumns(4));
        assertThat(ms.timeUnit()).isEqualTo("ms");
        assertThat(ms.dataRows()).isEqualTo(2);
    }

    @Test
    void a_quoted_field_is_cut_at_40_bytes_and_its_length_given() {
        String forty = "9".repeat(39) + "x";
        assertThat(refusal(row2With(5, forty)).message()).endsWith("'" + forty + "'");
        String fortyOne = forty + "y";
        assertThat(refusal(row2With(5, fortyOne)).message()).endsWith("'" + forty + "...' (41 bytes)");
    }

    private static Rejection exportRefusal(String csv) {
        KlineRowParser p = new KlineRowParser(FILE, DAY_START, DAY_END, true);
        byte[] b = csv.getBytes(StandardCharsets.US_ASCII);
        try {
            p.parse(new LineBatch(b, b.length, 1, 0), new KlineColumns(2));
        } catch (IngestRejectedException e) {
            return e.rejection();
        }
        throw new AssertionError("expected a refusal for: " + csv);
    }

    @Test
    void an_export_header_after_blank_lines_and_a_wrong_one_quoted_with_its_length_past_40_bytes() {
        String row = "2023-01-21T00:00:00Z,1,1,1,1,1,2023-01-21T00:00:59.999Z,1,1,1,1\n";
        KlineRowParser p = new KlineRowParser(FILE, DAY_START, DAY_END, true);
        assertThat(p.timeUnit()).isEqualTo("none");
        byte[] b = ("\r\n\n" + KlineRowParser.EXPORT_HEADER + "\n" + row).getBytes(StandardCharsets.US_ASCII);
        KlineColumns out = new KlineColumns(2);
        p.parse(new LineBatch(b, b.length, 1, 0), out);
        assertThat(out.size()).isEqualTo(1);
        assertThat(p.timeUnit()).isEqualTo("iso");
        KlineRowParser headerOnly = new KlineRowParser(FILE, DAY_START, DAY_END, true);
        byte[] h = (KlineRowParser.EXPORT_HEADER + "\n").getBytes(StandardCharsets.US_ASCII);
        headerOnly.parse(new LineBatch(h, h.length, 1, 0), new KlineColumns(2));
        assertThat(headerOnly.timeUnit()).isEqualTo("none");
        // a wrong header of 40 bytes is quoted whole; of 41, cut at 40 and its length given; also after a blank line
        String forty = "x".repeat(40);
        for (String lead : new String[] {"", "\n"}) {
            assertThat(exportRefusal(lead + forty + "\n" + row).message()).endsWith(", found '" + forty + "'");
            assertThat(exportRefusal(lead + forty + "y\n" + row).message()).endsWith(", found '" + forty + "...' (41 bytes)");
        }
    }
}
