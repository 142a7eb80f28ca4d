package storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.DuckDb;

/**
 * What a merge stores and records, read back from the month's Parquet file (also by DuckDB) and offsets.json: the
 * edges of a replaced period, the counts per input file, the month and store totals, conflicts beyond the listed
 * ones, inputs with nothing to store, and recovery of pending commits that cannot be completed.
 */
class KlineStoreMergeTest {
    private static final YearMonth MONTH = YearMonth.of(2024, 3);
    private static final long T0 = Instant.parse("2024-03-05T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000L;
    private static final long MONTH_START = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();
    private static final long MONTH_END = Instant.parse("2024-04-01T00:00:00Z").toEpochMilli();
    private static final Instant NOW = Instant.parse("2026-01-01T12:34:56Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private KlineStore store() {
        return new KlineStore(dir, "BTCUSDT", CLOCK, CrashPoints.NONE);
    }

    /** Minutes {@code T0 + m} for each m, price {@code base + m}. */
    private static KlineColumns minutes(double base, int... ms) {
        KlineColumns c = new KlineColumns(ms.length);
        for (int m : ms) {
            long t = T0 + m * MINUTE;
            double p = base + m;
            c.add(t, p, p + 1, p - 1, p, 1.5, t + 59_999, p * 1.5, 10 + m, 0.5, p * 0.5);
        }
        return c;
    }

    private static long[] trim(KlineColumns c, long[] column) {
        return java.util.Arrays.copyOf(column, c.size());
    }

    private static double[] trim(KlineColumns c, double[] column) {
        return java.util.Arrays.copyOf(column, c.size());
    }

    private static int[] range(int from, int count) {
        return java.util.stream.IntStream.range(from, from + count).toArray();
    }

    private static MergeRequest request(String name, KlineColumns rows) {
        return new MergeRequest(name, "sha-" + name, "csv", MONTH, MONTH_START, MONTH_END, rows, false, "csv-" + name);
    }

    private static MergeRequest replace(String name, KlineColumns rows, int fromMinute, int toMinute) {
        return new MergeRequest(name, "sha-" + name, "archive", MONTH, T0 + fromMinute * MINUTE, T0 + toMinute * MINUTE,
                rows, true, null);
    }

    @Test
    void a_replaced_period_includes_its_first_minute_and_excludes_its_end() throws Exception {
        KlineStore store = store();
        store.merge(request("a.csv", minutes(100, range(0, 10))));
        // period [3, 7): minute 3 is no longer in the corrected file, 4 is unchanged, 5 and 6 changed, 7 is outside
        KlineColumns fix = minutes(100, 4);
        fix.add(T0 + 5 * MINUTE, 505, 506, 504, 505, 2, T0 + 5 * MINUTE + 59_999, 1010, 7, 1, 505);
        fix.add(T0 + 6 * MINUTE, 506, 507, 505, 506, 2, T0 + 6 * MINUTE + 59_999, 1012, 7, 1, 506);

        MergeResult r = store.merge(replace("fix.csv", fix, 3, 7));

        assertThat(r.added()).isZero();
        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(r.replaced()).isEqualTo(3);
        assertThat(r.monthRows()).isEqualTo(9);
        assertThat(r.monthFileWritten()).isTrue();
        KlineColumns back = KlineParquet.read(store.monthFile(MONTH));
        assertThat(trim(back, back.openTime)).containsExactly(T0, T0 + MINUTE, T0 + 2 * MINUTE, T0 + 4 * MINUTE, T0 + 5 * MINUTE,
                T0 + 6 * MINUTE, T0 + 7 * MINUTE, T0 + 8 * MINUTE, T0 + 9 * MINUTE);
        assertThat(trim(back, back.open)).containsExactly(100, 101, 102, 104, 505, 506, 107, 108, 109);
        assertThat(DuckDb.single("SELECT count(*) FROM " + DuckDb.parquet(store.monthFile(MONTH))
                + " WHERE open > 500")).isEqualTo(2L);
        Offsets.MonthEntry m = store.offsets().months().get("2024-03");
        assertThat(m.missingMinutes()).isEqualTo(1);
        assertThat(m.files().get(1)).satisfies(f -> {
            assertThat(f.name()).isEqualTo("fix.csv");
            assertThat(f.source()).isEqualTo("archive");
            assertThat(f.rows()).isEqualTo(3);
            assertThat(f.added()).isZero();
            assertThat(f.duplicates()).isEqualTo(1);
            assertThat(f.replaced()).isEqualTo(3);
            assertThat(f.csvSha256()).isNull();
        });
    }

    @Test
    void a_replacing_file_adds_minutes_before_and_after_the_stored_ones() throws IOException {
        KlineStore store = store();
        store.merge(request("a.csv", minutes(100, 5, 6)));

        MergeResult r = store.merge(replace("wide.csv", minutes(100, 2, 5, 6, 9), 0, 20));

        assertThat(r.added()).isEqualTo(2);
        assertThat(r.duplicates()).isEqualTo(2);
        assertThat(r.replaced()).isZero();
        KlineColumns read = KlineParquet.read(store.monthFile(MONTH));
        assertThat(java.util.Arrays.copyOf(read.openTime, read.size())).containsExactly(T0 + 2 * MINUTE, T0 + 5 * MINUTE, T0 + 6 * MINUTE, T0 + 9 * MINUTE);
        Offsets.MonthEntry m = store.offsets().months().get("2024-03");
        assertThat(m.firstOpenTime()).isEqualTo(Instant.ofEpochMilli(T0 + 2 * MINUTE));
        assertThat(m.lastOpenTime()).isEqualTo(Instant.ofEpochMilli(T0 + 9 * MINUTE));
        assertThat(m.missingMinutes()).isEqualTo(4);
    }

    @Test
    void a_merge_interleaves_new_minutes_with_stored_ones_on_both_sides() throws IOException {
        KlineStore store = store();
        store.merge(request("a.csv", minutes(100, 1, 3, 5)));

        MergeResult r = store.merge(request("b.csv", minutes(100, 0, 2, 3, 6, 7)));

        assertThat(r.added()).isEqualTo(4);
        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(r.rowsRead()).isEqualTo(5);
        KlineColumns back = KlineParquet.read(store.monthFile(MONTH));
        assertThat(trim(back, back.openTime)).containsExactly(T0, T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE, T0 + 5 * MINUTE,
                T0 + 6 * MINUTE, T0 + 7 * MINUTE);
        assertThat(trim(back, back.trades)).containsExactly(10, 11, 12, 13, 15, 16, 17);
    }

    @Test
    void offsets_json_records_each_file_the_month_and_the_store_totals() throws Exception {
        KlineStore store = store();
        store.merge(request("a.csv", minutes(100, 0, 1, 2, 5)));
        MergeRequest april = new MergeRequest("april.csv", "sha-april", "rest", YearMonth.of(2024, 4),
                MONTH_END, Instant.parse("2024-05-01T00:00:00Z").toEpochMilli(), aprilRows(), false, "csv-april");
        store.merge(april);

        Offsets o = store.offsets();
        assertThat(o.symbol()).isEqualTo("BTCUSDT");
        assertThat(o.rows()).isEqualTo(6);
        assertThat(o.firstOpenTime()).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(o.lastOpenTime()).isEqualTo(Instant.ofEpochMilli(MONTH_END + MINUTE));
        Offsets.MonthEntry march = o.months().get("2024-03");
        assertThat(march.file()).isEqualTo("2024-03.parquet");
        assertThat(march.rows()).isEqualTo(4);
        assertThat(march.missingMinutes()).isEqualTo(2);
        assertThat(march.lastOpenTime()).isEqualTo(Instant.ofEpochMilli(T0 + 5 * MINUTE));
        assertThat(march.files()).singleElement().isEqualTo(new Offsets.FileEntry("a.csv", "sha-a.csv", 4, 4, 0, 0,
                "csv", NOW, "csv-a.csv"));
        assertThat(o.months().get("2024-04").files().get(0).source()).isEqualTo("rest");
        assertThat(o.monthOfFile("sha-april")).isEqualTo("2024-04");
        assertThat(o.findFile("sha-a.csv").name()).isEqualTo("a.csv");
        assertThat(o.hasFileHash("sha-nothing")).isFalse();
        assertThat(DuckDb.single("SELECT count(*) FROM " + DuckDb.parquet(store.monthFile(YearMonth.of(2024, 4)))))
                .isEqualTo(2L);
    }

    private static KlineColumns aprilRows() {
        KlineColumns c = new KlineColumns(2);
        for (long t = MONTH_END; t <= MONTH_END + MINUTE; t += MINUTE) {
            c.add(t, 1, 2, 0.5, 1.5, 3, t + 59_999, 4.5, 2, 1, 1.5);
        }
        return c;
    }

    @Test
    void a_month_file_the_metadata_does_not_know_yet_is_merged_with_and_hashed() throws IOException {
        KlineStore store = store();
        Files.createDirectories(store.klinesDir());
        KlineParquet.write(store.monthFile(MONTH), minutes(100, range(0, 3)));

        MergeResult r = store.merge(request("a.csv", minutes(100, range(0, 3))));

        assertThat(r.monthFileWritten()).isFalse();
        assertThat(r.duplicates()).isEqualTo(3);
        Offsets.MonthEntry m = store.offsets().months().get("2024-03");
        assertThat(m.parquetSha256()).isEqualTo(Hashes.sha256(store.monthFile(MONTH)));
        assertThat(m.rows()).isEqualTo(3);
        assertThat(store.damage(MONTH)).isEmpty();
    }

    @Test
    void a_file_re_sent_under_its_name_replaces_its_entry_instead_of_adding_one() throws IOException {
        KlineStore store = store();
        store.merge(request("a.csv", minutes(100, range(0, 3))));
        store.merge(request("b.csv", minutes(100, range(3, 3))));

        store.merge(request("a.csv", minutes(100, range(0, 4))));

        assertThat(store.offsets().months().get("2024-03").files()).extracting(Offsets.FileEntry::name, Offsets.FileEntry::added)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b.csv", 3L), org.assertj.core.groups.Tuple.tuple("a.csv", 0L));
    }

    @Test
    void conflicts_beyond_the_twenty_listed_are_still_counted() throws IOException {
        KlineStore store = store();
        store.merge(request("a.csv", minutes(100, range(0, 30))));

        assertThatThrownBy(() -> store.merge(request("b.csv", minutes(900, range(0, 25)))))
                .isInstanceOfSatisfying(MergeConflictException.class, e -> {
                    assertThat(e.total()).isEqualTo(25);
                    assertThat(e.minutes()).hasSize(20).startsWith(T0).endsWith(T0 + 19 * MINUTE);
                    assertThat(e.getMessage()).startsWith("25 minute(s) differ").endsWith(", ...");
                });

        KlineColumns twice = minutes(100, range(0, 25));
        KlineColumns other = minutes(700, range(0, 25));
        for (int i = 0; i < other.size(); i++) {
            twice.addRow(other, i);
        }
        assertThatThrownBy(() -> store().merge(request("c.csv", twice)))
                .isInstanceOfSatisfying(MergeConflictException.class, e -> {
                    assertThat(e.withinFile()).isTrue();
                    assertThat(e.total()).isEqualTo(25);
                    assertThat(e.minutes()).hasSize(20).startsWith(T0).endsWith(T0 + 19 * MINUTE);
                });
        assertThat(KlineParquet.read(store.monthFile(MONTH)).open[0]).isEqualTo(100);
    }

    @Test
    void an_input_without_rows_is_refused_for_a_new_month_and_for_a_damaged_one() throws IOException {
        KlineStore store = store();
        assertThatThrownBy(() -> store.merge(request("empty.csv", new KlineColumns(0))))
                .isInstanceOf(IllegalStateException.class).hasMessage("nothing to store for empty.csv");
        assertThat(store.monthFile(MONTH)).doesNotExist();

        store.merge(request("a.csv", minutes(100, range(0, 3))));
        Files.delete(store.monthFile(MONTH));
        byte[] offsets = Files.readAllBytes(store.offsetsFile());
        assertThatThrownBy(() -> store.merge(request("empty.csv", new KlineColumns(0))))
                .isInstanceOf(IllegalStateException.class).hasMessage("nothing to store for empty.csv");
        assertThat(Files.readAllBytes(store.offsetsFile())).isEqualTo(offsets);
    }

    @Test
    void a_damaged_file_is_kept_aside_under_the_time_of_the_rebuild() throws IOException {
        KlineStore store = store();
        store.merge(request("a.csv", minutes(100, range(0, 3))));
        Files.write(store.monthFile(MONTH), new byte[] {1, 2, 3});

        MergeResult r = store.merge(request("b.csv", minutes(200, range(0, 2))));

        Path kept = dir.resolve("spot/BTCUSDT/damaged/2024-03.parquet.2026-01-01T123456Z").toAbsolutePath().normalize();
        assertThat(r.rebuild().keptAs()).isEqualTo(kept);
        assertThat(kept).hasBinaryContent(new byte[] {1, 2, 3});
        assertThat(r.rebuild().month()).isEqualTo("2024-03");
        assertThat(r.rowsRead()).isEqualTo(2);
        assertThat(r.replaced()).isZero();
        assertThat(r.monthFileWritten()).isTrue();
        assertThat(store.offsets().months().get("2024-03").files()).singleElement()
                .satisfies(f -> assertThat(f.added()).isEqualTo(2));
    }

    @Test
    void damaged_months_names_only_the_months_whose_file_is_missing_or_changed() throws IOException {
        KlineStore store = store();
        store.merge(request("a.csv", minutes(100, range(0, 3))));
        MergeRequest april = new MergeRequest("april.csv", "sha-april", "csv", YearMonth.of(2024, 4),
                MONTH_END, Instant.parse("2024-05-01T00:00:00Z").toEpochMilli(), aprilRows(), false);
        store.merge(april);
        assertThat(store.damagedMonths()).isEmpty();

        Files.delete(store.monthFile(YearMonth.of(2024, 4)));

        assertThat(store.damagedMonths()).containsOnlyKeys(YearMonth.of(2024, 4))
                .containsEntry(YearMonth.of(2024, 4), "2024-04.parquet is missing");
        assertThat(store.damage(MONTH)).isEmpty();
        assertThat(store.damage(YearMonth.of(2024, 5))).as("nothing recorded").isEmpty();
    }

    @Test
    void a_pending_commit_whose_month_file_is_not_the_new_one_is_rolled_back() throws IOException {
        KlineStore store = store();
        store.merge(request("a.csv", minutes(100, range(0, 3))));
        byte[] offsets = Files.readAllBytes(store.offsetsFile());
        Path pending = store.offsetsFile().resolveSibling("offsets.json.pending");

        Files.write(pending, PendingCommit.toBytes(new PendingCommit("2024-03", "f".repeat(64), store.offsets())));
        assertThat(store.recover()).containsExactly("rolled back interrupted commit of 2024-03");
        assertThat(pending).doesNotExist();

        Files.write(pending, PendingCommit.toBytes(new PendingCommit("2024-07", "f".repeat(64), store.offsets())));
        assertThat(store.recover()).containsExactly("rolled back interrupted commit of 2024-07");

        Files.writeString(pending, "{ torn");
        assertThat(store.recover()).containsExactly("rolled back interrupted commit");
        assertThat(pending).doesNotExist();
        assertThat(Files.readAllBytes(store.offsetsFile())).isEqualTo(offsets);
        assertThat(store.recover()).isEmpty();
    }

    @Test
    void the_store_lays_out_its_files_under_spot_and_the_symbol() {
        KlineStore store = store();
        Path root = dir.resolve("spot/BTCUSDT").toAbsolutePath().normalize();
        assertThat(store.symbol()).isEqualTo("BTCUSDT");
        assertThat(store.klinesDir()).isEqualTo(root.resolve("klines_1m"));
        assertThat(store.rawCsvDir()).isEqualTo(root.resolve("klines_1m/raw_csv"));
        assertThat(store.monthFile(MONTH)).isEqualTo(root.resolve("klines_1m/2024-03.parquet"));
        assertThat(store.offsetsFile()).isEqualTo(root.resolve("metadata/offsets.json"));
    }

    /** An I/O error once the month file is renamed in: the pending commit stays and recovery completes it. */
    @org.junit.jupiter.params.ParameterizedTest(name = "I/O error {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"after-month-rename", "after-offsets"})
    void a_commit_that_fails_after_the_month_rename_is_completed_by_recovery(String step) throws IOException {
        store().merge(request("a.csv", minutes(100, range(0, 3))));
        KlineStore failing = new KlineStore(dir, "BTCUSDT", CLOCK, new CrashPoints("fail:" + step));

        assertThatThrownBy(() -> failing.merge(request("b.csv", minutes(100, range(3, 2)))))
                .isInstanceOf(IOException.class).hasMessageContaining("injected I/O error at " + step);

        Path pending = failing.offsetsFile().resolveSibling("offsets.json.pending");
        assertThat(pending).exists();
        assertThat(KlineParquet.read(failing.monthFile(MONTH)).size()).isEqualTo(5);
        KlineStore store = store();
        assertThat(store.recover()).containsExactly("completed interrupted commit of 2024-03");
        assertThat(pending).doesNotExist();
        assertThat(store.offsets().months().get("2024-03").rows()).isEqualTo(5);
        assertThat(store.damage(MONTH)).isEmpty();
    }

    @Test
    void recovery_deletes_temp_files_in_the_metadata_folder_too() throws IOException {
        KlineStore store = store();
        store.merge(request("a.csv", minutes(100, range(0, 3))));
        Path tmp = Files.writeString(store.offsetsFile().resolveSibling("offsets.json" + AtomicFiles.TMP_MARKER + "1-2"),
                "{");

        assertThat(store.recover()).containsExactly("deleted temp file " + tmp.getFileName());
        assertThat(tmp).doesNotExist();
    }

    @Test
    void a_conflict_message_lists_every_minute_when_there_are_few() throws IOException {
        KlineStore store = store();
        store.merge(request("a.csv", minutes(100, range(0, 3))));
        assertThatThrownBy(() -> store.merge(request("b.csv", minutes(900, 1, 2))))
                .isInstanceOfSatisfying(MergeConflictException.class, e -> {
                    assertThat(e.minutes()).containsExactly(T0 + MINUTE, T0 + 2 * MINUTE);
                    assertThat(e.getMessage()).endsWith("2024-03-05T00:01:00Z, 2024-03-05T00:02:00Z");
                });
    }

    @Test
    void probing_a_store_creates_its_metadata_folder_and_fails_where_the_lock_cannot_be_opened() throws IOException {
        KlineStore store = store();
        store.probeWritable();
        assertThat(store.offsetsFile().getParent()).isDirectory();

        KlineStore denied = new KlineStore(dir, "BTCUSDT", CLOCK, CrashPoints.NONE, lock -> {
            throw new java.nio.file.AccessDeniedException(lock.toString());
        });
        assertThatThrownBy(denied::probeWritable).isInstanceOfSatisfying(StoreNotWritableException.class,
                e -> assertThat(e.root()).isEqualTo(dir.resolve("spot/BTCUSDT").toAbsolutePath().normalize()));
    }

    @Test
    void an_empty_month_file_is_written_and_read_back_empty() throws IOException {
        Path file = dir.resolve("empty.parquet");
        KlineParquet.write(file, new KlineColumns(0));
        assertThat(KlineParquet.read(file).size()).isZero();
        assertThat(DuckDb.single("SELECT count(*) FROM " + DuckDb.parquet(file))).isEqualTo(0L);
    }
}
