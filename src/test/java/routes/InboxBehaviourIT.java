package routes;

import static org.assertj.core.api.Assertions.assertThat;

import gen.KlineGenerator;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.Offsets;
import storage.OffsetsCodec;
import support.Await;
import support.DuckDb;
import support.Fixtures;
import support.TestApp;
import support.TreeSnapshot;

/** Inbox semantics of the long-lived process: complete files only, idempotent re-drops, concurrent arrivals. */
class InboxBehaviourIT {
    @TempDir
    Path root;

    private Path inbox() throws Exception {
        return Files.createDirectories(root.resolve("inbox"));
    }

    private Offsets offsets() throws Exception {
        return OffsetsCodec.read(root.resolve("data/spot/BTCUSDT/metadata/offsets.json"));
    }

    @Test
    void a_file_still_being_written_is_neither_consumed_nor_quarantined() throws Exception {
        Path zip = Fixtures.zip(root.resolve("staging"), Fixtures.REAL_DAY, Fixtures.realCsv("1m"));
        byte[] bytes = Files.readAllBytes(zip);
        // a settle time well above the writer's pauses, so a slow CI machine cannot stretch a pause past it
        try (PipelineRuntime app = TestApp.longLived(root, Map.of("app.inbox.settle-ms", "1000",
                "app.inbox.lock-timeout-ms", "3000"))) {
            Path target = inbox().resolve(zip.getFileName());
            int chunk = bytes.length / 20 + 1;
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
                for (int off = 0; off < bytes.length; off += chunk) {
                    out.write(bytes, off, Math.min(chunk, bytes.length - off));
                    out.flush();
                    Thread.sleep(120); // well inside the 1 s settle time, ~2.4 s in all
                    assertThat(target).as("still in the inbox while being written").exists();
                    assertThat(inbox().resolve(".failed")).doesNotExist();
                    assertThat(inbox().resolve(".done")).doesNotExist();
                }
            }
            Await.until("ingested once complete", Duration.ofSeconds(20),
                    () -> Files.exists(root.resolve("inbox/.done/" + zip.getFileName())));
        }
        assertThat(offsets().rows()).isEqualTo(1440);
    }

    @Test
    void the_same_zip_dropped_again_changes_nothing_also_after_a_restart() throws Exception {
        Path staging = root.resolve("staging");
        Path zip = Fixtures.zip(staging, Fixtures.REAL_DAY, Fixtures.realCsv("1m"));
        Path done = root.resolve("inbox/.done/" + zip.getFileName());
        Map<String, String> stored;
        try (PipelineRuntime app = TestApp.longLived(root, Map.of())) {
            Files.copy(zip, inbox().resolve(zip.getFileName()));
            Await.until("first drop ingested", Duration.ofSeconds(20), () -> Files.exists(done));
            stored = TreeSnapshot.of(root.resolve("data"));

            Files.delete(done);
            Files.copy(zip, inbox().resolve(zip.getFileName()));
            Await.until("second drop settled", Duration.ofSeconds(20), () -> Files.exists(done));
            assertThat(TreeSnapshot.of(root.resolve("data"))).isEqualTo(stored);
        }
        try (PipelineRuntime app = TestApp.longLived(root, Map.of())) {
            // after a restart, and with the earlier copy still in .done
            Path again = inbox().resolve(zip.getFileName());
            Files.copy(zip, again);
            Await.until("third drop settled", Duration.ofSeconds(20), () -> !Files.exists(again));
            assertThat(done).exists();
            assertThat(root.resolve("inbox/.failed")).doesNotExist();
            assertThat(TreeSnapshot.of(root.resolve("data"))).isEqualTo(stored);
        }
        assertThat(offsets().months().get("2023-01").files()).hasSize(1);
    }

    @Test
    void two_files_for_the_same_month_arriving_together_both_land() throws Exception {
        Path staging = Files.createDirectories(root.resolve("staging"));
        Path real = Fixtures.zip(staging, Fixtures.REAL_DAY, Fixtures.realCsv("1m"));
        Path nextCsv = staging.resolve("BTCUSDT-1m-2023-01-22.csv");
        new KlineGenerator(3).writeDay(LocalDate.of(2023, 1, 22), nextCsv, List.of());
        Path next = gen.BinanceArchive.zipWithChecksum(nextCsv, staging);
        try (PipelineRuntime app = TestApp.longLived(root, Map.of())) {
            Path in = inbox();
            Files.move(next.resolveSibling(next.getFileName() + ".CHECKSUM"), in.resolve(next.getFileName() + ".CHECKSUM"));
            Files.move(real, in.resolve(real.getFileName()));
            Files.move(next, in.resolve(next.getFileName()));
            Await.until("both done", Duration.ofSeconds(30), () -> Files.exists(in.resolve(".done/" + real.getFileName()))
                    && Files.exists(in.resolve(".done/" + next.getFileName())));
        }
        Offsets.MonthEntry m = offsets().months().get("2023-01");
        assertThat(m.rows()).isEqualTo(2880);
        assertThat(m.files()).extracting(Offsets.FileEntry::name)
                .containsExactlyInAnyOrder(real.getFileName().toString(), next.getFileName().toString());
        assertThat(DuckDb.single("SELECT count(DISTINCT open_time) FROM " + DuckDb.parquet(TestApp.monthFile(root, "2023-01"))))
                .isEqualTo(2880L);
    }

    @Test
    void ingest_route_and_cli_share_one_store_lock_across_concurrent_callers() throws Exception {
        // two callers merging into the same month at once must not lose either update
        Path staging = Files.createDirectories(root.resolve("staging"));
        KlineGenerator g = new KlineGenerator(5);
        Path[] days = new Path[6];
        for (int i = 0; i < days.length; i++) {
            Path csv = staging.resolve("BTCUSDT-1m-2023-03-0" + (i + 1) + ".csv");
            g.writeDay(LocalDate.of(2023, 3, i + 1), csv, List.of());
            days[i] = gen.BinanceArchive.zip(csv, staging);
        }
        try (PipelineRuntime app = TestApp.oneShot(root)) {
            List<Thread> threads = new java.util.ArrayList<>();
            List<String> outcomes = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            for (Path day : days) {
                Thread t = new Thread(() -> outcomes.add(app.ingest(day, false).summary()));
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(outcomes).hasSize(6).allMatch(s -> s.startsWith("INGESTED"));
        }
        assertThat(offsets().months().get("2023-03").rows()).isEqualTo(6 * 1440);
        assertThat(offsets().months().get("2023-03").files()).hasSize(6);
    }

    @Test
    void a_huge_newline_free_csv_is_refused_and_the_next_file_is_taken() throws Exception {
        Path staging = Files.createDirectories(root.resolve("staging"));
        Path big = BadInputQuarantineIT.repeated(staging.resolve(Fixtures.REAL_DAY + ".csv"),
                "1674259200000,".getBytes(), 64L << 20);
        Path zip = Fixtures.zip(staging, Fixtures.REAL_DAY, Fixtures.realCsv("1m"));
        try (PipelineRuntime app = TestApp.longLived(root, Map.of())) {
            Path in = inbox();
            Files.move(big, in.resolve(big.getFileName()));
            Path reason = in.resolve(".failed/" + big.getFileName() + ".reason.json");
            Await.until("big CSV refused", Duration.ofSeconds(60), () -> Files.exists(reason));
            assertThat(OffsetsCodec.JSON.readTree(reason.toFile()).get("code").asText()).isEqualTo("LINE_TOO_LONG");
            // the reason file is written before the route moves the file itself
            Await.until("big CSV moved to .failed", Duration.ofSeconds(30),
                    () -> Files.exists(in.resolve(".failed/" + big.getFileName())));

            Files.move(zip, in.resolve(zip.getFileName()));
            Await.until("the next file ingested", Duration.ofSeconds(30),
                    () -> Files.exists(in.resolve(".done/" + zip.getFileName())));
        }
        assertThat(offsets().rows()).isEqualTo(1440);
    }

    @Test
    void an_error_or_an_unexpected_exception_in_one_file_never_stops_the_inbox() throws Exception {
        Path staging = Files.createDirectories(root.resolve("staging"));
        KlineGenerator g = new KlineGenerator(7);
        Path[] days = new Path[4];
        for (int i = 0; i < days.length; i++) {
            Path csv = staging.resolve("BTCUSDT-1m-2023-03-0" + (i + 1) + ".csv");
            g.writeDay(LocalDate.of(2023, 3, i + 1), csv, List.of());
            days[i] = gen.BinanceArchive.zip(csv, staging);
        }
        String[] expected = {"OutOfMemoryError", "IllegalStateException", "IllegalArgumentException"};
        try (PipelineRuntime app = TestApp.longLived(root, Map.of())) {
            // simulated failures: heap exhaustion while day 1 is parsed, a bug while day 2 is committed, a bug in
            // the inbox route itself on day 3. Each must end with its own file; day 4 is ingested.
            var context = app.main().getCamelContext();
            AdviceWith.adviceWith(context, Endpoints.ROUTE_INGEST_PARSE, a -> a
                    .weaveById("ingest-parse-batch").before().process(e -> {
                        if (e.getIn().getHeader(Endpoints.HEADER_FILE, String.class).endsWith("-01.zip")) {
                            throw new OutOfMemoryError("simulated: Java heap space");
                        }
                    }));
            AdviceWith.adviceWith(context, Endpoints.ROUTE_INGEST_FILE, a -> a
                    .weaveById("ingest-commit").before().process(e -> {
                        if (e.getIn().getHeader(Endpoints.HEADER_FILE, String.class).endsWith("-02.zip")) {
                            throw new IllegalStateException("simulated bug in a step");
                        }
                    }));
            AdviceWith.adviceWith(context, Endpoints.ROUTE_INGEST_INBOX, a -> a
                    .weaveById("inbox-to-ingest").before().process(e -> {
                        if (e.getIn().getHeader(Endpoints.HEADER_FILE, String.class).endsWith("-03.zip")) {
                            throw new IllegalArgumentException("simulated bug in the inbox route");
                        }
                    }));
            Path in = inbox();
            for (Path day : days) {
                Files.move(day, in.resolve(day.getFileName()));
            }
            Await.until("the fourth file ingested", Duration.ofSeconds(30),
                    () -> Files.exists(in.resolve(".done/" + days[3].getFileName())));
            for (int i = 0; i < 3; i++) {
                Path reason = in.resolve(".failed/" + days[i].getFileName() + ".reason.json");
                Await.until(reason + " written", Duration.ofSeconds(10), () -> Files.exists(reason));
                var r = OffsetsCodec.JSON.readTree(reason.toFile());
                assertThat(r.get("code").asText()).as(r.toString()).isEqualTo("INTERNAL_ERROR");
                assertThat(r.get("message").asText()).contains(expected[i], "simulated");
                assertThat(r.get("sha256").asText()).isNotBlank();
                assertThat(in.resolve(".failed/" + days[i].getFileName())).exists();
            }
        }
        assertThat(offsets().rows()).isEqualTo(1440);
    }

    private static String code(Path reason) throws java.io.IOException {
        return OffsetsCodec.JSON.readTree(reason.toFile()).get("code").asText();
    }

    @Test
    void every_file_in_the_inbox_gets_an_outcome_or_a_logged_reason_to_wait() throws Exception {
        Path staging = Files.createDirectories(root.resolve("staging"));
        Path zip = Fixtures.zip(staging, Fixtures.REAL_DAY, Fixtures.realCsv("1m"));
        ch.qos.logback.classic.Logger triageLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(ingest.InboxTriage.class);
        var logged = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        logged.start();
        triageLog.addAppender(logged);
        try (PipelineRuntime app = TestApp.longLived(root, Map.of("app.inbox.orphan-checksum-ms", "2500"))) {
            Path in = inbox();
            Files.copy(zip, in.resolve(Fixtures.REAL_DAY + ".ZIP"));                       // upper-case extension
            Files.writeString(in.resolve("notes.txt"), "hello");                           // unknown name
            Files.writeString(in.resolve("BTCUSDT-1m-2023-01-22.zip.CHECKSUM"), "0".repeat(64)
                    + "  BTCUSDT-1m-2023-01-22.zip\n");                                    // archive never comes
            Files.copy(zip, Files.createDirectories(in.resolve("sub")).resolve(zip.getFileName())); // sub-folder
            Files.copy(zip, in.resolve(zip.getFileName() + ".part"));                      // still being copied

            Path upper = in.resolve(".failed/" + Fixtures.REAL_DAY + ".ZIP.reason.json");
            Path notes = in.resolve(".failed/notes.txt.reason.json");
            Await.until("unknown names refused", Duration.ofSeconds(20), () -> Files.exists(upper) && Files.exists(notes));
            assertThat(code(upper)).isEqualTo("BAD_FILE_NAME");
            assertThat(OffsetsCodec.JSON.readTree(upper.toFile()).get("message").asText()).contains("lower-case");
            assertThat(code(notes)).isEqualTo("BAD_FILE_NAME");
            assertThat(in.resolve("BTCUSDT-1m-2023-01-22.zip.CHECKSUM")).as("waits for its archive").exists();

            Path orphan = in.resolve(".failed/BTCUSDT-1m-2023-01-22.zip.CHECKSUM.reason.json");
            Await.until("orphan CHECKSUM refused", Duration.ofSeconds(20), () -> Files.exists(orphan) // reason first,
                    && Files.exists(in.resolve(".failed/BTCUSDT-1m-2023-01-22.zip.CHECKSUM"))); // then the move
            assertThat(code(orphan)).isEqualTo("ORPHAN_CHECKSUM");
            assertThat(in.resolve(".failed/BTCUSDT-1m-2023-01-22.zip.CHECKSUM")).exists();
            assertThat(in.resolve("BTCUSDT-1m-2023-01-22.zip.CHECKSUM")).doesNotExist();

            Thread.sleep(1000); // several more polls: what waits is reported once, not at every poll
            assertThat(in.resolve("sub/" + zip.getFileName())).as("sub-folders are not read").exists();
            assertThat(in.resolve(zip.getFileName() + ".part")).exists();
            List<String> messages = logged.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .toList();
            assertThat(messages.stream().filter(m -> m.contains("sub"))).as(messages.toString()).hasSize(1);
            assertThat(messages.stream().filter(m -> m.contains(".part"))).as(messages.toString()).hasSize(1);
            assertThat(messages.stream().filter(m -> m.contains("BTCUSDT-1m-2023-01-22.zip.CHECKSUM")))
                    .as(messages.toString()).hasSize(1);

            // a CHECKSUM that arrives before its archive waits for it and travels with it
            Path next = Fixtures.zip(staging.resolve("next"), Fixtures.REAL_DAY, Fixtures.realCsv("1m"));
            Path sum = Fixtures.checksum(next);
            Files.move(sum, in.resolve(sum.getFileName()));
            Thread.sleep(500);
            Files.move(next, in.resolve(next.getFileName()));
            Await.until("archive and CHECKSUM done", Duration.ofSeconds(20),
                    () -> Files.exists(in.resolve(".done/" + next.getFileName()))
                            && Files.exists(in.resolve(".done/" + sum.getFileName())));
        } finally {
            triageLog.detachAppender(logged);
        }
        assertThat(offsets().rows()).isEqualTo(1440);
    }
}
