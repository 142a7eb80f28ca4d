package ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.CrashPoints;
import storage.KlineStore;
import storage.KlineStores;
import storage.Offsets;
import storage.Symbols;

/**
 * {@link IngestService} as the ingest command's routes drive it for several files in a row (ingest-prepare: openAhead,
 * batches, parse, prepared or preparedRefusal; ingest-finish: stale, then discard and ingest from the start, or finish)
 * and over several symbols' stores ({@link KlineStores}): where each file goes, where its raw copy is kept, what is read
 * from memory, and what a session holds open after a refusal.
 */
class IngestAheadTest {
    private static final String DAY = "BTCUSDT-1m-2023-01-21";
    private static final Path REAL_CSV = Path.of("src/test/resources/binance-real/" + DAY + ".csv");
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ZipLimits LIMITS = new ZipLimits(1 << 24, 200);

    @TempDir
    Path root;
    private KlineStores stores;
    private Path in;
    private byte[] csv;

    @BeforeEach
    void setUp() throws IOException {
        stores = new KlineStores(root.resolve("data"), Symbols.of("BTCUSDT", "ETHUSDT"), CLOCK, CrashPoints.NONE);
        in = Files.createDirectories(root.resolve("in"));
        csv = Files.readAllBytes(REAL_CSV);
    }

    private IngestService service(Path rawCsvDir) {
        return new IngestService(stores, new IngestSettings("BTCUSDT", LIMITS, 100, 1024, rawCsvDir), CLOCK);
    }

    /** As ingest-prepare. */
    private static IngestService.Prepared prepare(IngestService service, Path file) {
        IngestSession s = null;
        try {
            s = service.openAhead(file.toString(), false);
            for (Iterator<LineBatch> it = service.batches(s); it.hasNext(); ) {
                service.parse(s, it.next());
            }
            return service.prepared(file.toString(), s);
        } catch (Exception e) {
            return service.preparedRefusal(s, file.toString(), e);
        }
    }

    /** As ingest-file. */
    private static IngestOutcome ingest(IngestService service, String path) {
        return ingest(service, path, false);
    }

    private static IngestOutcome ingest(IngestService service, String path, boolean replace) {
        IngestSession s = null;
        try {
            s = service.open(path, replace);
            for (Iterator<LineBatch> it = service.batches(s); it.hasNext(); ) {
                service.parse(s, it.next());
            }
            return service.commit(s);
        } catch (Exception e) {
            return service.fail(s, path, e);
        }
    }

    /** As ingest-finish. */
    private static IngestOutcome finish(IngestService service, IngestService.Prepared p) throws IOException {
        if (service.stale(p)) {
            return ingest(service, service.discard(p));
        }
        try {
            return service.finish(p);
        } catch (Exception e) {
            return service.fail(p.session(), p.path(), e);
        }
    }

    private static Path zip(Path dir, String name, byte[] content) throws IOException {
        return support.Fixtures.zipBytes(dir, name, content); // a fixed entry time: the same CSV gives the same bytes
    }

    private static List<String> filesIn(Path dir) throws IOException {
        return support.Fixtures.filesUnder(dir);
    }

    @Test
    void a_file_read_ahead_commits_at_its_turn_unless_the_file_before_recorded_the_same_bytes() throws IOException {
        IngestService service = service(null);
        Path a = zip(in, DAY, csv);
        Path b = zip(in.resolve("again"), DAY, csv); // the same bytes in another folder
        IngestService.Prepared pa = prepare(service, a);
        IngestService.Prepared pb = prepare(service, b);
        assertThat(pa.refusal()).isNull();
        assertThat(pa.session().deferred()).isFalse();
        assertThat(pa.path()).isEqualTo(a.toString());
        assertThat(service.stale(pa)).isFalse();
        assertThat(service.stale(pb)).isFalse();

        IngestOutcome first = finish(service, pa);
        assertThat(first.status()).isEqualTo(IngestOutcome.Status.INGESTED);
        assertThat(first.added()).isEqualTo(1440);
        assertThat(service.store()).isSameAs(stores.defaultStore());
        assertThat(service.store().offsets().findFile(first.sha256())).isNotNull();

        // b was read while a was not recorded yet: at its turn that no longer stands
        assertThat(service.stale(pb)).isTrue();
        assertThat(service.current(pb)).isFalse();
        IngestOutcome second = finish(service, pb);
        assertThat(second.status()).isEqualTo(IngestOutcome.Status.ALREADY_INGESTED);
        assertThat(second.file()).isEqualTo(DAY + ".zip");

        // opened ahead when offsets.json already records it: deferred, nothing read, stale at its turn
        IngestSession deferred = service.openAhead(a.toString(), false);
        assertThat(deferred.deferred()).isTrue();
        assertThat(deferred.csv).isNull();
        assertThat(service.batches(deferred).hasNext()).isFalse();
        IngestService.Prepared pc = service.prepared(a.toString(), deferred);
        assertThat(service.stale(pc)).isTrue();
        assertThat(finish(service, pc).status()).isEqualTo(IngestOutcome.Status.ALREADY_INGESTED);
    }

