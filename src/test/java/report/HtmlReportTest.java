package report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    private static final String NOTE = "manual <script>alert('x')</script> & co";
    private static ReportData data;
    private static String html;

    @BeforeAll
    static void renderTwoMonthsOfMinutes() {
        data = SyntheticReport.build(NOTE);
        html = HtmlReport.render(data);
    }

    @Test
    void synthetic_series_is_two_months_of_minutes() {
        assertThat(data.size()).isEqualTo(87_840);
    }

    @Test
    void page_references_nothing_outside_itself() {
        assertThat(html).doesNotContainIgnoringCase("http://").doesNotContainIgnoringCase("https://")
                .doesNotContainIgnoringCase("src=").doesNotContainIgnoringCase("href=")
                .doesNotContainIgnoringCase("@import").doesNotContainIgnoringCase("url(")
                .doesNotContainIgnoringCase("fetch(").doesNotContainIgnoringCase("XMLHttpRequest")
                .doesNotContainIgnoringCase("import(");
        assertThat(count("<script")).as("one inline script, no src").isEqualTo(1);
        assertThat(html).contains("<script>\n" + ReportScript.JS + "</script>\n</body>");
    }

    @Test
    void each_chart_has_a_zoomable_plot_and_named_series_for_the_script() {
        assertThat(count("<svg class=\"plot\" x=\"86\" y=\"34\" width=\"1094\"")).isEqualTo(4);
        assertThat(count("preserveAspectRatio=\"none\"")).isEqualTo(4);
        assertThat(html).contains("id=\"chart-equity\" viewBox=\"0 0 1200 320\" role=\"img\" aria-labelledby="
                + "\"chart-equity-title\" data-t0=\"" + data.ts()[0] + "\" data-t1=\"" + data.ts()[data.size() - 1] + "\"");
        assertThat(html).contains("data-name=\"Strategy\"", "data-name=\"Buy and hold\"", "data-name=\"Close\"",
                "data-name=\"ema_fast (720)\"", "data-name=\"Drawdown\"", "data-unit=\"%\"");
        // every series and marker is inside a plot; legends are not
        Matcher plot = Pattern.compile("<svg class=\"plot\"[^>]*>(.*?)</svg>", Pattern.DOTALL).matcher(html);
        int series = 0;
        int markers = 0;
        while (plot.find()) {
            assertThat(plot.group(1)).doesNotContain("class=\"legend\"");
            series += (int) Pattern.compile("class=\"(series|area)\"").matcher(plot.group(1)).results().count();
            markers += (int) Pattern.compile("class=\"marker ").matcher(plot.group(1)).results().count();
        }
        assertThat(series).isEqualTo(6);
        assertThat(markers).isEqualTo(data.markers().size());
    }

    @Test
    void contains_the_four_titled_charts() {
        assertThat(count("<svg class=\"chart\"")).isEqualTo(4);
        assertThat(html).contains("<title id=\"chart-equity-title\">Equity vs buy and hold</title>",
                "<title id=\"chart-drawdown-title\">Drawdown (%)</title>",
                "<title id=\"chart-price-title\">Price, indicators and trades</title>",
                "<title id=\"chart-trades-title\">Return per trade (%), at exit time</title>");
        assertThat(html).contains(">Strategy</text>", ">Buy and hold</text>", ">ema_fast (720)</text>",
                ">ema_slow (2880)</text>", ">Jan 8</text>", ">Feb 26</text>");
    }

    @Test
    void draws_one_marker_per_fill_and_one_bar_per_closed_trade() {
        assertThat(count("class=\"marker buy\"")).isEqualTo(SyntheticReport.ROUND_TRIPS.length);
        assertThat(count("class=\"marker sell\"")).isEqualTo(SyntheticReport.ROUND_TRIPS.length);
        assertThat(count("class=\"marker ")).isEqualTo(data.markers().size());
        assertThat(count("<rect class=\"bar\"")).isEqualTo(data.trades().size());
        Matcher held = Pattern.compile("<g class=\"held\">(.*?)</g>").matcher(html);
        assertThat(held.find()).isTrue();
        assertThat(held.group(1).split("<rect ").length - 1).isEqualTo(data.trades().size());
    }

    @Test
    void long_series_are_downsampled_to_about_two_thousand_points_per_line() {
        Matcher paths = Pattern.compile("<path class=\"series\"[^>]* d=\"([^\"]*)\"").matcher(html);
        int lines = 0;
        while (paths.find()) {
            int points = paths.group(1).split("[ML]").length - 1;
            assertThat(points).isBetween(1_000, 2_002);
            lines++;
        }
        assertThat(lines).isEqualTo(5); // equity, buy and hold, close, two EMAs
    }

    @Test
    void tables_list_every_metric_and_trade() {
        for (MetricRow m : data.metrics()) {
            assertThat(html).contains("<tr><th>" + m.label() + "</th><td class=\"num\">" + m.value() + "</td>");
        }
        assertThat(html).contains("<h2>Trades (6)</h2>");
        assertThat(count("<tr><td>")).isEqualTo(data.trades().size());
        TradeRow first = data.trades().get(0);
        assertThat(html).contains("<td>" + HtmlText.utc(first.entryTs()) + "</td><td>" + HtmlText.utc(first.exitTs()));
    }

    @Test
    void escapes_text_from_the_data() {
        assertThat(html).doesNotContain(NOTE)
                .contains("manual &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co");
    }

    @Test
    void same_data_gives_identical_bytes() {
        assertThat(HtmlReport.render(SyntheticReport.build(NOTE))).isEqualTo(html);
    }

    @Test
    void stays_small_enough_to_open_and_mail(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run/report.html");
        HtmlReport.write(file, data);
        assertThat(Files.size(file)).isLessThan(2_000_000);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(html);
    }

    @Test
    void renders_an_empty_run_without_failing() {
        ReportData empty = new ReportData("empty", null, new long[0], new double[0], new double[0], new double[0],
                new double[0], null, null, null, null);
        String page = HtmlReport.render(empty);
        assertThat(page).contains("No trades.", "no closed trades");
        assertThat(Pattern.compile("<svg class=\"chart\"").matcher(page).results().count()).isEqualTo(4);
    }

    @Test
    void open_trade_shows_as_open() {
        ReportData d = new ReportData("t", "", new long[] {0, 60_000}, new double[] {1, 2}, new double[] {1, 2},
                new double[] {1, 2}, new double[] {0, 0}, null,
                List.of(new TradeMarker(0, TradeMarker.Side.BUY, 1, 1, "")), List.of(),
                List.of(new TradeRow(0, Long.MIN_VALUE, "LONG", 1, 1, Double.NaN, 1, 100, 0)));
        assertThat(HtmlReport.render(d)).contains("<td>open</td>").contains("<td class=\"num\">–</td>");
    }

    private static long count(String needle) {
        return Pattern.compile(Pattern.quote(needle)).matcher(html).results().count();
    }
}
