package features;

import static features.SmallStore.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ingest.IngestOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import storage.AtomicFiles;
import storage.CrashPoints;
import storage.KlineStore;
import storage.KlineStores;
import storage.Symbols;
import storage.Tables;

/**
 * {@link FeatureService} on a small real store, without Camel: the computed file, its counts and reported gaps, the
 * refusals, the spot check, and the standing files kept after an ingest and at start-up.
 */
class FeatureServiceTest {
    private static final FeatureSpec HOURLY = FeatureSpec.parse("1h:ema,cmf", GapPolicy.FFILL);
    /** warm-up 19 bars (cmf 20): a month's history starts 25 hours before it, in the month before. */
    private static final FeatureSpec STANDING = FeatureSpec.parse("1h:cmf", GapPolicy.FFILL);
    private static final YearMonth FEB = YearMonth.of(2024, 2);
    private static final YearMonth MAR = YearMonth.of(2024, 3);
    private static final YearMonth APR = YearMonth.of(2024, 4);

    @TempDir
    Path root;

    private KlineStore store() {
        return SmallStore.open(root.resolve("data"), "BTCUSDT");
    }

    private static Instant[] hole(String from, String to) {
        return new Instant[] {at(from), at(to)};
    }

    private FeatureService service(KlineStore store, List<FeatureSpec> standing) {
        return new FeatureService(store, root.resolve("features"), standing);
    }

    @Test
    void compute_streams_exactly_the_frame_to_the_default_file_and_counts_its_rows() throws Exception {
        KlineStore store = store();
        SmallStore.merge(store, 1, at("2024-02-27T00:00:00Z"), at("2024-03-02T00:00:00Z"),
                List.<Instant[]>of(hole("2024-02-28T10:10:00Z", "2024-02-28T10:15:00Z")));
        FeatureService service = service(store, List.of());
        Instant start = at("2024-02-28T00:00:00Z");
        Instant end = at("2024-03-01T12:00:00Z");

        FeatureResult.Computed r = service.compute(new FeatureRequest.Compute(HOURLY, start, end, null));

        Path expectedFile = root.resolve("features/1h-ema-cmf_20240228T000000Z_20240301T120000Z.parquet");
        assertThat(r.file()).isEqualTo(expectedFile);
        FeatureFrame frame = new FeatureEngine(new ParquetDataSource(store, GapPolicy.FFILL, false))
                .compute(HOURLY, start, end);
        Path reference = root.resolve("reference.parquet");
        FeatureParquet.write(reference, frame);
        assertThat(Files.readAllBytes(expectedFile)).isEqualTo(Files.readAllBytes(reference));
        assertThat(r.rows()).isEqualTo(frame.size()).isEqualTo(60); // 2024 is a leap year
        int warm = 0;
        for (int i = 0; i < frame.size(); i++) {
            warm += frame.value("ema_slow", i) != null && frame.value("cmf", i) != null ? 1 : 0;
        }
        // ema_slow's warm-up (386 bars) is longer than the history the store holds: only cmf is warm
        assertThat(warm).isZero();
        assertThat(r.warmRows()).isZero();
        assertThat(r.filledRows()).isEqualTo(1); // 10:00 holds five forward-filled minutes
        assertThat(r.first()).isEqualTo(start);
        assertThat(r.last()).isEqualTo(at("2024-03-01T11:00:00Z"));
        assertThat(r.missingMinutes()).isZero(); // gaps are reported under gap policy none only
        assertThat(r.gaps()).isEmpty();
        assertThat(r.millis()).isNotNegative();
        assertThat(r.summary()).startsWith("wrote " + expectedFile + ": 60 rows (0 with every indicator warm, 1 "
                + "containing filled minutes), 2024-02-28T00:00:00Z .. 2024-03-01T11:00:00Z,").doesNotContain("missing");
        assertThat(leftovers(root)).isEmpty();
    }