    @Test
    void discarding_a_file_read_ahead_releases_it_and_gives_its_path() throws IOException {
        Path raw = root.resolve("raw");
        IngestService service = service(raw);
        Path a = Files.write(in.resolve(DAY + ".csv"), csv);
        IngestService.Prepared p = prepare(service, a);
        assertThat(p.session().rawCopyTmp).isNotNull();
        assertThat(filesIn(raw)).hasSize(1); // the raw copy being written
        boolean proc = Files.isDirectory(Path.of("/proc/self/fd"));
        if (proc) {
            assertThat(openFiles()).contains(a.toRealPath()).anyMatch(f -> f.startsWith(raw));
        }
        assertThat(service.discard(p)).isEqualTo(a.toString());
        assertThat(filesIn(raw)).isEmpty();
        assertThatThrownBy(() -> p.session().csv.read()).isInstanceOf(IOException.class);
        if (proc) { // the CSV and the raw copy being written are closed, not only deleted
            assertThat(openFiles()).doesNotContain(a.toRealPath()).noneMatch(f -> f.startsWith(raw));
        }
        // a refusal made before anything was opened has no session to release
        assertThat(service.discard(new IngestService.Prepared("x", null, null))).isEqualTo("x");
    }

    @Test
    void refusals_made_ahead_stand_at_their_turn_unless_the_bytes_were_recorded_meanwhile() throws IOException {
        IngestService service = service(null);
        // refused for its name: no symbol, no store to look at
        Path badName = Files.write(in.resolve("klines.csv"), csv);
        IngestService.Prepared p1 = prepare(service, badName);
        assertThat(p1.session()).isNull();
        assertThat(p1.refusal().rejection().code()).isEqualTo(RejectCode.BAD_FILE_NAME);
        assertThat(p1.refusal().rejection().sha256()).isNotNull();
        assertThat(service.stale(p1)).isFalse();
        assertThat(finish(service, p1)).isSameAs(p1.refusal());
        // refused for a symbol this store does not accept
        Path other = zip(in, "SOLUSDT-1m-2023-01-21", csv);
        IngestService.Prepared p2 = prepare(service, other);
        assertThat(p2.refusal().rejection().code()).isEqualTo(RejectCode.WRONG_SYMBOL);
        assertThat(p2.refusal().rejection().message()).isEqualTo("file is for symbol SOLUSDT, which is not among the"
                + " symbols this store accepts (app.symbols=" + stores.symbols() + ")");
        assertThat(service.stale(p2)).isFalse();
        // a file gone before it was read: no SHA-256 at all
        IngestService.Prepared p3 = prepare(service, in.resolve("BTCUSDT-1m-2023-01-22.zip"));
        assertThat(p3.refusal().rejection().code()).isEqualTo(RejectCode.IO_ERROR);
        assertThat(p3.refusal().rejection().sha256()).isNull();
        assertThat(service.stale(p3)).isFalse();
        // refused for a bad row after it was opened: its session is released, the refusal stands ...
        byte[] bad = (new String(csv, java.nio.charset.StandardCharsets.US_ASCII).replaceFirst(",0\n", ",x\n"))
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Path badRow = zip(in, DAY, bad);
        IngestService.Prepared p4 = prepare(service, badRow);
        assertThat(p4.session()).isNotNull();
        assertThat(p4.refusal().rejection().code()).isEqualTo(RejectCode.BAD_VALUE);
        assertThat(service.stale(p4)).isFalse();
        assertThat(finish(service, p4)).isSameAs(p4.refusal());
        // ... and a refusal for a checksum whose bytes a file before it then recorded no longer does
        Path good = zip(in.resolve("good"), DAY, csv);
        Path checked = zip(in.resolve("checked"), DAY, csv);
        Files.writeString(checked.resolveSibling(DAY + ".zip.CHECKSUM"), "0".repeat(64) + "  " + DAY + ".zip\n");
        IngestService.Prepared pg = prepare(service, good);
        IngestService.Prepared p5 = prepare(service, checked);
        assertThat(p5.session()).isNull();
        assertThat(p5.refusal().rejection().code()).isEqualTo(RejectCode.CHECKSUM_MISMATCH);
        assertThat(service.stale(p5)).isFalse();
        assertThat(finish(service, pg).status()).isEqualTo(IngestOutcome.Status.INGESTED);
        assertThat(service.stale(p5)).isTrue();
        assertThat(finish(service, p5).rejection().code()).isEqualTo(RejectCode.CHECKSUM_MISMATCH);
    }

