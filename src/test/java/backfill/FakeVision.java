package backfill;

import gen.BinanceArchive;
import gen.KlineGenerator;
import ingest.IngestOutcome;
import ingest.IngestService;
import ingest.IngestSession;
import ingest.IngestSettings;
import ingest.LineBatch;
import ingest.ZipLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import storage.Hashes;
import storage.KlineStore;
import storage.Offsets;

/**
 * Binance Vision without HTTP, for the backfill beans: real ZIP archives (generated klines, zipped as Binance does) and
 * their CHECKSUM files by exact URL, 404 for anything not published; every ingest goes through the real
 * {@link IngestService} (open, batches, parse, commit; {@code fail} on any error), as the ingest route drives it.
 * Records what was asked, so a test can say what a run did not request.
 */
final class FakeVision implements BackfillPorts {
    static final String BASE = "http://vision.test";

    final List<String> texts = new ArrayList<>();
    final List<String> heads = new ArrayList<>();
    final List<String> downloads = new ArrayList<>();
    /** "file replace=... source=..." per ingest, "restore file replace=..." per restore */
    final List<String> ingests = new ArrayList<>();

    private final Map<String, Deque<byte[]>> zips = new HashMap<>();
    private final Map<String, String> checksums = new HashMap<>();
    private final Map<String, RuntimeException> failures = new HashMap<>();
    private final Map<String, Consumer<String>> before = new HashMap<>();
    private final Path work;
    private final IngestService ingest;
    /** Answers REST kline requests ({@code /api/v3/klines}) when set; otherwise they answer 404 like any other. */
    java.util.function.Function<String, String> rest;
    private long seed = 7;
    private int n;

    FakeVision(Path work, KlineStore store, Clock clock, Path rawCsvDir) {
        this.work = work;
        this.ingest = new IngestService(store, new IngestSettings(store.symbol(), new ZipLimits(1 << 24, 200), 500, 1024,
                rawCsvDir), clock);
    }

    /** A real archive of {@code file} holding {@code minutes} generated minutes from the start of its period. */
    byte[] archive(VisionFile file, int minutes) {
        Instant from = (file.daily() ? file.day() : file.month().atDay(1)).atStartOfDay(ZoneOffset.UTC).toInstant();
        try {
            Path csv = work.resolve("csv-" + n++).resolve(file.fileName().replace(".zip", ".csv"));
            new KlineGenerator(seed++).write(from, from.plus(Duration.ofMinutes(minutes)), csv, List.of());
            return Files.readAllBytes(BinanceArchive.zip(csv, work.resolve("zip-" + n++)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Publishes the archive and its CHECKSUM; returns the ZIP bytes. */
    byte[] publish(VisionFile file, int minutes) {
        byte[] zip = archive(file, minutes);
        serve(file, zip);
        checksum(file, Hashes.sha256(zip) + "  " + file.fileName() + "\n");
        return zip;
    }

    byte[] publishDay(LocalDate day, int minutes) {
        return publish(VisionFile.day("BTCUSDT", day), minutes);
    }

    /** Answers the ZIP's downloads with these bodies in turn (the last one from then on). */
    void serve(VisionFile file, byte[]... bodies) {
        zips.put(file.zipUrl(BASE), new ArrayDeque<>(List.of(bodies)));
    }

    void unpublishZip(VisionFile file) {
        zips.remove(file.zipUrl(BASE));
    }

    void checksum(VisionFile file, String text) {
        if (text == null) {
            checksums.remove(file.checksumUrl(BASE));
        } else {
            checksums.put(file.checksumUrl(BASE), text);
        }
    }

    /** Every call for {@code url} throws {@code e}. */
    void fail(String url, RuntimeException e) {
        failures.put(url, e);
    }

    /** Runs {@code action} before answering {@code url} (e.g. the process starts stopping). */
    void before(String url, Consumer<String> action) {
        before.put(url, action);
    }

    private void call(String url) {
        Consumer<String> b = before.get(url);
        if (b != null) {
            b.accept(url);
        }
        RuntimeException e = failures.get(url);
        if (e != null) {
            throw e;
        }
    }

    @Override
    public Optional<String> fetchText(String url) {
        texts.add(url);
        call(url);
        if (rest != null && url.contains("/api/v3/klines")) {
            return Optional.of(rest.apply(url));
        }
        return Optional.ofNullable(checksums.get(url));
    }

    @Override
    public boolean exists(String url) {
        heads.add(url);
        call(url);
        return zips.containsKey(url);
    }

    @Override
    public long download(String url, Path file) {
        downloads.add(url);
        call(url);
        Deque<byte[]> bodies = zips.get(url);
        if (bodies == null) {
            return -1;
        }
        byte[] body = bodies.size() > 1 ? bodies.poll() : bodies.peek();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return body.length;
    }

    @Override
    public IngestOutcome ingest(Path file, boolean replace, String source) {
        ingests.add(file.getFileName() + " replace=" + replace + " source=" + source);
        return run(file, replace, source, null);
    }

    @Override
    public IngestOutcome restore(Path rawCopy, Offsets.FileEntry original, boolean replace) {
        ingests.add("restore " + original.name() + " replace=" + replace);
        return run(rawCopy, replace, null, original);
    }

    private IngestOutcome run(Path file, boolean replace, String source, Offsets.FileEntry recordAs) {
        IngestSession s = null;
        try {
            s = ingest.open(file.toString(), replace, source, recordAs);
            for (Iterator<LineBatch> it = ingest.batches(s); it.hasNext(); ) {
                ingest.parse(s, it.next());
            }
            return ingest.commit(s);
        } catch (Exception e) {
            return ingest.fail(s, file.toString(), e);
        }
    }
}
