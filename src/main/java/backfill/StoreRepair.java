package backfill;

import backfill.RepairReport.From;
import backfill.RepairReport.MonthRepair;
import backfill.RepairReport.Outcome;
import backfill.RepairReport.Source;
import ingest.ChecksumFile;
import ingest.IngestOutcome;
import ingest.SourceName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;
import storage.Hashes;
import storage.KlineStore;
import storage.Offsets;

/**
 * {@code verify --repair}: rebuilds every month whose file is missing or does not match offsets.json from the input
 * files offsets.json records for it. Each source comes from a kept raw CSV copy (checked against the recorded CSV
 * SHA-256) or, for an archive, from Binance Vision (CHECKSUM verified, through the backfill HTTP route); all are
 * gathered before the month is touched, then ingested through the ingest route in their recorded order (the first
 * rebuilds the month). A month with no source at hand is left as it is.
 */
public final class StoreRepair {
    private final KlineStore store;
    private final BackfillSettings settings;
    private final BackfillPorts ports;

    /** Every symbol's store, or null: this one repairs {@link #store} only. */
    private final storage.KlineStores stores;

    public StoreRepair(KlineStore store, BackfillSettings settings, BackfillPorts ports) {
        this(store, null, settings, ports);
    }

    /** Repairs the store of the request's symbol (null: the default one). */
    public StoreRepair(storage.KlineStores stores, BackfillSettings settings, BackfillPorts ports) {
        this(stores.defaultStore(), stores, settings, ports);
    }

    private StoreRepair(KlineStore store, storage.KlineStores stores, BackfillSettings settings, BackfillPorts ports) {
        this.store = store;
        this.stores = stores;
        this.settings = settings;
        this.ports = ports;
    }

    public RepairReport repair(RepairRequest request) throws IOException {
        if (request.symbol() != null && !request.symbol().equals(store.symbol())) {
            if (stores == null) {
                throw new IllegalArgumentException("this store holds " + store.symbol() + ", not " + request.symbol());
            }
            return new StoreRepair(stores.store(request.symbol()), null, settings, ports).repair(
                    new RepairRequest(request.from(), request.to(), request.baseUrl(), null));
        }
        List<MonthRepair> months = new ArrayList<>();
        SortedMap<YearMonth, String> damaged = store.damagedMonths();
        damaged.keySet().removeIf(m -> !request.covers(m));
        if (damaged.isEmpty()) {
            return new RepairReport(months);
        }
        store.checkWritable();
        RunFolders folders = new RunFolders(settings.downloadDir());
        folders.removeDead();
        Path work = folders.create();
        try {
            String baseUrl = request.baseUrl() != null ? request.baseUrl() : settings.baseUrl();
            for (Map.Entry<YearMonth, String> e : damaged.entrySet()) {
                months.add(repairMonth(e.getKey(), e.getValue(), work, baseUrl));
            }
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return new RepairReport(months);
    }

    private record AtHand(Offsets.FileEntry entry, Path file, boolean rawCopy) {
    }

    private MonthRepair repairMonth(YearMonth month, String damage, Path work, String baseUrl) throws IOException {
        Offsets.MonthEntry recorded = store.offsets().months().get(month.toString());
        List<Source> sources = new ArrayList<>();
        List<AtHand> atHand = new ArrayList<>();
        for (Offsets.FileEntry f : recorded.files()) {
            Path raw = rawCopy(f);
            if (raw != null) {
                atHand.add(new AtHand(f, raw, true));
            } else if ("archive".equals(f.source())) {
                Source failed = download(f, work, baseUrl, atHand);
                if (failed != null) {
                    sources.add(failed);
                }
            } else {
                sources.add(new Source(f.name(), From.NOT_AT_HAND, f.source() + " input without a kept raw CSV copy: "
                        + ("rest".equals(f.source()) ? "backfill --rest-gap-fill fetches its minutes again"
                        : "ingest it again")));
            }
        }
        for (int i = 0; i < atHand.size(); i++) {
            AtHand a = atHand.get(i);
            boolean replace = i > 0 && a.entry().replaced() > 0; // as it was first merged (the first rebuilds the month)
            IngestOutcome o = a.rawCopy() ? ports.restore(a.file(), a.entry(), replace)
                    : ports.ingest(a.file(), replace, "archive");
            sources.add(i, o.ok() ? new Source(a.entry().name(), a.rawCopy() ? From.RAW_CSV_COPY : From.BINANCE_VISION,
                    o.added() + " rows") : new Source(a.entry().name(), From.FAILED, o.summary()));
        }
        boolean rebuilt = sources.stream().anyMatch(s -> s.from() == From.RAW_CSV_COPY || s.from() == From.BINANCE_VISION);
        boolean complete = sources.stream().allMatch(s -> s.from() == From.RAW_CSV_COPY || s.from() == From.BINANCE_VISION)
                && store.damage(month).isEmpty();
        return new MonthRepair(month.toString(), damage, complete ? Outcome.REPAIRED : rebuilt ? Outcome.PARTIAL
                : Outcome.NOT_REPAIRED, sources);
    }

    /** The kept raw CSV copy of a recorded input, when there is one with the recorded CSV's SHA-256. */
    private Path rawCopy(Offsets.FileEntry f) throws IOException {
        String expected = f.csvSha256() != null ? f.csvSha256() : f.name().endsWith(".csv") ? f.sha256() : null;
        Path raw = store.rawCsvDir().resolve(SourceName.parse(f.name()).baseName() + ".csv");
        return expected != null && Files.isRegularFile(raw) && Hashes.sha256(raw).equals(expected) ? raw : null;
    }

    /** Downloads a recorded archive from Binance Vision, verified against its CHECKSUM; returns a failure, or null. */
    private Source download(Offsets.FileEntry f, Path work, String baseUrl, List<AtHand> atHand) throws IOException {
        SourceName name = SourceName.parse(f.name());
        VisionFile file = name.daily() ? VisionFile.day(store.symbol(), name.day()) : VisionFile.month(store.symbol(),
                name.month());
        try {
            String expected = BackfillService.checksumOf(ports.fetchText(file.checksumUrl(baseUrl)).orElse(null));
            if (expected == null) {
                return new Source(f.name(), From.NOT_AT_HAND, "Binance Vision has no readable CHECKSUM for it at "
                        + file.checksumUrl(baseUrl));
            }
            Path zip = work.resolve(file.fileName());
            String actual = null;
            for (int attempt = 1; attempt <= 2 && !expected.equals(actual); attempt++) {
                if (ports.download(file.zipUrl(baseUrl), zip) < 0) {
                    return new Source(f.name(), From.NOT_AT_HAND, "Binance Vision answered 404 for " + file.zipUrl(baseUrl));
                }
                actual = Hashes.sha256(zip);
            }
            if (!expected.equals(actual)) {
                return new Source(f.name(), From.FAILED, "CHECKSUM_MISMATCH: downloaded twice, SHA-256 " + actual
                        + " but Binance's CHECKSUM says " + expected);
            }
            Files.writeString(ChecksumFile.siblingOf(zip), expected + "  " + file.fileName() + "\n",
                    StandardCharsets.US_ASCII);
            atHand.add(new AtHand(f, zip, false));
            return null;
        } catch (BackfillPorts.FetchFailedException | BackfillPorts.HostUnreachableException e) {
            return new Source(f.name(), From.FAILED, e.getMessage());
        }
    }
}
