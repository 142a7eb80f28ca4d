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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class KlineStoreTest {
    private static final YearMonth MONTH = YearMonth.of(2024, 3);
    private static final long T0 = Instant.parse("2024-03-05T00:00:00Z").toEpochMilli();
    private static final long MONTH_START = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();
    private static final long MONTH_END = Instant.parse("2024-04-01T00:00:00Z").toEpochMilli();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private KlineStore store() {
        return new KlineStore(dir, "BTCUSDT", CLOCK, CrashPoints.NONE);
    }

    /** Minutes [from, from+count) starting at T0, price {@code base + minute}. */
    private static KlineColumns rows(int from, int count, double base) {
        KlineColumns c = new KlineColumns(count);
        for (int i = from; i < from + count; i++) {
            long t = T0 + i * 60_000L;
            double p = base + i;
            c.add(t, p, p + 1, p - 1, p, 1.5, t + 59_999, p * 1.5, 10, 0.5, p * 0.5);
        }
        return c;
    }

    private static MergeRequest request(String name, KlineColumns rows, boolean replace) {
        return new MergeRequest(name, Hashes.sha256(name.getBytes()), "csv", MONTH, MONTH_START, MONTH_END, rows, replace);
    }

    @Test
    void merges_sorted_unique_rows_and_records_the_file() throws IOException {
        KlineStore store = store();
        MergeResult r = store.merge(request("a.csv", rows(0, 10, 100), false));
        assertThat(r.added()).isEqualTo(10);
        MergeResult r2 = store.merge(request("b.csv", rows(5, 10, 100), false));
        assertThat(r2.added()).isEqualTo(5);
        assertThat(r2.duplicates()).isEqualTo(5);
        assertThat(r2.monthRows()).isEqualTo(15);

        KlineColumns back = KlineParquet.read(store.monthFile(MONTH));
        assertThat(back.size()).isEqualTo(15);
        assertThat(back.isSortedStrict()).isTrue();
        Offsets o = store.offsets();
        Offsets.MonthEntry m = o.months().get("2024-03");
        assertThat(m.rows()).isEqualTo(15);
        assertThat(m.files()).extracting(Offsets.FileEntry::name).containsExactly("a.csv", "b.csv");
        assertThat(m.parquetSha256()).isEqualTo(Hashes.sha256(store.monthFile(MONTH)));
        assertThat(m.firstOpenTime()).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(o.rows()).isEqualTo(15);
    }

    @Test
    void drops_identical_duplicates_inside_a_file_and_counts_them() throws IOException {
        KlineColumns in = rows(0, 5, 100);
        for (int i = 0; i < 3; i++) {
            in.addRow(in, i);
        }
        MergeResult r = store().merge(request("a.csv", in, false));
        assertThat(r.rowsRead()).isEqualTo(8);
        assertThat(r.added()).isEqualTo(5);
        assertThat(r.duplicates()).isEqualTo(3);
    }

    @Test
    void refuses_conflicting_minutes_and_leaves_the_store_untouched() throws IOException {
        KlineStore store = store();
        store.merge(request("a.csv", rows(0, 10, 100), false));
        byte[] month = Files.readAllBytes(store.monthFile(MONTH));
        byte[] offsets = Files.readAllBytes(store.offsetsFile());

        assertThatThrownBy(() -> store.merge(request("b.csv", rows(8, 5, 200), false)))
                .isInstanceOfSatisfying(MergeConflictException.class, e -> {
                    assertThat(e.withinFile()).isFalse();
                    assertThat(e.total()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("2024-03-05T00:08:00Z", "2024-03-05T00:09:00Z", "--replace");
                });
        assertThat(Files.readAllBytes(store.monthFile(MONTH))).isEqualTo(month);
        assertThat(Files.readAllBytes(store.offsetsFile())).isEqualTo(offsets);
    }

    @Test
    void refuses_a_file_that_contradicts_itself() {
        KlineColumns in = rows(0, 3, 100);
        in.add(in.openTime[1], 1, 2, 0.5, 1, 1, in.closeTime[1], 1, 1, 0, 0);
        assertThatThrownBy(() -> store().merge(request("a.csv", in, false)))
                .isInstanceOfSatisfying(MergeConflictException.class, e -> assertThat(e.withinFile()).isTrue());
    }

    @Test
    void replace_swaps_the_files_period_and_keeps_other_rows() throws IOException {
        KlineStore store = store();
        store.merge(request("a.csv", rows(0, 10, 100), false));
        // a corrected file for a period covering minutes 3..5 only (as if a day): rows 3..4 changed, 5 vanished
        long from = T0 + 3 * 60_000L;
        long to = T0 + 6 * 60_000L;
        KlineColumns fix = rows(3, 2, 500);
        MergeResult r = store.merge(new MergeRequest("fix.csv", "f", "csv", MONTH, from, to, fix, true));
        assertThat(r.replaced()).isEqualTo(3);
        assertThat(r.added()).isZero();
        KlineColumns back = KlineParquet.read(store.monthFile(MONTH));
        assertThat(back.size()).isEqualTo(9);
        assertThat(back.open[3]).isEqualTo(503.0);
        assertThat(back.open[5]).isEqualTo(106.0);
        assertThat(store.offsets().months().get("2024-03").missingMinutes()).isEqualTo(1);
    }

    @Test
    void identical_content_rewrites_no_month_file() throws IOException {
        KlineStore store = store();
        store.merge(request("a.csv", rows(0, 10, 100), false));
        long modified = Files.getLastModifiedTime(store.monthFile(MONTH)).toMillis();
        MergeResult r = store.merge(request("a-copy.csv", rows(0, 10, 100), false));
        assertThat(r.monthFileWritten()).isFalse();
        assertThat(r.duplicates()).isEqualTo(10);
        assertThat(Files.getLastModifiedTime(store.monthFile(MONTH)).toMillis()).isEqualTo(modified);
        assertThat(store.offsets().months().get("2024-03").files()).hasSize(2);
    }

    @Test
    void recovery_rolls_back_when_the_month_was_not_renamed() throws IOException {
        KlineStore store = store();
        store.merge(request("a.csv", rows(0, 10, 100), false));
        byte[] offsets = Files.readAllBytes(store.offsetsFile());
        Path meta = store.offsetsFile().getParent();
        Path pending = meta.resolve("offsets.json.pending");
        Offsets fake = store.offsets().withMonth("2024-03", store.offsets().months().get("2024-03"));
        Files.write(pending, PendingCommit.toBytes(new PendingCommit("2024-03", "0".repeat(64), fake)));
        Path tmp = store.klinesDir().resolve("2024-03.parquet" + AtomicFiles.TMP_MARKER + "123");
        Files.writeString(tmp, "half a file");

        assertThat(store.recover()).anyMatch(s -> s.startsWith("rolled back"))
                .anyMatch(s -> s.contains("deleted temp file"));
        assertThat(pending).doesNotExist();
        assertThat(tmp).doesNotExist();
        assertThat(Files.readAllBytes(store.offsetsFile())).isEqualTo(offsets);
    }

    @Test
    void recovery_completes_when_the_month_was_renamed() throws IOException {
        KlineStore store = store();
        store.merge(request("a.csv", rows(0, 10, 100), false));
        Offsets before = store.offsets();
        // simulate: new month file in place, offsets.json not yet rewritten
        KlineColumns all = rows(0, 20, 100);
        Path month = store.monthFile(MONTH);
        Files.delete(month);
        KlineParquet.write(month, all);
        String sha = Hashes.sha256(month);
        Offsets.MonthEntry m = before.months().get("2024-03");
        Offsets after = before.withMonth("2024-03", new Offsets.MonthEntry(m.file(), m.firstOpenTime(),
                Instant.ofEpochMilli(T0 + 19 * 60_000L), 20, 0, sha, m.files()));
        Files.write(store.offsetsFile().resolveSibling("offsets.json.pending"),
                PendingCommit.toBytes(new PendingCommit("2024-03", sha, after)));

        assertThat(store.recover()).anyMatch(s -> s.startsWith("completed"));
        assertThat(store.offsets().months().get("2024-03").rows()).isEqualTo(20);
        assertThat(store.offsets().months().get("2024-03").parquetSha256()).isEqualTo(sha);
    }

    /** {@code pause:<step>:<marker>}: the merge stops at the step with the lock held and goes on once the marker is gone. */
    @Test
    void a_merge_paused_at_a_step_waits_there_until_its_marker_is_deleted() throws Exception {
        store().merge(request("a.csv", rows(0, 10, 100), false));
        Path marker = dir.resolve("paused");
        KlineStore pausing = new KlineStore(dir, "BTCUSDT", CLOCK, new CrashPoints("pause:after-pending:" + marker));
        byte[] offsets = Files.readAllBytes(pausing.offsetsFile());
        java.util.concurrent.CompletableFuture<MergeResult> merge = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return pausing.merge(request("b.csv", rows(10, 5, 100), false));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        support.Await.until("the marker", java.time.Duration.ofSeconds(30), () -> Files.exists(marker) || merge.isDone());

        assertThat(Files.readString(marker)).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        assertThat(pausing.offsetsFile().resolveSibling("offsets.json.pending")).exists();
        assertThat(Files.readAllBytes(pausing.offsetsFile())).as("not committed while paused").isEqualTo(offsets);
        assertThat(merge).isNotDone();
        Files.delete(marker);
        assertThat(merge.get(30, java.util.concurrent.TimeUnit.SECONDS).added()).isEqualTo(5);
        assertThat(pausing.offsets().months().get(MONTH.toString()).rows()).isEqualTo(15);
    }

    /** A failed merge (disk full, read-only metadata) cleans its temp files at once and leaves the old state. */
    @ParameterizedTest(name = "I/O error {0}")
    @ValueSource(strings = {"before-pending", "after-pending"})
    void a_merge_that_fails_to_commit_leaves_no_temp_or_pending_file(String step) throws IOException {
        store().merge(request("a.csv", rows(0, 10, 100), false));
        KlineStore failing = new KlineStore(dir, "BTCUSDT", CLOCK, new CrashPoints("fail:" + step));
        byte[] month = Files.readAllBytes(failing.monthFile(MONTH));
        byte[] offsets = Files.readAllBytes(failing.offsetsFile());

        assertThatThrownBy(() -> failing.merge(request("b.csv", rows(10, 5, 100), false)))
                .isInstanceOf(IOException.class).hasMessageContaining(step);

        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.map(p -> dir.relativize(p).toString()))
                    .noneMatch(f -> f.contains(AtomicFiles.TMP_MARKER) || f.endsWith(".pending"));
        }
        assertThat(Files.readAllBytes(failing.monthFile(MONTH))).isEqualTo(month);
        assertThat(Files.readAllBytes(failing.offsetsFile())).isEqualTo(offsets);
    }

    @Test
    void a_merge_into_a_month_whose_file_is_gone_rebuilds_it_from_the_incoming_rows_and_names_what_is_missing()
            throws IOException {
        KlineStore store = store();
        store.merge(request("day-1.csv", rows(0, 10, 100), false));
        store.merge(request("day-2.csv", rows(10, 10, 100), false));
        Files.delete(store.monthFile(MONTH));
        assertThat(store.damage(MONTH)).hasValueSatisfying(d -> assertThat(d).contains("missing"));

        MergeResult r = store.merge(request("day-1.csv", rows(0, 10, 100), true));

        assertThat(r.rebuild()).isNotNull();
        assertThat(r.rebuild().reason()).contains("2024-03.parquet", "missing");
        assertThat(r.rebuild().dropped()).extracting(Offsets.FileEntry::name).containsExactly("day-2.csv");
        assertThat(r.added()).isEqualTo(10);
        assertThat(r.monthRows()).isEqualTo(10);
        assertThat(KlineParquet.read(store.monthFile(MONTH)).size()).isEqualTo(10);
        Offsets.MonthEntry m = store.offsets().months().get("2024-03");
        assertThat(m.files()).extracting(Offsets.FileEntry::name).containsExactly("day-1.csv");
        assertThat(m.parquetSha256()).isEqualTo(Hashes.sha256(store.monthFile(MONTH)));
        assertThat(store.damage(MONTH)).isEmpty();
    }

    @Test
    void a_truncated_month_file_is_never_read_but_rebuilt_and_kept_aside() throws IOException {
        KlineStore store = store();
        store.merge(request("a.csv", rows(0, 10, 100), false));
        Path month = store.monthFile(MONTH);
        byte[] whole = Files.readAllBytes(month);
        Files.write(month, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThat(store.damage(MONTH)).hasValueSatisfying(d -> assertThat(d).contains("does not match offsets.json"));

        MergeResult r = store.merge(request("a-fixed.csv", rows(0, 12, 300), true));

        assertThat(r.rebuild().keptAs()).exists().hasBinaryContent(java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThat(r.rebuild().keptAs().getFileName().toString()).startsWith("2024-03.parquet.");
        assertThat(r.rebuild().keptAs().getParent()).isNotEqualTo(store.klinesDir());
        assertThat(r.rebuild().dropped()).extracting(Offsets.FileEntry::name).containsExactly("a.csv");
        assertThat(KlineParquet.read(month).open[0]).isEqualTo(300.0);
        assertThat(store.damage(MONTH)).isEmpty();
    }

    @Test
    void offsets_written_before_csv_hashes_were_recorded_still_read() throws IOException {
        KlineStore store = store();
        store.merge(request("a.csv", rows(0, 10, 100), false));
        String json = Files.readString(store.offsetsFile());
        assertThat(json).contains("\"csv_sha256\"");
        Files.writeString(store.offsetsFile(), json.replaceAll(",\\s*\"csv_sha256\"\\s*:\\s*(\"[0-9a-f]*\"|null)", ""));

        Offsets.FileEntry f = store.offsets().months().get("2024-03").files().get(0);

        assertThat(f.name()).isEqualTo("a.csv");
        assertThat(f.csvSha256()).isNull();
    }
}