    @Test
    void each_symbol_goes_to_its_store_with_its_raw_copy_and_our_exports_to_the_default_one() throws IOException {
        Path raw = root.resolve("raw");
        IngestService service = service(raw);
        IngestOutcome btc = ingest(service, Files.write(in.resolve(DAY + ".csv"), csv).toString());
        IngestOutcome eth = ingest(service, Files.write(in.resolve("ETHUSDT-1m-2023-01-21.csv"), csv).toString());
        assertThat(btc.status()).isEqualTo(IngestOutcome.Status.INGESTED);
        assertThat(eth.status()).isEqualTo(IngestOutcome.Status.INGESTED);
        assertThat(stores.store("BTCUSDT").offsets().findFile(btc.sha256()).name()).isEqualTo(DAY + ".csv");
        assertThat(stores.store("ETHUSDT").offsets().findFile(eth.sha256()).name()).isEqualTo("ETHUSDT-1m-2023-01-21.csv");
        // the default symbol's raw copies where app.ingest.raw-csv-dir says, another symbol's in its own store
        assertThat(filesIn(raw)).containsExactly(DAY + ".csv");
        assertThat(filesIn(stores.store("ETHUSDT").rawCsvDir())).containsExactly("ETHUSDT-1m-2023-01-21.csv");
        // without a raw copy folder, none is kept for any symbol
        IngestService none = service(null);
        byte[] month = csv.clone();
        IngestOutcome m = ingest(none, Files.write(in.resolve("ETHUSDT-1m-2023-01.csv"), month).toString());
        assertThat(m.rejection()).isNull();
        assertThat(m.status()).isEqualTo(IngestOutcome.Status.INGESTED);
        assertThat(filesIn(stores.store("ETHUSDT").rawCsvDir())).containsExactly("ETHUSDT-1m-2023-01-21.csv");
        // a single store takes its own symbol only
        KlineStore only = stores.store("BTCUSDT");
        IngestService single = new IngestService(only, new IngestSettings("BTCUSDT", LIMITS, 100, 1024, raw), CLOCK);
        assertThat(single.store()).isSameAs(only);
        Rejection r = ingest(single, Files.write(in.resolve("ETHUSDT-1m-2023-01-22.csv"), csv).toString()).rejection();
        assertThat(r.code()).isEqualTo(RejectCode.WRONG_SYMBOL);
        assertThat(r.message()).isEqualTo("file is for symbol ETHUSDT, this store holds BTCUSDT");
    }

    @Test
    void a_small_archive_is_hashed_and_inflated_from_one_read_and_a_csv_read_from_the_file()
            throws IOException {
        IngestService service = service(null);
        Path a = zip(in, DAY, csv);
        try (IngestSession s = service.open(a.toString(), false)) {
            assertThat(service.batches(s).hasNext()).isTrue(); // the archive is open once its first batch is
            assertThat(s.reading.zip().fromMemory()).isTrue();
            assertThat(s.sha256).isEqualTo(storage.Hashes.sha256(a));
        }
        try (IngestSession s = service.open(Files.write(in.resolve(DAY + ".csv"), csv).toString(), false)) {
            assertThat(s.zip).isNull();
            assertThat(s.sha256).isEqualTo(storage.Hashes.sha256(in.resolve(DAY + ".csv")));
        }
    }

