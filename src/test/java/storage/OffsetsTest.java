package storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** offsets.json's model: store totals over the months whatever order they come in, file lists, look-ups by hash. */
class OffsetsTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static Offsets.FileEntry file(String name, String sha) {
        return new Offsets.FileEntry(name, sha, 10, 10, 0, 0, "csv", NOW, null);
    }

    private static Offsets.MonthEntry month(String first, String last, long rows, Offsets.FileEntry... files) {
        return new Offsets.MonthEntry("m.parquet", first == null ? null : Instant.parse(first),
                last == null ? null : Instant.parse(last), rows, 0, "sha", List.of(files));
    }

    @Test
    void totals_span_the_earliest_first_and_latest_last_minute_whatever_the_order_months_are_added() {
        Offsets o = Offsets.empty("ETHUSDT")
                .withMonth("2024-03", month("2024-03-01T00:00:00Z", "2024-03-31T23:59:00Z", 30))
                .withMonth("2024-01", month("2024-01-05T00:00:00Z", "2024-01-31T23:59:00Z", 10))
                .withMonth("2024-02", month("2024-02-01T00:00:00Z", "2024-02-29T23:59:00Z", 20));

        assertThat(o.rows()).isEqualTo(60);
        assertThat(o.firstOpenTime()).isEqualTo(Instant.parse("2024-01-05T00:00:00Z"));
        assertThat(o.lastOpenTime()).isEqualTo(Instant.parse("2024-03-31T23:59:00Z"));
        assertThat(o.months()).containsOnlyKeys("2024-01", "2024-02", "2024-03");
        assertThat(o.symbol()).isEqualTo("ETHUSDT");
        assertThat(o.interval()).isEqualTo("1m");
        assertThat(o.formatVersion()).isEqualTo(Offsets.FORMAT_VERSION);

        Offsets replaced = o.withMonth("2024-01", month("2024-01-20T00:00:00Z", "2024-01-21T00:00:00Z", 5));
        assertThat(replaced.rows()).isEqualTo(55);
        assertThat(replaced.firstOpenTime()).isEqualTo(Instant.parse("2024-01-20T00:00:00Z"));
        assertThat(replaced.lastOpenTime()).isEqualTo(Instant.parse("2024-03-31T23:59:00Z"));
        assertThat(o.rows()).as("unchanged").isEqualTo(60);
    }

    @Test
    void a_month_without_rows_counts_for_nothing() {
        Offsets o = Offsets.empty("BTCUSDT")
                .withMonth("2024-02", month("2024-02-01T00:00:00Z", "2024-02-29T23:59:00Z", 20))
                .withMonth("2024-03", month(null, null, 0));

        assertThat(o.rows()).isEqualTo(20);
        assertThat(o.firstOpenTime()).isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
        assertThat(o.lastOpenTime()).isEqualTo(Instant.parse("2024-02-29T23:59:00Z"));

        Offsets empty = Offsets.empty("BTCUSDT").withMonth("2024-03", month(null, null, 0));
        assertThat(empty.rows()).isZero();
        assertThat(empty.firstOpenTime()).isNull();
        assertThat(empty.lastOpenTime()).isNull();
    }

    @Test
    void files_are_found_by_hash_in_any_month() {
        Offsets o = Offsets.empty("BTCUSDT")
                .withMonth("2024-01", month("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", 1, file("a", "sha-a")))
                .withMonth("2024-02", month("2024-02-01T00:00:00Z", "2024-02-02T00:00:00Z", 1, file("b", "sha-b"),
                        file("c", "sha-c")));

        assertThat(o.findFile("sha-c").name()).isEqualTo("c");
        assertThat(o.findFile("sha-a").name()).isEqualTo("a");
        assertThat(o.findFile("sha-x")).isNull();
        assertThat(o.hasFileHash("sha-b")).isTrue();
        assertThat(o.hasFileHash("sha-x")).isFalse();
        assertThat(o.monthOfFile("sha-c")).isEqualTo("2024-02");
        assertThat(o.monthOfFile("sha-a")).isEqualTo("2024-01");
        assertThat(o.monthOfFile("sha-x")).isNull();
    }

    @Test
    void with_file_appends_or_replaces_the_entry_of_the_same_name() {
        Offsets.MonthEntry m = month("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", 1, file("a", "1"), file("b", "2"));

        assertThat(Offsets.withFile(m, file("a", "3"))).extracting(Offsets.FileEntry::sha256).containsExactly("2", "3");
        assertThat(Offsets.withFile(m, file("c", "4"))).extracting(Offsets.FileEntry::sha256)
                .containsExactly("1", "2", "4");
        assertThat(Offsets.withFile(null, file("c", "4"))).extracting(Offsets.FileEntry::sha256).containsExactly("4");
    }

    @Test
    void months_and_file_lists_are_immutable_copies() {
        TreeMap<String, Offsets.MonthEntry> months = new TreeMap<>();
        Offsets o = new Offsets(1, "BTCUSDT", "1m", null, null, 0, months);
        months.put("2024-01", month(null, null, 0));
        assertThat(o.months()).isEmpty();
        assertThatThrownBy(() -> o.months().put("x", month(null, null, 0)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(new Offsets(1, "BTCUSDT", "1m", null, null, 0, null).months()).isEmpty();
        assertThat(new Offsets.MonthEntry("m", null, null, 0, 0, "s", null).files()).isEmpty();
    }
}