    @Test
    void compute_counts_warm_rows_and_under_gap_policy_none_reports_every_missing_run() throws Exception {
        KlineStore store = store();
        SmallStore.merge(store, 2, at("2024-03-01T00:00:00Z"), at("2024-03-03T00:00:00Z"),
                List.of(hole("2024-03-02T05:07:00Z", "2024-03-02T05:09:00Z"),
                        hole("2024-03-02T06:00:00Z", "2024-03-02T06:03:00Z")));
        FeatureService service = service(store, List.of());
        FeatureSpec spec = FeatureSpec.parse("1h:cmf", GapPolicy.NONE);
        Path out = root.resolve("out/cmf.parquet");
        Instant start = at("2024-03-02T00:00:00Z");

        FeatureResult.Computed r = service.compute(new FeatureRequest.Compute(spec, start, at("2024-03-04T00:00:00Z"),
                out));

        assertThat(r.file()).isEqualTo(out);
        assertThat(out).exists();
        // 24 hours stored from 03-02; hours 05 and 06 miss minutes and are incomplete: left out
        assertThat(r.rows()).isEqualTo(22);
        assertThat(r.warmRows()).isEqualTo(22); // 24 hours of history before start: cmf (19 bars) warm at once
        assertThat(r.filledRows()).isZero();
        assertThat(r.first()).isEqualTo(start);
        assertThat(r.last()).isEqualTo(at("2024-03-02T23:00:00Z"));
        assertThat(r.gaps()).containsExactly("2024-03-02T05:07:00Z..2024-03-02T05:08:00Z (2 min)",
                "2024-03-02T06:00:00Z..2024-03-02T06:02:00Z (3 min)",
                "2024-03-03T00:00:00Z..2024-03-03T23:59:00Z (1440 min)");
        assertThat(r.missingMinutes()).isEqualTo(2 + 3 + 1440);
        assertThat(r.summary()).contains(String.format("%n1445 minute(s) missing in the store over the range (gap "
                + "policy none): 2024-03-02T05:07:00Z..2024-03-02T05:08:00Z (2 min), 2024-03-02T06:00:00Z.."
                + "2024-03-02T06:02:00Z (3 min), 2024-03-03T00:00:00Z..2024-03-03T23:59:00Z (1440 min)"))
                .doesNotContain("...");
    }

    @Test
    void a_summary_lists_ten_gaps_then_an_ellipsis() {
        List<String> gaps = Stream.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k").toList();
        FeatureResult.Computed r = new FeatureResult.Computed(Path.of("f.parquet"), 3, 2, 1, at("2024-01-01T00:00:00Z"),
                at("2024-01-01T02:00:00Z"), 5, 11, gaps);
        assertThat(r.summary()).isEqualTo(String.format("wrote f.parquet: 3 rows (2 with every indicator warm, 1 "
                + "containing filled minutes), 2024-01-01T00:00:00Z .. 2024-01-01T02:00:00Z, 5 ms%n11 minute(s) missing"
                + " in the store over the range (gap policy none): a, b, c, d, e, f, g, h, i, j, ..."));
        FeatureResult.Computed ten = new FeatureResult.Computed(Path.of("f.parquet"), 3, 2, 1,
                at("2024-01-01T00:00:00Z"), at("2024-01-01T02:00:00Z"), 5, 10, gaps.subList(0, 10));
        assertThat(ten.summary()).endsWith(": a, b, c, d, e, f, g, h, i, j");
    }