    @Test
    void a_raw_copy_restores_only_the_csv_recorded_for_its_input() throws IOException {
        IngestService service = service(null);
        Path copy = Files.write(in.resolve(DAY + ".csv"), csv);
        String csvSha = storage.Hashes.sha256(copy);
        Offsets.FileEntry fromZip = new Offsets.FileEntry(DAY + ".zip", "f".repeat(64), 1440, 1440, 0, 0, "archive", NOW,
                csvSha);
        try (IngestSession s = service.open(copy.toString(), false, null, fromZip)) {
            assertThat(s.recordAs).isSameAs(fromZip);
            assertThat(s.zip).isNull();
            assertThat(s.csv).isNotNull();
        }
        // a recorded CSV carries its own hash as the CSV's
        Offsets.FileEntry fromCsv = new Offsets.FileEntry(DAY + ".csv", csvSha, 1440, 1440, 0, 0, "csv", NOW, null);
        try (IngestSession s = service.open(copy.toString(), false, null, fromCsv)) {
            assertThat(s.recordAs).isSameAs(fromCsv);
        }
        // refused: other bytes, another name, a recorded archive without a CSV hash, an archive as the copy
        byte[] other = csv.clone();
        other[other.length - 2] = '1'; // the last ignore column
        Path otherCopy = Files.write(Files.createDirectories(in.resolve("other")).resolve(DAY + ".csv"), other);
        Offsets.FileEntry zipWithoutCsvSha = new Offsets.FileEntry(DAY + ".zip", csvSha, 1440, 1440, 0, 0, "archive", NOW,
                null);
        Offsets.FileEntry otherDay = new Offsets.FileEntry("BTCUSDT-1m-2023-01-22.csv", csvSha, 1440, 1440, 0, 0, "csv",
                NOW, null);
        Path zipCopy = zip(in, DAY, csv);
        for (Object[] c : new Object[][] {{otherCopy, fromZip}, {copy, zipWithoutCsvSha}, {copy, otherDay},
            {zipCopy, fromZip}}) {
            Path file = (Path) c[0];
            Offsets.FileEntry entry = (Offsets.FileEntry) c[1];
            assertThatThrownBy(() -> service.open(file.toString(), false, null, entry))
                    .isInstanceOfSatisfying(IngestRejectedException.class, e -> {
                        assertThat(e.rejection().code()).isEqualTo(RejectCode.CHECKSUM_MISMATCH);
                        assertThat(e.rejection().message()).startsWith("not the CSV that " + entry.name() + " held");
                    });
        }
    }

    @Test
    void a_merge_refused_after_the_raw_copy_was_published_leaves_the_copies_as_they_were() throws IOException {
        Path raw = root.resolve("raw");
        IngestService service = service(raw);
        assertThat(ingest(service, Files.write(in.resolve(DAY + ".csv"), csv).toString()).status())
                .isEqualTo(IngestOutcome.Status.INGESTED);
        // the same minutes with another close, under the month's name: a conflict; its new raw copy does not stay
        String text = new String(csv, java.nio.charset.StandardCharsets.US_ASCII);
        String[] first = text.substring(0, text.indexOf('\n')).split(",");
        first[4] = first[3]; // close = low
        byte[] changed = (String.join(",", first) + text.substring(text.indexOf('\n'))).getBytes(
                java.nio.charset.StandardCharsets.US_ASCII);
        IngestOutcome conflict = ingest(service, Files.write(in.resolve("BTCUSDT-1m-2023-01.csv"), changed).toString());
        assertThat(conflict.rejection().code()).isEqualTo(RejectCode.CONFLICT);
        assertThat(filesIn(raw)).containsExactly(DAY + ".csv");
        // under the same name: the copy of what is stored stays as it was (it was replaced by the refused bytes)
        Path again = Files.write(Files.createDirectories(in.resolve("again")).resolve(DAY + ".csv"), changed);
        assertThat(ingest(service, again.toString()).rejection().code()).isEqualTo(RejectCode.CONFLICT);
        assertThat(filesIn(raw)).containsExactly(DAY + ".csv");
        assertThat(storage.Hashes.sha256(raw.resolve(DAY + ".csv"))).isEqualTo(storage.Hashes.sha256(csv));
        // and a file of the same name that is stored replaces it
        IngestOutcome replaced = ingest(service, Files.write(in.resolve("again").resolve(DAY + ".csv"), changed).toString(), true);
        assertThat(replaced.status()).isEqualTo(IngestOutcome.Status.INGESTED);
        assertThat(filesIn(raw)).containsExactly(DAY + ".csv");
        assertThat(storage.Hashes.sha256(raw.resolve(DAY + ".csv"))).isEqualTo(storage.Hashes.sha256(changed));
    }

    @Test
    void a_failure_after_the_archive_was_opened_closes_it() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "Linux /proc");
        Path notADir = Files.writeString(root.resolve("raw-is-a-file"), "x");
        IngestService service = service(notADir);
        Path a = zip(in, DAY, csv).toRealPath();
        assertThatThrownBy(() -> service.open(a.toString(), false)).isInstanceOf(IOException.class);
        assertThat(openFiles()).doesNotContain(a);
        // and a session closes its archive (opened on the reading thread: open once its first batch is)
        IngestService reader = service(null);
        IngestSession s = reader.open(a.toString(), false);
        assertThat(reader.batches(s).hasNext()).isTrue();
        assertThat(openFiles()).contains(a);
        s.close();
        assertThat(openFiles()).doesNotContain(a);
    }

    /** The files this process holds open (Linux: the targets of /proc/self/fd; a deleted one ends in " (deleted)"). */
    private static List<Path> openFiles() throws IOException {
        List<Path> open = new java.util.ArrayList<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    open.add(Files.readSymbolicLink(fd));
                } catch (IOException gone) {
                    // the listing's own descriptor
                }
            }
        }
        return open;
    }

    @Test
    void our_export_goes_to_the_default_symbols_store() throws IOException {
        StringBuilder export = new StringBuilder(KlineRowParser.EXPORT_HEADER).append('\n');
        for (String line : new String(csv, java.nio.charset.StandardCharsets.US_ASCII).split("\n")) {
            String[] f = line.split(",");
            export.append(Instant.ofEpochMilli(Long.parseLong(f[0]))).append(',').append(String.join(",",
                    java.util.Arrays.copyOfRange(f, 1, 6))).append(',').append(Instant.ofEpochMilli(Long.parseLong(f[6])))
                    .append(',').append(String.join(",", java.util.Arrays.copyOfRange(f, 7, 11))).append('\n');
        }
        Path file = Files.writeString(in.resolve("klines_1m_2023-01.csv"), export);
        IngestOutcome o = ingest(service(null), file.toString());
        assertThat(o.status()).as(o.summary()).isEqualTo(IngestOutcome.Status.INGESTED);
        assertThat(stores.defaultStore().offsets().findFile(o.sha256())).isNotNull();
        assertThat(stores.store("ETHUSDT").offsets().findFile(o.sha256())).isNull();
    }

    @Test
    void closing_a_session_stops_its_reading_thread() throws IOException {
        IngestService service = service(null);
        Path a = zip(in, DAY, csv); // 1,440 lines: 15 batches of 100, more than the read-ahead holds
        IngestSession s = service.open(a.toString(), false);
        Iterator<LineBatch> it = service.batches(s);
        service.parse(s, it.next());
        assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals("ingest-read " + DAY + ".zip"));
        s.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("ingest-read " + DAY + ".zip"));
    }

    @Test
    void fail_names_the_outermost_unknown_error_and_an_io_error_inside_an_unchecked_one() {
        IngestService service = service(null);
        String path = in.resolve(DAY + ".csv").toString();
        Rejection u = service.fail(null, path, new RuntimeException("outer", new IllegalStateException("inner")))
                .rejection();
        assertThat(u.code()).isEqualTo(RejectCode.INTERNAL_ERROR);
        assertThat(u.message()).isEqualTo("unexpected RuntimeException: outer");
        Rejection io = service.fail(null, path, new java.io.UncheckedIOException(new IOException("disk"))).rejection();
        assertThat(io.code()).isEqualTo(RejectCode.IO_ERROR);
        assertThat(io.message()).isEqualTo("IOException: disk");
    }

    @Test
    void fail_finds_the_refusal_inside_any_wrapping() throws IOException {
        IngestService service = service(null);
        IngestRejectedException refusal = IngestRejectedException.of(RejectCode.BAD_VALUE, DAY + ".csv", "bad");
        Throwable wrapped = new RuntimeException("route", new IllegalStateException("split", refusal));
        Rejection r = service.fail(null, in.resolve(DAY + ".csv").toString(), wrapped).rejection();
        assertThat(r.code()).isEqualTo(RejectCode.BAD_VALUE);
        assertThat(r.message()).isEqualTo("bad");
        // a cause that is itself ends the search
        RuntimeException loop = new RuntimeException("loop") {
            @Override
            public synchronized Throwable getCause() {
                return this;
            }
        };
        Rejection l = service.fail(null, in.resolve(DAY + ".csv").toString(), loop).rejection();
        assertThat(l.code()).isEqualTo(RejectCode.INTERNAL_ERROR);
    }
}