    @Test
    void a_range_without_bars_is_refused_and_leaves_no_file() throws Exception {
        KlineStore store = store();
        SmallStore.merge(store, 3, at("2024-03-01T00:00:00Z"), at("2024-03-01T06:00:00Z"), List.of());
        FeatureService service = service(store, List.of());
        Instant start = at("2024-05-01T00:00:00Z");
        Instant end = at("2024-05-02T00:00:00Z");
        Path out = root.resolve("out/none.parquet");

        assertThatThrownBy(() -> service.handle(new FeatureRequest.Compute(HOURLY, start, end, out)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no bars stored between 2024-05-01T00:00:00Z and 2024-05-02T00:00:00Z (ingest or backfill"
                        + " them first)");
        assertThatThrownBy(() -> service.handle(new FeatureRequest.Sample(HOURLY, start, end, 3, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("no bars stored between");
        assertThat(out).doesNotExist();
        assertThat(leftovers(root)).isEmpty();
    }

    @Test
    void a_failure_before_the_rename_leaves_neither_the_file_nor_its_temp_file() throws Exception {
        KlineStore store = store();
        SmallStore.merge(store, 4, at("2024-03-01T00:00:00Z"), at("2024-03-02T00:00:00Z"), List.of());
        FeatureService service = new FeatureService(store, root.resolve("features"), List.of(),
                new CrashPoints("fail:after-feature-temp"));
        Path out = root.resolve("out/x.parquet");

        assertThatThrownBy(() -> service.compute(new FeatureRequest.Compute(STANDING, at("2024-03-01T00:00:00Z"),
                at("2024-03-02T00:00:00Z"), out))).isInstanceOf(IOException.class).hasMessageContaining("injected");
        assertThat(out).doesNotExist();
        assertThat(leftovers(root.resolve("out"))).isEmpty();
    }

    @Test
    void sample_recomputes_every_value_of_the_picked_rows_and_finds_them_equal() throws Exception {
        KlineStore store = store();
        SmallStore.merge(store, 5, at("2024-02-28T00:00:00Z"), at("2024-03-02T00:00:00Z"), List.of());
        FeatureService service = service(store, List.of());
        // short periods: warm within the two days of history the store holds
        FeatureSpec spec = new FeatureSpec(Interval.M15, features.indicators.IndicatorSpec.parse("rsi,cmf,atr")
                .withPeriods(Map.of("rsi", 3, "atr", 3)), GapPolicy.DROP);

        FeatureResult.Sampled r = (FeatureResult.Sampled) service.handle(new FeatureRequest.Sample(spec,
                at("2024-03-01T00:00:00Z"), at("2024-03-02T00:00:00Z"), 7, 42));

        assertThat(r.rowsSampled()).isEqualTo(7);
        assertThat(r.ok()).isTrue();
        assertThat(r.mismatches()).isZero();
        assertThat(r.checks()).hasSize(7 * (5 + 3));
        assertThat(r.checks()).allSatisfy(c -> {
            assertThat(c.ok()).isTrue();
            assertThat(c.recomputed()).isNotNull();
            assertThat(c.frame()).isCloseTo(c.recomputed(), org.assertj.core.api.Assertions.within(
                    1e-9 * Math.max(1, Math.abs(c.recomputed()))));
        });
        assertThat(r.checks().stream().map(FeatureResult.Check::column).distinct().toList())
                .containsExactly("open", "high", "low", "close", "volume", "rsi", "cmf", "atr");
    }

    @Test
    void the_store_of_a_requested_symbol_is_used_and_an_unknown_symbol_is_refused() throws Exception {
        KlineStores stores = new KlineStores(root.resolve("data"), Symbols.of("BTCUSDT", "ETHUSDT"),
                Clock.systemUTC(), CrashPoints.NONE);
        SmallStore.merge(stores.store("ETHUSDT"), 6, at("2024-03-01T00:00:00Z"), at("2024-03-02T00:00:00Z"),
                List.of());
        FeatureService service = new FeatureService(stores, root.resolve("features"), List.of(), CrashPoints.NONE);
        Instant start = at("2024-03-01T00:00:00Z");
        Instant end = at("2024-03-02T00:00:00Z");

        FeatureResult.Computed r = service.compute(new FeatureRequest.Compute(STANDING, start, end, null, "ETHUSDT"));
        assertThat(r.rows()).isEqualTo(24);
        assertThat(r.file()).isEqualTo(stores.store("ETHUSDT").klinesDir().getParent()
                .resolve("features/1h-cmf_20240301T000000Z_20240302T000000Z.parquet"));
        assertThatThrownBy(() -> service.compute(new FeatureRequest.Compute(STANDING, start, end, null)))
                .hasMessageStartingWith("no bars stored"); // BTCUSDT holds nothing
        assertThatThrownBy(() -> service.compute(new FeatureRequest.Compute(STANDING, start, end, null, "DOGEUSDT")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DOGEUSDT");
        FeatureResult.Sampled s = service.sample(new FeatureRequest.Sample(STANDING, start, end, 2, 1, "ETHUSDT"));
        assertThat(s.ok()).isTrue();
        assertThat(s.rowsSampled()).isEqualTo(2);
    }

    @Test
    void an_ingest_refreshes_the_standing_files_of_its_month_and_the_next_once() throws Exception {
        KlineStore store = store();
        SmallStore.merge(store, 7, at("2024-02-27T00:00:00Z"), at("2024-03-02T00:00:00Z"), List.of());
        FeatureService service = service(store, List.of(STANDING));
        Path feb = service.standingFile(STANDING, FEB);
        Path mar = service.standingFile(STANDING, MAR);
        assertThat(mar).isEqualTo(root.resolve("features/1h-cmf/2024-03.parquet"));
        assertThat(service.standingFile("BTCUSDT", STANDING, MAR)).isEqualTo(mar);

        assertThat(service.refreshAfterIngest(null)).isEmpty();
        assertThat(service.refreshAfterIngest(outcome(IngestOutcome.Status.ALREADY_INGESTED, "2024-02", 5, 0)))
                .isEmpty();
        assertThat(service.refreshAfterIngest(outcome(IngestOutcome.Status.INGESTED, "2024-02", 0, 0))).isEmpty();
        assertThat(feb).doesNotExist();

        assertThat(service.refreshAfterIngest(outcome(IngestOutcome.Status.INGESTED, "2024-02", 0, 3)))
                .containsExactly(feb, mar);
        String sources = FeatureService.sources(STANDING, MAR, store.offsets());
        assertThat(sources).isEqualTo("2024-02=" + store.offsets().months().get("2024-02").parquetSha256()
                + ",2024-03=" + store.offsets().months().get("2024-03").parquetSha256());
        assertThat(Tables.footer(mar)).containsEntry(FeatureService.SOURCES_KEY, sources);
        assertThat(Tables.footer(feb)).containsEntry(FeatureService.SOURCES_KEY,
                "2024-02=" + store.offsets().months().get("2024-02").parquetSha256());
        assertStandingIsTheMonthsFrame(store, mar, MAR);

        // computed from the months stored now: nothing to do; April has no month file
        assertThat(service.refreshAfterIngest(outcome(IngestOutcome.Status.INGESTED, "2024-03", 4, 0))).isEmpty();

        // a new March ingest changes March only: February's file stays, March's is recomputed
        SmallStore.merge(store, 8, at("2024-03-02T00:00:00Z"), at("2024-03-03T00:00:00Z"), List.of());
        long febModified = Files.getLastModifiedTime(feb).toMillis();
        assertThat(service.refreshAfterIngest(outcome(IngestOutcome.Status.INGESTED, "2024-03", 1440, 0)))
                .containsExactly(mar);
        assertThat(Files.getLastModifiedTime(feb).toMillis()).isEqualTo(febModified);
        assertStandingIsTheMonthsFrame(store, mar, MAR);
        assertThat(leftovers(root.resolve("features"))).isEmpty();
    }

    @Test
    void a_commands_outcomes_refreshed_at_once_leave_the_files_a_refresh_after_each_ingest_leaves_each_written_once()
            throws Exception {
        // the same four ingests into two stores: one refreshed after each ingest (the background refresh), the other
        // once after the last (the ingest command), on two threads
        KlineStore each = SmallStore.open(root.resolve("each"), "BTCUSDT");
        KlineStore once = SmallStore.open(root.resolve("once"), "BTCUSDT");
        FeatureService perIngest = new FeatureService(each, root.resolve("each-features"), List.of(STANDING, HOURLY));
        FeatureService atOnce = new FeatureService(once, root.resolve("once-features"), List.of(STANDING, HOURLY));
        Instant[][] ingests = {
            {at("2024-03-01T00:00:00Z"), at("2024-03-03T00:00:00Z")}, // March, then February before it
            {at("2024-02-27T00:00:00Z"), at("2024-03-01T00:00:00Z")},
            {at("2024-04-01T00:00:00Z"), at("2024-04-02T00:00:00Z")},
            {at("2024-03-05T00:00:00Z"), at("2024-03-06T00:00:00Z")}, // March again: April's warm-up changes too
        };
        List<IngestOutcome> outcomes = new java.util.ArrayList<>();
        List<Path> writtenPerIngest = new java.util.ArrayList<>();
        for (int i = 0; i < ingests.length; i++) {
            SmallStore.merge(each, 20 + i, ingests[i][0], ingests[i][1], List.of());
            SmallStore.merge(once, 20 + i, ingests[i][0], ingests[i][1], List.of());
            IngestOutcome o = outcome(IngestOutcome.Status.INGESTED, YearMonth.from(
                    ingests[i][0].atZone(java.time.ZoneOffset.UTC)).toString(), 1440, 0);
            outcomes.add(o);
            writtenPerIngest.addAll(perIngest.refreshAfterIngest(o));
        }
        outcomes.add(outcome(IngestOutcome.Status.ALREADY_INGESTED, "2024-05", 5, 0)); // no new rows: nothing

        List<Path> written = atOnce.refreshAfterIngest(outcomes, 2);

        List<String> names = written.stream().map(p -> root.resolve("once-features").relativize(p).toString()).toList();
        assertThat(names).containsExactly("1h-cmf/2024-02.parquet", "1h-cmf/2024-03.parquet", "1h-cmf/2024-04.parquet",
                "1h-ema-cmf/2024-02.parquet", "1h-ema-cmf/2024-03.parquet", "1h-ema-cmf/2024-04.parquet");
        assertThat(writtenPerIngest).hasSizeGreaterThan(written.size()); // March and April were written twice there
        for (String name : names) {
            assertThat(root.resolve("once-features").resolve(name))
                    .hasSameBinaryContentAs(root.resolve("each-features").resolve(name));
        }
        try (Stream<Path> files = Files.walk(root.resolve("each-features"))) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(names.size());
        }
        assertStandingIsTheMonthsFrame(once, root.resolve("once-features/1h-cmf/2024-04.parquet"), APR);
        assertThat(leftovers(root.resolve("once-features"))).isEmpty();
        // computed from the months stored now: a second call writes nothing
        assertThat(atOnce.refreshAfterIngest(outcomes, 2)).isEmpty();
        assertThat(atOnce.refreshAfterIngest(List.of(), 2)).isEmpty();
    }

    @Test
    void a_commands_refresh_on_one_thread_or_several_writes_the_same_files_in_month_order_and_throws_a_failure()
            throws Exception {
        // two months, each ingest adding as many rows as it replaced: a change all the same
        List<Path> byThreads = new java.util.ArrayList<>();
        for (int threads : new int[] {1, 3}) {
            KlineStore s = SmallStore.open(root.resolve("t" + threads), "BTCUSDT");
            SmallStore.merge(s, 31, at("2024-03-01T00:00:00Z"), at("2024-03-02T00:00:00Z"), List.of());
            SmallStore.merge(s, 32, at("2024-04-01T00:00:00Z"), at("2024-04-02T00:00:00Z"), List.of());
            FeatureService service = new FeatureService(s, root.resolve("t" + threads + "-features"),
                    List.of(STANDING, HOURLY));
            List<Path> written = service.refreshAfterIngest(List.of(outcome(IngestOutcome.Status.INGESTED, "2024-03", 3, 3),
                    outcome(IngestOutcome.Status.INGESTED, "2024-04", 1, 1)), threads);
            assertThat(written.stream().map(p -> root.resolve("t" + threads + "-features").relativize(p).toString()))
                    .containsExactly("1h-cmf/2024-03.parquet", "1h-cmf/2024-04.parquet",
                            "1h-ema-cmf/2024-03.parquet", "1h-ema-cmf/2024-04.parquet");
            byThreads.addAll(written);
        }
        for (int i = 0; i < 4; i++) {
            assertThat(byThreads.get(i + 4)).hasSameBinaryContentAs(byThreads.get(i));
        }

        // a folder that cannot be made (a file stands where it belongs): the failure reaches the caller, on any thread
        for (int threads : new int[] {1, 3}) {
            KlineStore s = SmallStore.open(root.resolve("f" + threads), "BTCUSDT");
            SmallStore.merge(s, 33, at("2024-03-01T00:00:00Z"), at("2024-03-02T00:00:00Z"), List.of());
            SmallStore.merge(s, 34, at("2024-04-01T00:00:00Z"), at("2024-04-02T00:00:00Z"), List.of());
            Path features = root.resolve("f" + threads + "-features");
            Files.createDirectories(features);
            Files.writeString(features.resolve("1h-ema-cmf"), "not a folder");
            FeatureService service = new FeatureService(s, features, List.of(STANDING, HOURLY));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.refreshAfterIngest(
                    List.of(outcome(IngestOutcome.Status.INGESTED, "2024-03", 5, 0),
                            outcome(IngestOutcome.Status.INGESTED, "2024-04", 5, 0)), threads))
                    .as("threads %d", threads).isInstanceOf(IOException.class);
            assertThat(leftovers(features)).isEmpty();
        }
    }

    @Test
    void an_ingest_that_added_as_many_rows_as_it_replaced_or_of_a_file_without_an_archive_name_refreshes_the_default_store()
            throws Exception {
        KlineStore store = store();
        SmallStore.merge(store, 12, at("2024-03-01T00:00:00Z"), at("2024-03-02T00:00:00Z"), List.of());
        FeatureService service = service(store, List.of(STANDING));
        Path mar = service.standingFile(STANDING, MAR);
        // two added and two replaced rows: a change (the refresh counts the rows the ingest touched, not their balance)
        assertThat(service.refreshAfterIngest(outcome(IngestOutcome.Status.INGESTED, "2024-03", 2, 2)))
                .containsExactly(mar);
        assertStandingIsTheMonthsFrame(store, mar, MAR);

        // an upload whose name is no archive name went to the default store: its files are refreshed
        SmallStore.merge(store, 13, at("2024-03-02T00:00:00Z"), at("2024-03-03T00:00:00Z"), List.of());
        assertThat(service.refreshAfterIngest(new IngestOutcome(IngestOutcome.Status.INGESTED, "upload.csv", "sha",
                "2024-03", "ms", 1440, 1440, 0, 0, 1440, null))).containsExactly(mar);
        assertStandingIsTheMonthsFrame(store, mar, MAR);
    }

    @Test
    void an_ingest_of_another_symbol_refreshes_that_symbols_files_or_nothing_when_the_service_keeps_one_symbol()
            throws Exception {
        KlineStores stores = new KlineStores(root.resolve("data"), Symbols.of("BTCUSDT", "ETHUSDT"),
                Clock.systemUTC(), CrashPoints.NONE);
        KlineStore eth = stores.store("ETHUSDT");
        SmallStore.merge(eth, 9, at("2024-03-01T00:00:00Z"), at("2024-03-02T00:00:00Z"), List.of());
        IngestOutcome ethMarch = new IngestOutcome(IngestOutcome.Status.INGESTED, "ETHUSDT-1m-2024-03.zip", "sha",
                "2024-03", "ms", 1440, 1440, 0, 0, 1440, null);

        FeatureService single = service(stores.defaultStore(), List.of(STANDING));
        assertThat(single.refreshAfterIngest(ethMarch)).isEmpty();
        assertThatThrownBy(() -> single.standingFile("ETHUSDT", STANDING, MAR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("this service keeps BTCUSDT only, not ETHUSDT");

        FeatureService all = new FeatureService(stores, root.resolve("features"), List.of(STANDING),
                CrashPoints.NONE);
        Path ethMar = eth.klinesDir().getParent().resolve("features/1h-cmf/2024-03.parquet");
        assertThat(all.standingFile("ETHUSDT", STANDING, MAR)).isEqualTo(ethMar);
        assertThat(all.refreshAfterIngest(ethMarch)).containsExactly(ethMar);
        assertStandingIsTheMonthsFrame(eth, ethMar, MAR);
        // a name that is no archive name: the default store's, which holds nothing
        assertThat(all.refreshAfterIngest(new IngestOutcome(IngestOutcome.Status.INGESTED, "upload.csv", "sha",
                "2024-03", "ms", 1, 1, 0, 0, 1, null))).isEmpty();
    }

    @Test
    void recovery_computes_missing_and_stale_files_deletes_dead_temp_files_and_names_what_it_could_not_do()
            throws Exception {
        KlineStores stores = new KlineStores(root.resolve("data"), Symbols.of("BTCUSDT", "ETHUSDT"),
                Clock.systemUTC(), CrashPoints.NONE);
        KlineStore btc = stores.defaultStore();
        KlineStore eth = stores.store("ETHUSDT");
        SmallStore.merge(btc, 10, at("2024-02-28T00:00:00Z"), at("2024-03-02T00:00:00Z"), List.of());
        SmallStore.merge(btc, 11, at("2024-04-01T00:00:00Z"), at("2024-04-02T00:00:00Z"), List.of());
        SmallStore.merge(eth, 12, at("2024-03-01T00:00:00Z"), at("2024-03-02T00:00:00Z"), List.of());
        Path features = root.resolve("features");
        FeatureService service = new FeatureService(stores, features, List.of(STANDING), CrashPoints.NONE);

        assertThat(service.recover()).containsExactly("computed missing 1h-cmf/2024-02.parquet",
                "computed missing 1h-cmf/2024-03.parquet", "computed missing 1h-cmf/2024-04.parquet",
                "ETHUSDT: computed missing 1h-cmf/2024-03.parquet");
        assertThat(service.recover()).isEmpty();
        assertStandingIsTheMonthsFrame(btc, features.resolve("1h-cmf/2024-03.parquet"), MAR);

        // March changes while refresh is off; a writer that is gone left a temp file; April's file is damaged
        SmallStore.merge(btc, 13, at("2024-03-02T00:00:00Z"), at("2024-03-02T06:00:00Z"), List.of());
        Path dead = features.resolve("1h-cmf/2024-03.parquet" + AtomicFiles.TMP_MARKER + "999999999-1");
        Files.writeString(dead, "partial");
        Path keep = features.resolve("1h-cmf/notes.txt");
        Files.writeString(keep, "not a temp file");
        Files.writeString(btc.monthFile(APR), "not a parquet file");

        List<String> actions = service.recover();
        assertThat(actions).hasSize(3);
        assertThat(actions.get(0)).isEqualTo("deleted temp file 1h-cmf/" + dead.getFileName());
        assertThat(actions.get(1)).isEqualTo("recomputed stale 1h-cmf/2024-03.parquet");
        assertThat(actions.get(2)).startsWith("could not compute 1h-cmf/2024-04.parquet (").contains("2024-04.parquet");
        assertThat(dead).doesNotExist();
        assertThat(keep).exists();
        assertStandingIsTheMonthsFrame(btc, features.resolve("1h-cmf/2024-03.parquet"), MAR);
    }

    private static IngestOutcome outcome(IngestOutcome.Status status, String month, long added, long replaced) {
        return new IngestOutcome(status, "BTCUSDT-1m-" + month + ".zip", "sha", month, "ms", added + replaced, added,
                0, replaced, added + replaced, null);
    }

    /** The standing file holds the rows of its month, computed over the store as it is now. */
    private void assertStandingIsTheMonthsFrame(KlineStore store, Path file, YearMonth m) throws IOException {
        Instant start = m.atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        Instant end = m.plusMonths(1).atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        FeatureFrame frame = new FeatureEngine(new ParquetDataSource(store, STANDING.gapPolicy(), false))
                .compute(STANDING, start, end);
        Path reference = root.resolve("reference-" + m + ".parquet");
        FeatureParquet.write(reference, frame, Map.of(FeatureService.SOURCES_KEY,
                FeatureService.sources(STANDING, m, store.offsets())));
        assertThat(Files.readAllBytes(file)).as("%s", file).isEqualTo(Files.readAllBytes(reference));
    }

    /** Temp files left anywhere under {@code dir}. */
    private static List<Path> leftovers(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().contains(AtomicFiles.TMP_MARKER)).toList();
        }
    }
}
